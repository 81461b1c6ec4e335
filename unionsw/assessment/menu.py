from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("考核与晋升", "年度考核", "assessment:rounds", "assessment.view"),
    MenuItem("考核与晋升", "我的述职与考核", "assessment:me", "assessment.self"),
    MenuItem("考核与晋升", "评委评分", "assessment:judging", "assessment.score"),
    MenuItem("考核与晋升", "资格认证（北京）", "assessment:cert_rounds", "certification.manage", policy_key="qualification_certification"),
]
MENU.insert(1, MenuItem("考核与晋升", "考核结果", "assessment:results", "assessment.view"))
