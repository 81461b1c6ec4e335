from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.counts import CountedQuerySet
from unionsw.core.i18n import choice_label


class OrgLevel(models.IntegerChoices):
    NATIONAL = 0, choice_label("全国")  # optional: 中华全国总工会 above the provinces (issue 13)
    PROVINCE = 1, choice_label("省级")
    CITY = 2, choice_label("市级")
    COUNTY = 3, choice_label("县级")
    TOWNSHIP = 4, choice_label("乡镇（街道）级")


class OrgKind(models.TextChoices):
    FEDERATION = "federation", choice_label("总工会")
    TOWNSHIP = "township", choice_label("乡镇工会")
    STREET = "street", choice_label("街道工会")
    ZONE = "zone", choice_label("开发区/工业园区工会")
    INDUSTRY = "industry", choice_label("行业工会联合会")
    CITY_DIRECT = "city_direct", choice_label("市总直属单位")


class Org(models.Model):
    """A node of the union tree. `path` is the materialised path of ids ("/1/4/17/") for subtree queries."""

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("上级组织")
    )
    level = models.PositiveSmallIntegerField(_("层级"), choices=OrgLevel.choices)
    kind = models.CharField(_("类型"), max_length=16, choices=OrgKind.choices, default=OrgKind.FEDERATION)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True, help_text=_("GB/T 2260，没有则留空"))
    union_count = models.PositiveIntegerField(_("所辖单独工会组织数"), default=0)
    member_count = models.PositiveIntegerField(_("职工人数"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    policy_profile = models.ForeignKey(
        "orgs.PolicyProfile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("适用政策"),
        help_text=_("通常只在省级设置；下级组织继承"),
    )
    is_demo = models.BooleanField(_("示例数据"), default=False)
    version = models.PositiveIntegerField(default=1)
    objects = CountedQuerySet.as_manager()  # tree changes invalidate cached list counts (core/counts.py)

    class Meta:
        ordering = ["path"]
        verbose_name = _("工会组织")
        indexes = [models.Index(fields=["parent", "sort"])]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class PolicyProfile(models.Model):
    """A province's policy as data. A new version with a later effective date supersedes an older one
    of the same `code`; history is judged by the version in force at the time."""

    code = models.CharField(_("代码"), max_length=32)
    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("生效日期"))
    values = models.JSONField(_("规则"), default=dict)
    sources = models.JSONField(_("依据"), default=dict, help_text=_("每条规则引用的政策原文"))
    note = models.TextField(_("说明"), blank=True)
    # issue 12: False when the document states no date and effective_from is only the day the rules apply from
    date_stated = models.BooleanField(_("生效日期载于文件"), default=True)

    class Meta:
        ordering = ["code", "-effective_from"]
        unique_together = [("code", "effective_from")]
        verbose_name = _("政策配置")

    def __str__(self) -> str:
        return f"{self.name}（{self.since_label}）"

    @property
    def since_label(self) -> str:
        # part of a policy value's source (policy.resolve), which the staffing Excel export quotes: Chinese
        if self.date_stated:
            return f"{self.effective_from:%Y-%m-%d} 起"
        return f"生效日期未规定，暂按 {self.effective_from:%Y-%m-%d} 起适用"


class PolicyOverride(models.Model):
    """A per-org change of one rule, inherited by the org's subtree from its effective date."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="policy_overrides", verbose_name=_("组织"))
    key = models.CharField(_("规则"), max_length=64)
    value = models.JSONField(_("取值"), null=True)
    effective_from = models.DateField(_("生效日期"))
    source = models.CharField(_("依据"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org__path", "key", "effective_from"]
        verbose_name = _("政策调整")

    def __str__(self) -> str:
        return f"{self.org} {self.key}"
