"""Chinese names of audit actions (issue 12: the audit log shows 中文 with the code beside it).

`label(code, detail)` answers, in order: an exact name (this module's EXACT plus every app's
`AUDIT_LABELS = {code: 名称}` in `<app>/permissions.py`), the label the event carries itself (recruitment
events store theirs in detail["label"]), or a name composed from the code's object and verb
("worker.update" → 修改社工). Unknown codes are shown as they are.

The names are choice_labels (issue 12): `label()` is the Chinese, for the CSV/Excel export and the filter;
`display_label()` is the same name in the page's language, for the audit log page.
"""

from __future__ import annotations

import importlib
from functools import cache

from django.conf import settings
from django.utils.translation import gettext

from .i18n import choice_label

EXACT = {
    "auth.login": choice_label("登录"),
    "auth.logout": choice_label("退出登录"),
    "auth.alarm": choice_label("安全告警"),
    "auth.token": choice_label("签发接口令牌"),
    "auth.token_revoke": choice_label("吊销接口令牌"),
    "auth.totp_enrol": choice_label("绑定动态口令"),
    "auth.totp_verify": choice_label("验证动态口令"),
    "audit.export": choice_label("导出审计日志"),
    "job.download": choice_label("下载任务结果文件"),
    "system.backup": choice_label("系统备份"),
    "system.restore": choice_label("系统恢复"),
    "setup.admin_create": choice_label("首次安装：创建管理员"),
    "user.force_logout": choice_label("强制下线"),
    "user.logout_everywhere": choice_label("退出所有设备"),
    "user.password_change": choice_label("修改密码"),
    "user.roles": choice_label("调整账号角色"),
    "user.unlock": choice_label("解锁账号"),
    "worker.reveal": choice_label("查看完整身份证号/手机号"),
    "worker.file": choice_label("社工备案"),
    "worker.import": choice_label("导入社工"),
    "worker.export": choice_label("导出社工"),
    "document.download": choice_label("下载档案材料"),
    "document.upload": choice_label("上传档案材料"),
    "org.move": choice_label("调整组织隶属"),
    "org.profile": choice_label("设置组织政策配置"),
    "org.import": choice_label("导入组织"),
    "policy.override": choice_label("调整政策（下级覆盖）"),
    "post.fill": choice_label("岗位上岗"),
    "postkind.toggle": choice_label("启用/停用岗位类别"),
    "contract.lapse": choice_label("合同到期终止"),
    "contract.dissolve": choice_label("解除合同"),
    "contract.dispute_close": choice_label("劳动争议结案"),
    "contract.transfer_done": choice_label("档案和社保转移办结"),
    "contract.certificate": choice_label("出具解除/终止劳动合同证明书"),
    "promotion.propose": choice_label("提名晋升"),
    "promotion.approve": choice_label("批准晋升"),
    "promotion.refuse": choice_label("不批准晋升"),
    "promotion.effective": choice_label("晋升到期生效"),
    "promotion.lapse": choice_label("晋升到期未生效"),
    "assessment.lots_commit": choice_label("公布抽签种子哈希"),
    "assessment.form_pdf": choice_label("打印年度考核登记表"),
    "assessment.lots_draw": choice_label("抽签"),
    "assessment.lots_recompute": choice_label("复核抽签结果"),
    "assessment.county_confirm": choice_label("县级确认考核等次"),
    "assessment.publish": choice_label("公布考核结果"),
    "assessment.propose": choice_label("拟定考核等次"),
    "assessment.self_report": choice_label("提交述职"),
    "assessment.admonition": choice_label("诫勉谈话记录"),
    "assessment.judge_recuse": choice_label("评委回避"),
    "assessment.video_open": choice_label("查看述职视频"),
    "assessment.evidence_open": choice_label("查看佐证材料"),
    "certification.confirm_daily": choice_label("核实日常表现评定"),
    "certification.grant_at_hire": choice_label("入职考试录用即取得资格"),
    "recruitment.exam_body_create": choice_label("新增社会考试机构"),
    "recruitment.exam_body_update": choice_label("修改社会考试机构"),
    "recruitment.applicant_login": choice_label("报名人员登录"),
    "recruitment.applicant_register": choice_label("报名人员注册"),
    "recruitment.applicant_register_existing": choice_label("重复注册（已有账号）"),
    "recruitment.tickets": choice_label("生成准考证"),
    "recruitment.upload_download": choice_label("下载报名材料"),
    "recruitment.upload": choice_label("上传报名材料"),
}

OBJECTS = {
    "auth": choice_label("登录"),
    "user": choice_label("账号"),
    "role": choice_label("角色"),
    "org": choice_label("组织"),
    "policy": choice_label("政策配置"),
    "worker": choice_label("社工"),
    "certificate": choice_label("证书"),
    "document": choice_label("档案材料"),
    "post": choice_label("岗位"),
    "postkind": choice_label("岗位类别"),
    "contract": choice_label("合同"),
    "insurance": choice_label("商业意外险"),
    "provider": choice_label("服务机构"),
    "tender": choice_label("招标"),
    "promotion": choice_label("晋升"),
    "recommendation": choice_label("择优推荐"),
    "assessment": choice_label("年度考核"),
    "certification": choice_label("资格认证"),
    "recruitment": choice_label("招聘"),
    "job": choice_label("后台任务"),
}

VERBS = {
    "create": choice_label("新增"),
    "update": choice_label("修改"),
    "delete": choice_label("删除"),
    "enable": choice_label("启用/停用"),
    "import": choice_label("导入"),
    "export": choice_label("导出"),
    "upload": choice_label("上传"),
    "download": choice_label("下载"),
    "draft": choice_label("拟定"),
    "sign": choice_label("签订"),
    "change": choice_label("变更"),
    "renew": choice_label("续订"),
    "terminate": choice_label("终止"),
    "document": choice_label("生成文书"),
    "dispute": choice_label("登记争议"),
    "approve": choice_label("批准"),
    "refuse": choice_label("不批准"),
    "propose": choice_label("提名"),
    "round_create": choice_label("新建"),
    "judge_add": choice_label("指定评委"),
    "judge_remove": choice_label("撤销评委"),
    "judge_score": choice_label("评委评分"),
    "judge_assign": choice_label("指定评委"),
    "evidence_add": choice_label("添加佐证"),
    "register": choice_label("报名"),
    "apply": choice_label("网上报名"),
    "correct": choice_label("修改报名信息"),
    "withdraw": choice_label("撤回报名"),
    "review": choice_label("审验"),
    "score": choice_label("评分"),
    "close": choice_label("结束"),
    "transfer": choice_label("调岗"),
    "rotation": choice_label("轮岗"),
    "vacate": choice_label("空出"),
    "end": choice_label("终止"),
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
    """The Chinese name (the export is an official record, and the filter matches the Chinese)."""
    return _compose(code, detail, translate=False)


def display_label(code: str, detail: dict | None = None) -> str:
    """The name in the page's language; a label an event stored itself stays as stored."""
    return _compose(code, detail, translate=True)


def _compose(code: str, detail: dict | None, *, translate: bool) -> str:
    def name(text) -> str:
        chinese = f"{text}"  # the Chinese of a choice_label (or of a plain str from an app's AUDIT_LABELS)
        return gettext(chinese) if translate else chinese

    exact = _all_exact().get(code)
    if exact:
        return name(exact)
    if isinstance(detail, dict) and isinstance(detail.get("label"), str) and detail["label"]:
        return detail["label"][:40]
    obj, _, verb = code.partition(".")
    if code.startswith("worker.exit."):
        reason = code.rsplit(".", 1)[1]
        return gettext("社工离职（%(reason)s）") % {"reason": reason} if translate else f"社工离职（{reason}）"
    if obj in OBJECTS and verb.startswith("score_"):
        if translate:
            return gettext("%(object)s评分") % {"object": name(OBJECTS[obj])}
        return f"{OBJECTS[obj]}评分"
    if obj in OBJECTS and verb in VERBS:
        if translate:
            return gettext("%(verb)s%(object)s") % {"verb": name(VERBS[verb]), "object": name(OBJECTS[obj])}
        return f"{VERBS[verb]}{OBJECTS[obj]}"
    return code


def known_actions() -> list[tuple[str, str]]:
    """(code, 名称) of the exact names, for the filter's drop-down."""
    return sorted(_all_exact().items(), key=lambda kv: kv[0])
