"""Pay (SPEC §9): pay tables as data with effective dates, each worker's 薪级, payroll runs and lines.

Money is DecimalField(12, 2); the arithmetic lives in rules.py. A table belongs to an org and applies to
the org's subtree from its effective date; the nearest org up the tree that has one wins (a county's own
table before the province's). Shipped example tables carry `is_example` and every page labels them 示例.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label

MONEY = {"max_digits": 12, "decimal_places": 2}


class PayTable(models.Model):
    """岗位工资 by 管理岗位 grade (一级 … 十级) and 薪级工资 by level (1 … 65), monthly amounts in 元."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="pay_tables", verbose_name=_("适用组织"))
    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("生效日期"))
    is_example = models.BooleanField(_("示例"), default=False, help_text=_("示例表的金额仅为演示，须按当地事业单位工资标准替换"))
    post_pay = models.JSONField(_("岗位工资"), default=dict, help_text='{"1": "6050.00", …, "10": "1720.00"}')
    grade_pay = models.JSONField(_("薪级工资"), default=dict, help_text='{"1": "290.00", …, "65": "6600.00"}')
    start_levels = models.JSONField(
        _("建议薪级起点（按学历）"),
        default=dict,
        blank=True,
        help_text=_("用于薪级建议（仅供参考）：学历 → 起点薪级，每满一年工作年限加一级"),
    )
    rank_grades = models.JSONField(
        _("本表的岗位等级对应"),
        default=dict,
        blank=True,
        help_text=_("政策未规定岗位等级对应的管理岗位等级时（河北、北京），由本表设定：等级 → 1–10"),
    )
    source = models.CharField(_("依据"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["org__path", "-effective_from", "-id"]
        verbose_name = _("工资标准表")
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="pay_table_org_date")]

    def __str__(self) -> str:
        return self.name


class ContributionTable(models.Model):
    """社会保险和住房公积金: per item the employer and employee rates and the base floor/ceiling."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="contribution_tables", verbose_name=_("适用组织"))
    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("生效日期"))
    is_example = models.BooleanField(_("示例"), default=False)
    items = models.JSONField(
        _("险种"),
        default=list,
        help_text='[{"item": "pension", "employer_rate": "0.16", "employee_rate": "0.08", "base_floor": "3800", "base_ceiling": "20000"}]',
    )
    source = models.CharField(_("依据"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["org__path", "-effective_from", "-id"]
        verbose_name = _("社会保险和住房公积金缴费标准")
        constraints = [models.UniqueConstraint(fields=["org", "effective_from"], name="contribution_table_org_date")]

    def __str__(self) -> str:
        return self.name


class PerformanceRatio(models.Model):
    """绩效工资 = 基本工资 × ratio, set per county for a year (seed 000: 视当地经济发展水平，按照基本工资70%至100%)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="performance_ratios", verbose_name=_("县级工会"))
    year = models.PositiveSmallIntegerField(_("年度"))
    ratio = models.DecimalField(_("绩效工资比例"), max_digits=5, decimal_places=4)
    reason = models.CharField(_("依据"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["org__path", "-year"]
        verbose_name = _("绩效工资比例")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="performance_ratio_org_year")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.ratio}"


class Allowance(models.Model):
    """A monthly allowance or subsidy (津贴补贴) for every worker on the scale under `org`."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="allowances", verbose_name=_("适用组织"))
    name = models.CharField(_("项目"), max_length=50)
    amount = models.DecimalField(_("每月金额（元）"), **MONEY)
    effective_from = models.DateField(_("起始日期"))
    effective_to = models.DateField(_("截止日期"), null=True, blank=True)
    is_example = models.BooleanField(_("示例"), default=False)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["org__path", "name", "-effective_from"]
        verbose_name = _("津贴补贴")

    def __str__(self) -> str:
        return self.name


class GradeAssignment(models.Model):
    """A worker's 薪级 from a date, set by the county with a reason; the rows are the history."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="pay_grades", verbose_name=_("社工"))
    level = models.PositiveSmallIntegerField(_("薪级"))
    effective_from = models.DateField(_("生效日期"))
    reason = models.CharField(_("理由"), max_length=300)
    suggested = models.PositiveSmallIntegerField(_("系统建议薪级（仅供参考）"), null=True, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["worker_id", "-effective_from", "-id"]
        verbose_name = _("薪级")
        indexes = [models.Index(fields=["worker", "effective_from"])]

    def __str__(self) -> str:
        return f"薪级 {self.level}"


class TaxDeduction(models.Model):
    """专项附加扣除 per month from a date, entered per worker (from the worker's own declaration)."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="tax_deductions", verbose_name=_("社工"))
    monthly = models.DecimalField(_("每月专项附加扣除（元）"), **MONEY)
    effective_from = models.DateField(_("起始月份"))
    note = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("如 子女教育、住房贷款利息、赡养老人"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["worker_id", "-effective_from", "-id"]
        verbose_name = _("专项附加扣除")

    def __str__(self) -> str:
        return f"{self.monthly}"


class ServiceFee(models.Model):
    """The monthly 劳务费 agreed in a rehired retiree's 劳务协议 (seed 000: 协商确定劳务费用)."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="service_fees", verbose_name=_("返聘人员"))
    contract = models.ForeignKey(
        "employment.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("劳务协议")
    )
    monthly = models.DecimalField(_("每月劳务费（元）"), **MONEY)
    effective_from = models.DateField(_("起始日期"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["worker_id", "-effective_from", "-id"]
        verbose_name = _("劳务费")

    def __str__(self) -> str:
        return f"{self.monthly}"


class RunKind(models.TextChoices):
    REGULAR = "regular", choice_label("月度工资")
    CORRECTION = "correction", choice_label("补发/扣回")


class RunStatus(models.TextChoices):
    DRAFT = "draft", choice_label("草稿")
    COMPUTED = "computed", choice_label("已计算")
    REVIEWED = "reviewed", choice_label("已复核")
    APPROVED = "approved", choice_label("已审批（锁定）")


class PayrollRun(models.Model):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="payroll_runs", verbose_name=_("发放单位"))
    month = models.DateField(_("月份"), help_text=_("该月 1 日"))
    kind = models.CharField(_("类型"), max_length=12, choices=RunKind.choices, default=RunKind.REGULAR)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("更正的工资表")
    )
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    totals = models.JSONField(_("合计"), default=dict)
    payer_totals = models.JSONField(_("各承担方合计"), default=dict)
    problems = models.JSONField(_("未能计算的人员"), default=list)
    excluded = models.JSONField(_("不在本表的人员"), default=list)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    computed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "org__path", "-id"]
        verbose_name = _("工资表")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "month"], condition=models.Q(kind="regular"), name="one_regular_run_per_org_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org.name} {self.month:%Y年%m月}{self.get_kind_display()}"

    @property
    def is_locked(self) -> bool:
        return self.status == RunStatus.APPROVED


class LineKind(models.TextChoices):
    SCALE = "scale", choice_label("薪酬标准")
    REHIRED = "rehired", choice_label("返聘劳务费")


class PayLine(models.Model):
    """One worker's month. In a correction run every amount is the difference (补发 > 0, 扣回 < 0)."""

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="lines", verbose_name=_("工资表"))
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="pay_lines", verbose_name=_("社工"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("岗位所在单位"))
    kind = models.CharField(_("类型"), max_length=10, choices=LineKind.choices)
    rank = models.CharField(_("岗位等级"), max_length=20, blank=True)
    post_grade = models.PositiveSmallIntegerField(_("管理岗位等级"), null=True, blank=True)
    grade_level = models.PositiveSmallIntegerField(_("薪级"), null=True, blank=True)
    ratio = models.DecimalField(_("绩效比例"), max_digits=5, decimal_places=4, null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("在岗天数"))
    month_days = models.PositiveSmallIntegerField(_("当月天数"))
    post_pay = models.DecimalField(_("岗位工资"), default=0, **MONEY)
    grade_pay = models.DecimalField(_("薪级工资"), default=0, **MONEY)
    performance = models.DecimalField(_("绩效工资"), default=0, **MONEY)
    allowances = models.JSONField(_("津贴补贴明细"), default=list)
    allowance_total = models.DecimalField(_("津贴补贴"), default=0, **MONEY)
    gross = models.DecimalField(_("应发工资"), default=0, **MONEY)
    contributions = models.JSONField(_("社保公积金明细"), default=list)
    employee_si = models.DecimalField(_("个人缴纳社保公积金"), default=0, **MONEY)
    employer_si = models.DecimalField(_("单位缴纳社保公积金"), default=0, **MONEY)
    additional_deduction = models.DecimalField(_("专项附加扣除"), default=0, **MONEY)
    iit = models.DecimalField(_("代扣个人所得税"), default=0, **MONEY)
    tax_explanation = models.CharField(_("个税计算"), max_length=500, blank=True)
    net = models.DecimalField(_("实发工资"), default=0, **MONEY)
    total_cost = models.DecimalField(_("用人成本"), default=0, **MONEY)
    shares = models.JSONField(_("成本分担"), default=dict)
    notes = models.JSONField(_("说明"), default=list)

    class Meta:
        ordering = ["run_id", "org_id", "worker_id"]
        verbose_name = _("工资明细")
        constraints = [models.UniqueConstraint(fields=["run", "worker"], name="one_line_per_worker_per_run")]
        indexes = [models.Index(fields=["worker", "run"])]

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.run_id}"


class PayShare(models.Model):
    """Cost by payer per run and unit (summed from the lines when the run is computed), so the cost pages
    aggregate in the database with the scope filter on the unit."""

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="shares")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    payer = models.CharField(max_length=60)
    amount = models.DecimalField(**MONEY)

    class Meta:
        indexes = [models.Index(fields=["month", "payer"])]

    def __str__(self) -> str:
        return f"{self.payer} {self.amount}"


class ProviderFee(models.Model):
    """Purchased-service workers are paid by the provider: the run records the tender's fee for the month."""

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="provider_fees")
    tender = models.ForeignKey("employment.Tender", on_delete=models.PROTECT, related_name="+", verbose_name=_("购买服务项目"))
    amount = models.DecimalField(_("本月服务费（元）"), **MONEY)
    workers = models.PositiveIntegerField(_("服务机构聘用社工数"), default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["run_id", "tender_id"]
        verbose_name = _("购买服务费")

    def __str__(self) -> str:
        return f"{self.amount}"


class BankAccount(models.Model):
    """The worker's salary account (工资卡) for the bank transfer list; the number is stored encrypted."""

    worker = models.OneToOneField("workers.Worker", on_delete=models.PROTECT, related_name="pay_account", verbose_name=_("社工"))
    bank = models.CharField(_("开户银行"), max_length=60)
    account_enc = models.TextField(_("账号（密文）"))
    account_masked = models.CharField(_("账号"), max_length=40)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工资账户")

    def __str__(self) -> str:
        return f"{self.bank} {self.account_masked}"


class AssessmentLink(models.Model):
    """四挂钩 factors of a county for a pay year, used where the policy sets none (seed 003 names the link, not the
    figures): per grade of the previous year's result, a factor on the performance ratio and an annual bonus
    in months of basic pay, paid in `bonus_month`."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="assessment_links", verbose_name=_("县级工会"))
    year = models.PositiveSmallIntegerField(_("发放年度"), help_text=_("按上一年度考核结果"))
    ratio_factors = models.JSONField(_("绩效比例系数"), default=dict)
    bonus_months = models.JSONField(_("年度奖金（月基本工资倍数）"), default=dict)
    bonus_month = models.PositiveSmallIntegerField(_("年度奖金发放月份"), default=1)
    reason = models.CharField(_("依据"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["org__path", "-year"]
        verbose_name = _("考核结果与薪酬挂钩")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="assessment_link_org_year")]

    def __str__(self) -> str:
        return f"{self.year}年四挂钩"
