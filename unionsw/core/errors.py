from django.core.exceptions import ValidationError


class OutOfScope(ValidationError):
    """The target lies outside the acting user's data scope. Views turn it into a 404."""

    def __init__(self, message: str = "对象不存在或不在您的管理范围内"):
        super().__init__(message, code="out_of_scope")


STALE = "该记录已被其他人修改，请刷新页面后重新编辑（您的修改未保存）"


class StaleVersion(ValidationError):
    """A lost race: the record changed (or was taken) since the user loaded it. Pages and the API answer 409
    with the Chinese message (core.security.InvalidInputMiddleware, config/api.py)."""

    def __init__(self, message: str = STALE):
        super().__init__(message, code="stale")


class NotAllowed(ValidationError):
    def __init__(self, message: str = "您没有此操作的权限"):
        super().__init__(message, code="not_allowed")
