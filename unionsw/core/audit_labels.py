"""Chinese names of audit actions (issue 12: the audit log shows 中文 with the code beside it).

`label(code, detail)` answers, in order: an exact name (this module's EXACT plus every app's
`AUDIT_LABELS = {code: 名称}` in `<app>/permissions.py`), the label the event carries itself (recruitment
events store theirs in detail["label"]), or a name composed from the code's object and verb
("worker.update" → 修改社工). Unknown codes are shown as they are.
"""

from __future__ import annotations

import importlib
from functools import cache

from django.conf import settings

EXACT = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.alarm": "安全告警",
    "auth.token": "签发接口令牌",
    "auth.token_revoke": "吊销接口令牌",
    "auth.totp_enrol": "绑定动态口令",
    "auth.totp_verify": "验证动态口令",
    "audit.export": "导出审计日志",
    "job.download": "下载任务结果文件",
    "system.backup": "系统备份",
    "system.restore": "系统恢复",
    "setup.admin_create": "首次安装：创建管理员",
    "user.force_logout": "强制下线",
    "user.logout_everywhere": "退出所有设备",
    "user.password_change": "修改密码",
    "user.roles": "调整账号角色",
    "user.unlock": "解锁账号",
    "worker.reveal": "查看完整身份证号/手机号",
    "worker.file": "社工备案",
    "worker.import": "导入社工",
    "worker.export": "导出社工",
    "document.download": "下载档案材料",
    "document.upload": "上传档案材料",
    "org.move": "调整组织隶属",
    "org.profile": "设置组织政策配置",
    "org.import": "导入组织",
    "policy.override": "调整政策（下级覆盖）",
    "post.fill": "岗位上岗",
    "postkind.toggle": "启用/停用岗位类别",
    "contract.lapse": "合同到期终止",
    "contract.dissolve": "解除合同",
    "contract.dispute_close": "劳动争议结案",
    "contract.transfer_done": "档案和社保转移办结",
    "contract.certificate": "出具解除/终止劳动合同证明书",
    "promotion.propose": "提名晋升",
    "promotion.approve": "批准晋升",
    "promotion.refuse": "不批准晋升",
    "promotion.effective": "晋升到期生效",
    "promotion.lapse": "晋升到期未生效",
    "assessment.lots_commit": "公布抽签种子哈希",
    "assessment.form_pdf": "打印年度考核登记表",
    "assessment.lots_draw": "抽签",
    "assessment.lots_recompute": "复核抽签结果",
    "assessment.county_confirm": "县级确认考核等次",
    "assessment.publish": "公布考核结果",
    "assessment.propose": "拟定考核等次",
    "assessment.self_report": "提交述职",
    "assessment.admonition": "诫勉谈话记录",
    "assessment.judge_recuse": "评委回避",
    "assessment.video_open": "查看述职视频",
    "assessment.evidence_open": "查看佐证材料",
    "certification.confirm_daily": "核实日常表现评定",
    "certification.grant_at_hire": "入职考试录用即取得资格",
    "recruitment.exam_body_create": "新增社会考试机构",
    "recruitment.exam_body_update": "修改社会考试机构",
    "recruitment.applicant_login": "报名人员登录",
    "recruitment.applicant_register": "报名人员注册",
    "recruitment.applicant_register_existing": "重复注册（已有账号）",
    "recruitment.tickets": "生成准考证",
    "recruitment.upload_download": "下载报名材料",
    "recruitment.upload": "上传报名材料",
}

OBJECTS = {
    "auth": "登录",
    "user": "账号",
    "role": "角色",
    "org": "组织",
    "policy": "政策配置",
    "worker": "社工",
    "certificate": "证书",
    "document": "档案材料",
    "post": "岗位",
    "postkind": "岗位类别",
    "contract": "合同",
    "insurance": "商业意外险",
    "provider": "服务机构",
    "tender": "招标",
    "promotion": "晋升",
    "recommendation": "择优推荐",
    "assessment": "年度考核",
    "certification": "资格认证",
    "recruitment": "招聘",
    "job": "后台任务",
}

VERBS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "enable": "启用/停用",
    "import": "导入",
    "export": "导出",
    "upload": "上传",
    "download": "下载",
    "draft": "拟定",
    "sign": "签订",
    "change": "变更",
    "renew": "续订",
    "terminate": "终止",
    "document": "生成文书",
    "dispute": "登记争议",
    "approve": "批准",
    "refuse": "不批准",
    "propose": "提名",
    "round_create": "新建",
    "judge_add": "指定评委",
    "judge_remove": "撤销评委",
    "judge_score": "评委评分",
    "judge_assign": "指定评委",
    "evidence_add": "添加佐证",
    "register": "报名",
    "apply": "网上报名",
    "correct": "修改报名信息",
    "withdraw": "撤回报名",
    "review": "审验",
    "score": "评分",
    "close": "结束",
    "transfer": "调岗",
    "rotation": "轮岗",
    "vacate": "空出",
    "end": "终止",
}


@cache
def _all_exact() -> dict[str, str]:
    labels = dict(EXACT)
    for app in settings.INSTALLED_APPS:
        if not app.startswith("unionsw."):
            continue
        try:
            module = importlib.import_module(f"{app}.permissions")
        except ModuleNotFoundError:
            continue
        labels.update(getattr(module, "AUDIT_LABELS", {}))
    return labels


def label(code: str, detail: dict | None = None) -> str:
    exact = _all_exact().get(code)
    if exact:
        return exact
    if isinstance(detail, dict) and isinstance(detail.get("label"), str) and detail["label"]:
        return detail["label"][:40]
    obj, _, verb = code.partition(".")
    if code.startswith("worker.exit."):
        return "社工离职（" + code.rsplit(".", 1)[1] + "）"
    if obj in OBJECTS and verb.startswith("score_"):
        return f"{OBJECTS[obj]}评分"
    if obj in OBJECTS and verb in VERBS:
        return f"{VERBS[verb]}{OBJECTS[obj]}"
    return code


def known_actions() -> list[tuple[str, str]]:
    """(code, 名称) of the exact names, for the filter's drop-down."""
    return sorted(_all_exact().items(), key=lambda kv: kv[0])
