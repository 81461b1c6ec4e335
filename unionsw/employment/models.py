"""Posts, holders, service providers and tenders, contracts and their events, exits (SPEC §6, §8).

The current holder of a post is both denormalised on `Post.holder` (cheap lists) and recorded in
`PostHolding`; two partial unique indexes (one open holding per post, one open holding per worker)
make "at most one holder at a time" a database fact, so a race between two admins cannot break it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class PostKind(models.Model):
    """The configurable list of post kinds (组建指导岗, 维权服务岗…). A table rather than policy data:
    federations add kinds without a code change, and posts keep a foreign key to a stable row."""

    name = models.CharField(_("岗位类别"), max_length=30, unique=True)
    description = models.CharField(_("职责"), max_length=200, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = _("岗位类别")

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    unit = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="posts", verbose_name=_("设岗单位"))
    kind = models.ForeignKey(PostKind, on_delete=models.PROTECT, related_name="posts", verbose_name=_("岗位类别"))
    rank_band = models.CharField(_("岗位等级"), max_length=20, blank=True, help_text=_("岗位等级序列中的一级；留空为不定级岗位"))
    funding = models.CharField(_("用工方式"), max_length=20, blank=True, help_text=_("公开招聘/购买服务/返聘/公益性岗位"))
    holder = models.OneToOneField(
        "workers.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="current_post", verbose_name=_("在岗社工")
    )
    held_since = models.DateField(_("到岗日期"), null=True, blank=True)
    vacant_since = models.DateField(_("空缺起始日期"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit__path", "kind__sort", "id"]
        verbose_name = _("岗位")
        indexes = [models.Index(fields=["unit", "is_active"])]

    def __str__(self) -> str:
        return f"{self.unit.name}·{self.kind.name}"

    @property
    def title(self) -> str:
        return self.kind.name

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None


class HoldingEnd(models.TextChoices):
    RESIGNATION = "resignation", choice_label("辞职")
    DISSOLUTION = "dissolution", choice_label("解除合同")
    EXPIRY = "expiry", choice_label("合同期满不再续订")
    RETIREMENT = "retirement", choice_label("退休")
    DEATH = "death", choice_label("死亡")
    TRANSFER = "transfer", choice_label("调动")
    ROTATION = "rotation", choice_label("轮岗交流")


class PostHolding(models.Model):
    """One worker on one post for a period. An open holding has `ended_on` null."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="holdings", verbose_name=_("岗位"))
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="post_holdings", verbose_name=_("社工"))
    started_on = models.DateField(_("到岗日期"))
    ended_on = models.DateField(_("离岗日期"), null=True, blank=True)
    start_reason = models.CharField(_("到岗方式"), max_length=100)
    end_kind = models.CharField(_("离岗原因"), max_length=16, choices=HoldingEnd.choices, blank=True)
    end_reason = models.CharField(_("离岗说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("任岗记录")
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(ended_on__isnull=True), name="one_open_holding_per_post"),
            models.UniqueConstraint(fields=["worker"], condition=Q(ended_on__isnull=True), name="one_open_holding_per_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} @ {self.post}"


class MovementKind(models.TextChoices):
    FILL = "fill", choice_label("到岗")
    RESIGNATION = "resignation", choice_label("辞职")
    DISSOLUTION = "dissolution", choice_label("解除合同")
    EXPIRY = "expiry", choice_label("合同期满不再续订")
    RETIREMENT = "retirement", choice_label("退休")
    DEATH = "death", choice_label("死亡")
    TRANSFER = "transfer", choice_label("调动")
    ROTATION = "rotation", choice_label("轮岗交流")


class ServiceProvider(models.Model):
    """A social organisation that employs workers under a purchased-service tender (seed 001, 003)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="service_providers", verbose_name=_("购买方（工会）"))
    name = models.CharField(_("社会组织名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["org__path", "name"]
        verbose_name = _("服务机构")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="provider_name_per_org")]

    def __str__(self) -> str:
        return self.name


class Tender(models.Model):
    provider = models.ForeignKey(ServiceProvider, on_delete=models.PROTECT, related_name="tenders", verbose_name=_("中标机构"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="tenders", verbose_name=_("购买方（工会）"))
    title = models.CharField(_("项目名称"), max_length=150)
    number = models.CharField(_("招标编号"), max_length=60, blank=True)
    starts_on = models.DateField(_("服务期起"))
    ends_on = models.DateField(_("服务期止"))
    amount = models.DecimalField(_("合同金额（元）"), max_digits=14, decimal_places=2)
    posts = models.ManyToManyField(Post, blank=True, related_name="tenders", verbose_name=_("覆盖岗位"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("购买服务招标")

    def __str__(self) -> str:
        return self.title


class ContractKind(models.TextChoices):
    LABOUR = "labour", choice_label("劳动合同")
    SERVICE = "service", choice_label("劳务协议")


class TermType(models.TextChoices):
    FIXED = "fixed", choice_label("固定期限")
    OPEN = "open", choice_label("无固定期限")
    TASK = "task", choice_label("以完成一定工作任务为期限")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", choice_label("待签订")
    ACTIVE = "active", choice_label("履行中")
    TERMINATED = "terminated", choice_label("已终止")
    DISSOLVED = "dissolved", choice_label("已解除")


class Contract(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="contracts", verbose_name=_("社工"))
    kind = models.CharField(_("合同类型"), max_length=10, choices=ContractKind.choices)
    term_type = models.CharField(_("期限类型"), max_length=8, choices=TermType.choices, default=TermType.FIXED)
    employer = models.CharField(_("用人单位"), max_length=100)
    provider = models.ForeignKey(
        ServiceProvider, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("服务机构")
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts", verbose_name=_("岗位")
    )
    number = models.CharField(_("合同编号"), max_length=40, blank=True)
    # issue 12: the signed document states the agreed pay (劳动合同法 第17条: 劳动报酬 is a required clause)
    agreed_pay = models.DecimalField(_("约定月劳动报酬/劳务费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True, help_text=_("无固定期限合同留空"))
    sign_deadline = models.DateField(_("签订期限"), null=True, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    renewal_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewed_by", verbose_name=_("续订自")
    )
    closed_on = models.DateField(_("终止/解除日期"), null=True, blank=True)
    ground = models.CharField(_("法定事由"), max_length=20, blank=True)
    close_reason = models.CharField(_("说明"), max_length=300, blank=True)
    # 劳动合同法 第50条: the 档案 and social-insurance transfer within 15 days of the end
    transfer_done_on = models.DateField(_("档案和社会保险关系转移办结日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("合同")
        indexes = [models.Index(fields=["status", "ends_on"]), models.Index(fields=["worker", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.worker}·{self.get_kind_display()}（{self.starts_on:%Y-%m-%d}起）"

    @property
    def effective_end(self):
        """The last day the contract binds: the day it was closed early, else its agreed end (None = open-ended)."""
        return self.closed_on or self.ends_on


class ContractEvent(models.Model):
    """The contract's own timeline: signed, changed (变更), renewed, terminated, dissolved."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events", verbose_name=_("合同"))
    kind = models.CharField(_("事项"), max_length=20)
    on = models.DateField(_("日期"))
    detail = models.CharField(_("内容"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("合同变动")

    def __str__(self) -> str:
        return self.detail


class DisputeStatus(models.TextChoices):
    OPEN = "open", choice_label("处理中")
    CLOSED = "closed", choice_label("已结案")


class Dispute(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("合同"))
    raised_on = models.DateField(_("发生日期"))
    channel = models.CharField(_("处理途径"), max_length=20, help_text=_("协商/调解/仲裁/诉讼"))
    summary = models.CharField(_("争议事项"), max_length=500)
    status = models.CharField(_("状态"), max_length=8, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    outcome = models.CharField(_("处理结果"), max_length=500, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        verbose_name = _("劳动争议")

    def __str__(self) -> str:
        return self.summary


class Insurance(models.Model):
    """Commercial accident insurance a rehired retiree must have before the agreement takes effect (seed 000)."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="insurances", verbose_name=_("社工"))
    insurer = models.CharField(_("保险公司"), max_length=100)
    policy_number = models.CharField(_("保单号"), max_length=60)
    starts_on = models.DateField(_("保险期起"))
    ends_on = models.DateField(_("保险期止"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("商业意外险")

    def __str__(self) -> str:
        return f"{self.insurer} {self.policy_number}"


# The movements by which a worker leaves the team (the others move them between posts).
EXIT_KINDS = (
    MovementKind.RESIGNATION,
    MovementKind.DISSOLUTION,
    MovementKind.EXPIRY,
    MovementKind.RETIREMENT,
    MovementKind.DEATH,
)


class Movement(models.Model):
    """An exit or a move between posts, with its date, reason and documents; nothing is deleted."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="movements", verbose_name=_("社工"))
    kind = models.CharField(_("类型"), max_length=16, choices=MovementKind.choices)
    on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=300)
    from_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("原岗位"))
    to_post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("新岗位"))
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("合同")
    )
    document = models.ForeignKey(
        "workers.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("材料")
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("离岗与流动")

    def __str__(self) -> str:
        return f"{self.worker} {self.get_kind_display()}"
