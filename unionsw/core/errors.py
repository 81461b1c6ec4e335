from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

# the default messages are translated when the exception is raised (issue 12): in the language of the request
NOT_IN_SCOPE = gettext_noop("对象不存在或不在您的管理范围内")
STALE = gettext_noop("该记录已被其他人修改，请刷新页面后重新编辑（您的修改未保存）")
NO_PERMISSION = gettext_noop("您没有此操作的权限")


class OutOfScope(ValidationError):
    """The target lies outside the acting user's data scope. Views turn it into a 404."""

    def __init__(self, message: str | None = None):
        super().__init__(message or gettext(NOT_IN_SCOPE), code="out_of_scope")


class StaleVersion(ValidationError):
    """A lost race: the record changed (or was taken) since the user loaded it. Pages and the API answer 409
    with the message (core.security.InvalidInputMiddleware, config/api.py)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or gettext(STALE), code="stale")


class NotAllowed(ValidationError):
    def __init__(self, message: str | None = None):
        super().__init__(message or gettext(NO_PERMISSION), code="not_allowed")
        self.is_default = message is None  # a bare "no permission" (views answer 403) rather than a reason
