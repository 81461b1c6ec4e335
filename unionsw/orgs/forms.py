"""Forms parse input only; the rules live in rules.py and services.py."""

import json

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionsw.core import parsing

from .models import OrgKind, OrgLevel, PolicyProfile
from .policy import POLICY_KEYS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=OrgKind.choices)
    region_code = forms.CharField(
        label=_("行政区划代码"), max_length=12, required=False, help_text=_("GB/T 2260，6、9或12位数字；没有则留空")
    )
    union_count = forms.IntegerField(label=_("所辖单独工会组织数"), min_value=0, initial=0)
    member_count = forms.IntegerField(label=_("职工人数"), min_value=0, initial=0)
    sort = forms.IntegerField(label=_("排序"), min_value=0, initial=0, help_text=_("数字小的排在前面"))
    version = parsing.VersionField()

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, OrgKind(k).label) for k in OrgKind.values if k in kinds]


class ChildOrgForm(OrgForm):
    """Adding a child: the level and kind are chosen together from what the tree allows there."""

    placement = forms.ChoiceField(label=_("层级与类型"))

    field_order = ["placement", "name", "region_code", "union_count", "member_count", "sort"]

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        del self.fields["version"]
        self.fields["placement"].choices = [(f"{lv}:{k}", f"{OrgLevel(lv).label} · {OrgKind(k).label}") for lv, k in options]

    def clean_placement(self):
        level, kind = self.cleaned_data["placement"].split(":")
        return int(level), kind


def profile_choices() -> list[tuple[str, str]]:
    """One choice per profile code (its newest version): an org points at a code's version row, and the
    version in force on a date is chosen by `effective_policy`."""
    seen: dict[str, PolicyProfile] = {}
    for p in PolicyProfile.objects.order_by("code", "-effective_from"):
        seen.setdefault(p.code, p)
    return [(str(p.pk), f"{p.name}（{p.code}）") for p in seen.values()]


class ProvinceChildOrgForm(ChildOrgForm):
    """Adding a province under the national federation: it needs its policy profile."""

    policy_profile = forms.ChoiceField(label=_("适用政策"), help_text=_("全省（及其下级组织）按这套政策配置执行"))

    field_order = ["placement", "name", "policy_profile", "region_code", "union_count", "member_count", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_profile"].choices = [("", _("请选择"))] + profile_choices()

    def clean_policy_profile(self):
        return PolicyProfile.objects.filter(pk=self.cleaned_data["policy_profile"]).first()


class ProfileForm(forms.Form):
    policy_profile = forms.ChoiceField(label=_("适用政策"), help_text=_("改变后，全省及其下级组织按新的政策配置执行（历史按当时有效版本判断）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy_profile"].choices = [("", _("请选择"))] + profile_choices()

    def clean_policy_profile(self):
        return PolicyProfile.objects.filter(pk=self.cleaned_data["policy_profile"]).first()


class MoveForm(forms.Form):
    new_parent = forms.ChoiceField(label=_("新的上级组织"))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].choices = [("", _("请选择"))] + [(str(p.pk), "　" * max(p.depth - 1, 0) + p.name) for p in parents]


class OverrideForm(forms.Form):
    key = forms.ChoiceField(label=_("规则"))
    value = forms.CharField(
        label=_("取值（JSON）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('数字直接写，如 1；文字加双引号，如 "公开招聘"；列表如 ["甲", "乙"]；是/否写 true / false'),
    )
    effective_from = forms.DateField(label=_("生效日期"), widget=DATE)
    source = forms.CharField(label=_("依据"), max_length=300, help_text=_("文件名称、文号或会议纪要，必填"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # built per form, in the page's language: the rule names are choice_labels (str() translates them)
        self.fields["key"].choices = [
            (k, gettext("%(rule)s（%(key)s）") % {"rule": str(label), "key": k}) for k, (label, _group) in POLICY_KEYS.items()
        ]

    def clean_value(self):
        try:
            return json.loads(self.cleaned_data["value"])
        except ValueError:
            raise forms.ValidationError(gettext('取值不是有效的 JSON：文字要加英文双引号，如 "公开招聘"')) from None
