"""Annual assessment (考核管理, SPEC §10): rounds, self-reports, auditable lots, judges, grades,
published results, admonitions; and Beijing's qualification certification (seed 004).

`Result` is the published grade of one worker for one year: everything downstream (promotion
eligibility, alerts, recommendations) reads it, whether it came from a round here or was recorded
from the paper archive of earlier years.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class Grade(models.TextChoices):
    EXCELLENT = "EXCELLENT", choice_label("优秀")
    PASS = "PASS", choice_label("合格")
    BASIC = "BASIC", choice_label("基本合格")
    FAIL = "FAIL", choice_label("不合格")


# higher is better; used by promotion rules ("近3年年度考核合格以上")
GRADE_ORDER = {Grade.FAIL: 0, Grade.BASIC: 1, Grade.PASS: 2, Grade.EXCELLENT: 3}


class Source(models.TextChoices):
    JUDGES = "judges", choice_label("评委评议（述职）")
    HOST = "host", choice_label("岗位所在单位评价")
    CITY = "city", choice_label("市总部门评价")
    WORKLOAD = "workload", choice_label("年度工作量化")
    COUNTY = "county", choice_label("县级总工会评定")


class RoundStatus(models.TextChoices):
    SETUP = "setup", choice_label("方案设置")
    COMMITTED = "committed", choice_label("已公布抽签种子哈希")
    DRAWN = "drawn", choice_label("已抽签、评议中")
    PROPOSED = "proposed", choice_label("等次建议已生成、待县级确认")
    PUBLISHED = "published", choice_label("结果已公布")


class Round(models.Model):
    """One year's assessment run by one org (Hebei: the city, seed 003; Shandong: the county, seed 000).

    Components, weights, grade lines, the excellent ratio and bonus points are set locally by the
    organiser when the seeds leave them open; the policy values in force are copied at creation."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="assessment_rounds", verbose_name=_("组织单位"))
    year = models.PositiveSmallIntegerField(_("考核年度"))
    scheme = models.CharField(_("考核方式"), max_length=32)
    components = models.JSONField(_("考核组成"), default=list, help_text="[{code, label, source, weight}]")
    pass_line = models.DecimalField(_("合格分数线（本地设置）"), max_digits=5, decimal_places=2)
    basic_line = models.DecimalField(_("基本合格分数线（本地设置）"), max_digits=5, decimal_places=2)
    excellent_ratio = models.DecimalField(
        "优秀比例（本地设置）",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("各县名额 = 向下取整(比例 × 参评人数)"),
    )
    bonus_points = models.JSONField(_("表彰加分（本地设置）"), default=dict, blank=True)
    reallocation = models.JSONField(_("奖优罚劣规则"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.SETUP)
    seed_hash = models.CharField(_("抽签种子 SHA-256"), max_length=64, blank=True)
    seed_secret = models.CharField(max_length=64, blank=True, editable=False)
    seed_revealed = models.BooleanField(_("种子已公开"), default=False)
    draw_inputs = models.JSONField(_("抽签输入"), default=dict, blank=True)
    slots = models.JSONField(_("各县优秀名额"), default=dict, blank=True, help_text=_("{县区id: {headcount, base, delta, final}}"))
    committed_at = models.DateTimeField(null=True, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "org__path"]
        unique_together = [("org", "year")]
        verbose_name = _("年度考核")

    def __str__(self) -> str:
        return f"{self.org.name} {self.year} 年度考核"

    @property
    def scheme_label(self) -> str:
        from unionsw.orgs.policy import ASSESSMENT_SCHEMES

        return ASSESSMENT_SCHEMES.get(self.scheme, self.scheme)

    @property
    def revealed_seed(self) -> str:
        return self.seed_secret if self.seed_revealed else ""

    def sources(self) -> set[str]:
        return {c["source"] for c in self.components}


class Judge(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="judge_seats", verbose_name=_("评委"))
    group = models.CharField(_("分组"), max_length=1, blank=True)

    class Meta:
        ordering = ["group", "user_id"]
        unique_together = [("round", "user")]

    def __str__(self) -> str:
        return str(self.user)


class Entry(models.Model):
    """One worker in one round: self-report, component scores, proposal, confirmed grade."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="assessment_entries")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("岗位所在单位"))
    county = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属县（市、区）"))
    report_text = models.TextField(_("述职报告"), blank=True)
    report_link = models.URLField(_("述职视频链接"), blank=True)
    report_video = models.FileField(_("述职视频"), upload_to="assessment/video/%Y/", blank=True)
    workload = models.JSONField(_("年度工作量化表"), default=list, blank=True)
    commendation = models.CharField(_("表彰级别"), max_length=16, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    play_order = models.PositiveIntegerField(_("播放顺序"), null=True, blank=True)
    scoring_group = models.CharField(_("评议组"), max_length=1, blank=True)
    scores = models.JSONField(_("各项得分"), default=dict, blank=True)
    report_score = models.DecimalField(_("述职评议平均分"), max_digits=5, decimal_places=2, null=True, blank=True)
    host_opinion = models.TextField(_("服务单位评价意见"), blank=True)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    city_rank = models.PositiveIntegerField(_("全市排名"), null=True, blank=True)
    proposed_grade = models.CharField(_("建议等次"), max_length=10, choices=Grade.choices, blank=True)
    proposal_reason = models.TextField(_("建议理由"), blank=True)
    grade = models.CharField(_("确认等次"), max_length=10, choices=Grade.choices, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "play_order", "id"]
        unique_together = [("round", "worker")]
        verbose_name = _("参评社工")

    def __str__(self) -> str:
        return f"{self.worker.name}（{self.round.year}）"

    @property
    def all_scores(self) -> dict:
        return dict(self.scores) | ({"report": float(self.report_score)} if self.report_score is not None else {})


class Evidence(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("佐证材料"), max_length=100)
    file = models.FileField(upload_to="assessment/evidence/%Y/")
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name or self.__class__.__name__} {self.pk}"


class Score(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="judge_scores")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("评分"), max_digits=5, decimal_places=2)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("entry", "judge")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name or self.__class__.__name__} {self.pk}"


class Recusal(models.Model):
    """A judge's conflict-of-interest declaration: the judge is excluded from scoring that worker."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="recusals")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("回避原因"), max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("entry", "judge")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name or self.__class__.__name__} {self.pk}"


class Result(models.Model):
    """A published annual grade (also used for results recorded from earlier paper archives)."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="assessment_results")
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices)
    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="result")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["worker_id", "-year"]
        unique_together = [("worker", "year")]
        indexes = [models.Index(fields=["year", "grade"])]
        verbose_name = _("年度考核结果")

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"


class Admonition(models.Model):
    """诫勉谈话 record for a 不合格 result (seed 001)."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="admonitions")
    talked_on = models.DateField(_("谈话日期"))
    talker = models.CharField(_("谈话人"), max_length=50)
    content = models.TextField(_("谈话内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-talked_on"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name or self.__class__.__name__} {self.pk}"


# --- Beijing qualification certification (seed 004) ---------------------------------------


class CertRound(models.Model):
    """One certification sitting (首次认证 / 第二次认证) organised by the city federation."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    name = models.CharField(_("名称"), max_length=100)
    attempt = models.PositiveSmallIntegerField(_("第几次认证"), default=1)
    register_from = models.DateField(_("报名开始"))
    register_until = models.DateField(_("报名截止"))
    pass_line = models.DecimalField(_("合格分数线（本地设置）"), max_digits=5, decimal_places=2, null=True, blank=True)
    weights = models.JSONField(_("权重（本地设置）"), default=dict, blank=True)
    closed = models.BooleanField(_("已结束"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-register_from"]

    def __str__(self) -> str:
        return self.name


class CertEntry(models.Model):
    cert_round = models.ForeignKey(CertRound, on_delete=models.CASCADE, related_name="entries")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="cert_entries")
    registered_at = models.DateTimeField(auto_now_add=True)
    written = models.DecimalField(_("笔试"), max_digits=5, decimal_places=2, null=True, blank=True)
    performance = models.DecimalField(_("工作业绩评定（区县）"), max_digits=5, decimal_places=2, null=True, blank=True)
    daily = models.DecimalField(_("日常表现评定（街乡/用人单位）"), max_digits=5, decimal_places=2, null=True, blank=True)
    daily_confirmed = models.BooleanField(_("日常表现经区县确认"), default=False)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        unique_together = [("cert_round", "worker")]
        ordering = ["worker__name"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name or self.__class__.__name__} {self.pk}"


class Qualification(models.Model):
    """《北京市专职工会社会工作者资格证书》, reviewed yearly with the annual assessment."""

    worker = models.OneToOneField("workers.Worker", on_delete=models.PROTECT, related_name="qualification")
    number = models.CharField(_("证书编号"), max_length=30, unique=True)
    issued_on = models.DateField(_("发证日期"))
    entry = models.ForeignKey(CertEntry, null=True, on_delete=models.SET_NULL, related_name="+")
    reviews = models.JSONField(_("年度审验"), default=dict, blank=True, help_text="{year: true/false}")
    revoked = models.BooleanField(_("资格失效"), default=False)
    # seed 004: 通过考试并被录用者，同时取得资格 — a qualification granted at hire names its recruitment round
    hire_round = models.ForeignKey(
        "recruitment.Round", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("入职考试（招聘批次）")
    )

    def __str__(self) -> str:
        return f"{self._meta.verbose_name or self.__class__.__name__} {self.pk}"
