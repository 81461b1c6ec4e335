from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("考核与晋升", "晋升资格", "careers:eligibility", "promotion.view"),
    MenuItem("考核与晋升", "晋升审批", "careers:promotions", "promotion.view"),
    MenuItem("考核与晋升", "择优推荐", "careers:recommendations", "recommendation.manage"),
]
