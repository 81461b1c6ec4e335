from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("工作台", "我的工资条", "pay:my_slips", "pay.self"),
    MenuItem("薪酬待遇", "工资表", "pay:runs", "pay.view"),
    MenuItem("薪酬待遇", "工资标准", "pay:tables", "pay.view"),
    MenuItem("薪酬待遇", "社工薪级", "pay:workers", "pay.manage"),
    MenuItem("薪酬待遇", "成本分担", "pay:cost", "pay.view"),
]
