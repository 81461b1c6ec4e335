from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class DataScope(models.TextChoices):
    ALL = "ALL", choice_label("全部数据")
    ORG_AND_BELOW = "ORG_AND_BELOW", choice_label("本组织及以下")
    ORG_ONLY = "ORG_ONLY", choice_label("仅本组织")
    SELF = "SELF", choice_label("仅本人")


class Role(models.Model):
    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    data_scope = models.CharField(_("数据范围"), max_length=16, choices=DataScope.choices)
    permissions = models.JSONField(_("权限"), default=list)
    requires_otp = models.BooleanField(_("必须启用动态口令"), default=False)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("角色")

    def __str__(self) -> str:
        return self.name

    @property
    def shown_name(self) -> str:
        """The name as a page shows it: a built-in role's name is in the catalogue (accounts/roles.py) and comes
        out in the page's language; a name an administrator typed is not, and stays as typed."""
        return gettext(self.name)

    @property
    def shown_description(self) -> str:
        return gettext(self.description) if self.description else ""


class User(AbstractUser):
    """An account belongs to one org; what it may do and see comes from its roles."""

    org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("所属组织")
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="users", verbose_name=_("角色"))
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    must_change_password = models.BooleanField(_("须修改初始密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    session_epoch = models.PositiveIntegerField(default=0, help_text="raised to end every session of the user")

    class Meta:
        verbose_name = _("账号")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def role_list(self) -> list[Role]:
        return list(self.roles.all())

    @cached_property
    def held_codes(self) -> frozenset[str]:
        """The codes the user's roles list, before the policy gates (accounts.permissions.POLICY_GATES)."""
        return frozenset(code for role in self.role_list for code in role.permissions)

    @cached_property
    def permission_codes(self) -> frozenset[str]:
        from .permissions import effective_codes

        return effective_codes(self.held_codes, self._own_policy_values)

    def gated_off(self, code: str) -> bool:
        """True when a role lists `code` but the policy of the user's org does not let it take effect (the page
        then says who does that work there instead of offering a button)."""
        return code in self.held_codes and code not in self.permission_codes

    def _own_policy_values(self, keys: tuple[str, ...]) -> dict:
        """The values of `keys` in the (cached) effective policy of the user's own org; {} without an org."""
        if not self.org_id:
            return {}
        from unionsw.orgs.policy import cached_policy_values

        return cached_policy_values(self.org, keys)

    def can(self, code: str) -> bool:
        return self.is_active and code in self.permission_codes

    @property
    def requires_otp(self) -> bool:
        return any(r.requires_otp for r in self.role_list)

    @property
    def role_names(self) -> str:
        return gettext("、").join(r.shown_name for r in self.role_list)


class LoginRecord(models.Model):
    """The login log (登录日志): every attempt, successful or not."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    success = models.BooleanField()
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("登录日志")

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M} {'成功' if self.success else '失败'}"


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; it dies with the user's sessions
    (same `session_epoch`) and after `expires_at`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    epoch = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
