"""Forms parse input only; the rules live in services.py."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionsw.core.scope import visible_orgs

from .models import DataScope, Role
from .permissions import all_permissions


def _org_field(user):
    return forms.ModelChoiceField(
        label=_("所属组织"),
        queryset=visible_orgs(user).filter(is_active=True).order_by("path"),
        empty_label=_("请选择"),
        widget=forms.Select(attrs={"data-searchable": ""}),  # a province has dozens of units (static/js/select-search.js)
        error_messages={"required": _("请选择所属组织"), "invalid_choice": _("所属组织不存在或不在您的管理范围内")},
    )


class _PasswordPair(forms.Form):
    password1 = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类；用户首次登录须修改"),
    )
    password2 = forms.CharField(
        label=_("确认初始密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致"))
        return data


class UserCreateForm(_PasswordPair):
    field_order = ["username", "display_name", "org", "password1", "password2"]
    username = forms.CharField(label=_("用户名"), max_length=150)
    display_name = forms.CharField(label=_("姓名"), max_length=50)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = _org_field(user)
        self.order_fields(self.field_order)


class UserEditForm(forms.Form):
    display_name = forms.CharField(label=_("姓名"), max_length=50)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = _org_field(user)
        self.fields["org"].help_text = _("改变所属组织会改变数据范围，该账号须重新登录")


class PasswordResetForm(_PasswordPair):
    pass


class _RoleChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.shown_name  # a built-in role's name in the page's language


class UserRolesForm(forms.Form):
    roles = _RoleChoices(label=_("角色"), queryset=Role.objects.order_by("id"), required=False, widget=forms.CheckboxSelectMultiple)


class RoleForm(forms.Form):
    code = forms.CharField(label=_("代码"), max_length=32, help_text=_("小写字母、数字、下划线，如 county_clerk"))
    name = forms.CharField(label=_("名称"), max_length=50)
    data_scope = forms.ChoiceField(label=_("数据范围"), choices=DataScope.choices)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)
    permissions = forms.MultipleChoiceField(
        label=_("权限"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项权限"), "invalid_choice": _("未知的权限：%(value)s")},
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        # the labels are gettext_noop in the apps' permissions.py: translated here, where the form shows them
        self.fields["permissions"].choices = [
            (c, gettext("%(label)s（%(code)s）") % {"label": gettext(label), "code": c}) for c, label in all_permissions().items()
        ]
        if editing:
            del self.fields["code"]


class LoginLogFilter(forms.Form):
    username = forms.CharField(label=_("用户名"), required=False)
    ip = forms.CharField(label="IP", required=False)
    success = forms.ChoiceField(label=_("结果"), required=False, choices=[("", _("全部")), ("1", _("成功")), ("0", _("失败"))])
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
