"""Recruitment by public exam (SPEC §7): plan → round → applications → exams → ranking → hire.

A plan (招录计划) is proposed by a county, approved or returned by the city and filed by the province.
A filed plan opens one round (招聘批次) whose posts are the plan's lines. Applicants are not staff users:
they have their own account model (ID number encrypted with a blind index, like the registry).
Every transition is written to RecruitmentEvent (who, when, why) and to the audit chain.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core import crypto
from unionsw.core.counts import CountedQuerySet
from unionsw.core.i18n import choice_label
from unionsw.orgs.models import OrgLevel
from unionsw.workers.models import CertificateLevel, Education, Gender, PoliticalStatus


class PlanStatus(models.TextChoices):
    DRAFT = "draft", choice_label("草稿")
    PROPOSED = "proposed", choice_label("待市总审批")
    RETURNED = "returned", choice_label("已退回")
    APPROVED = "approved", choice_label("市总已批准")
    FILED = "filed", choice_label("省总已备案")


class Plan(models.Model):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="recruitment_plans", verbose_name=_("县级工会"))
    title = models.CharField(_("计划名称"), max_length=100)
    exam_year = models.PositiveIntegerField(_("考试年份"))
    exam_month = models.PositiveIntegerField(_("考试月份"))
    reason_gap = models.TextField(_("人员力量缺口"), blank=True)
    reason_enterprises = models.TextField(_("企业数量"), blank=True)
    reason_members = models.TextField(_("职工人数"), blank=True)
    reason_funds = models.TextField(_("经费保障"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    return_reason = models.TextField(_("退回原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)
    # A county plan taken into a city's unified round (统一招聘) instead of a round of its own; the
    # round's own plan (org = the city) holds the posts of the city's directly managed units.
    unified_round = models.ForeignKey(
        "Round",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="included_plans",
        verbose_name=_("纳入市总统一招聘"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("招录计划")

    def __str__(self) -> str:
        return self.title

    @property
    def total_posts(self) -> int:
        return sum(p.count for p in self.posts.all())


class Post(models.Model):
    """One line of a plan: a host unit, a post kind and how many."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="posts", verbose_name=_("招录计划"))
    unit = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("用人单位"))
    kind = models.CharField(_("岗位"), max_length=50)
    count = models.PositiveIntegerField(_("招录人数"))
    conditions = models.TextField(_("岗位条件"), blank=True)
    requires_certificate = models.BooleanField(_("须持社会工作者职业水平证书"), default=False)
    code = models.CharField(_("岗位代码"), max_length=10)

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("招录岗位")

    def __str__(self) -> str:
        return f"{self.code} {self.kind}（{self.unit.name}）"

    @property
    def included_unit(self):
        """The unit of a unified round this post belongs to: the county whose plan it is, or the city's
        directly managed unit itself (load plan__org and unit)."""
        return self.plan.org if self.plan.org.level == OrgLevel.COUNTY else self.unit


class RoundStatus(models.TextChoices):
    ANNOUNCED = "announced", choice_label("报名中")
    REVIEW = "review", choice_label("资格审查")
    WRITTEN = "written", choice_label("笔试")
    INTERVIEW = "interview", choice_label("面试")
    RANKED = "ranked", choice_label("已排名（体检、考察、公示、备案、录用）")
    CLOSED = "closed", choice_label("已结束")


ROUND_ORDER = [s.value for s in RoundStatus]


class TieKey(models.TextChoices):
    WRITTEN = "written", choice_label("笔试成绩高者优先")
    INTERVIEW = "interview", choice_label("面试成绩高者优先")


class ExamBody(models.Model):
    """An accredited exam body (有资质的社会考试机构) that a federation entrusts with the unified entry exam
    (seed 004: 市总工会委托的、有资质的社会考试机构统一组织的入职考试); chosen on the rounds below that federation."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("委托单位"))
    name = models.CharField(_("机构名称"), max_length=100)
    commission = models.CharField(_("委托文件（文号）"), max_length=100)
    accreditation = models.CharField(_("资质证明（证书编号）"), max_length=100, blank=True)
    valid_from = models.DateField(_("委托有效期自"))
    valid_until = models.DateField(_("委托有效期至"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_active", "name", "id"]
        verbose_name = _("社会考试机构")

    def __str__(self) -> str:
        return self.name

    def valid_on(self, day) -> bool:
        return self.is_active and self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Round(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="round", verbose_name=_("招录计划"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="recruitment_rounds", verbose_name=_("组织单位"))
    # 统一招聘: run by a city for the plans of several counties (Plan.unified_round) and its direct units
    unified = models.BooleanField(_("市总统一招聘"), default=False)
    title = models.CharField(_("公告标题"), max_length=120)
    body = models.TextField(_("公告正文"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.ANNOUNCED)
    reference_date = models.DateField(_("年龄计算基准日"))
    registration_start = models.DateField(_("报名开始"))
    registration_end = models.DateField(_("报名截止"))
    exam_date = models.DateField(_("笔试日期"))
    interview_date = models.DateField(_("面试日期"), null=True, blank=True)
    written_weight = models.DecimalField(_("笔试成绩权重"), max_digits=3, decimal_places=2, default=0.5)
    interview_ratio = models.PositiveIntegerField(_("面试比例（1:N）"), default=3)
    drop_high_low = models.BooleanField(_("面试去掉一个最高分和一个最低分"), default=True)
    second_tie_key = models.CharField(_("证书之后的同分排序"), max_length=12, choices=TieKey.choices, default=TieKey.WRITTEN)
    waiting_list_months = models.PositiveIntegerField(_("备选名单有效期（月）"), default=12)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    ranked_on = models.DateField(_("排名日期"), null=True, blank=True)
    exam_body = models.ForeignKey(
        ExamBody, null=True, blank=True, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("组织考试的社会考试机构")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-registration_start", "-id"]
        verbose_name = _("招聘批次")

    def __str__(self) -> str:
        return self.title

    def reached(self, status: str) -> bool:
        return ROUND_ORDER.index(self.status) >= ROUND_ORDER.index(status)

    @property
    def posts(self) -> models.QuerySet[Post]:
        """Every post of the round: its own plan's and, in a unified round, those of the included plans."""
        if not self.unified:
            return Post.objects.filter(plan_id=self.plan_id)
        return Post.objects.filter(models.Q(plan_id=self.plan_id) | models.Q(plan__unified_round_id=self.pk))


class ExamRoom(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("考场"), max_length=50)
    address = models.CharField(_("地点"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("座位数"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("考场")

    def __str__(self) -> str:
        return self.name


class Applicant(models.Model):
    """A public applicant's account (not a staff user)."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number_enc = models.TextField()
    id_number_index = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18)
    birth_date = models.DateField(_("出生日期"))
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    phone_enc = models.TextField()
    phone_index = models.CharField(max_length=64, db_index=True)
    phone_masked = models.CharField(_("手机号"), max_length=20)
    password = models.CharField(max_length=128)
    privacy_accepted_at = models.DateTimeField(_("同意隐私告知时间"))
    created_at = models.DateTimeField(auto_now_add=True)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("报名人员账号")

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_enc)

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc)


class Review(models.TextChoices):
    PENDING = "pending", choice_label("待审查")
    PASSED = "passed", choice_label("审查通过")
    REJECTED = "rejected", choice_label("审查未通过")


class Check(models.TextChoices):
    PENDING = "", choice_label("未进行")
    PASSED = "passed", choice_label("合格")
    FAILED = "failed", choice_label("不合格")


class Application(models.Model):
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="applications")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="applications", verbose_name=_("报考岗位"))
    name = models.CharField(_("姓名"), max_length=50)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")  # a stored value: Chinese
    political_status = models.CharField(
        _("政治面貌"), max_length=16, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    school = models.CharField(_("毕业院校"), max_length=100)
    major = models.CharField(_("专业"), max_length=100)
    certificate = models.CharField(_("社会工作者职业水平证书"), max_length=16, choices=CertificateLevel.choices, blank=True)
    certificate_number = models.CharField(_("证书编号"), max_length=50, blank=True)
    work_history = models.TextField(_("工作经历"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    auto_checks = models.JSONField(_("自动审查结果"), default=list)
    auto_passed = models.BooleanField(_("自动审查通过"), default=False)
    review = models.CharField(_("资格审查"), max_length=10, choices=Review.choices, default=Review.PENDING)
    review_reason = models.TextField(_("审查意见"), blank=True)
    ticket_no = models.CharField(_("准考证号"), max_length=20, blank=True, db_index=True)
    room = models.ForeignKey(ExamRoom, null=True, blank=True, on_delete=models.SET_NULL, related_name="seats")
    seat = models.PositiveIntegerField(_("座号"), null=True, blank=True)
    written_score = models.DecimalField(_("笔试成绩"), max_digits=5, decimal_places=2, null=True, blank=True)
    in_interview = models.BooleanField(_("进入面试"), default=False)
    interview_score = models.DecimalField(_("面试成绩"), max_digits=5, decimal_places=2, null=True, blank=True)
    total_score = models.DecimalField(_("总成绩"), max_digits=6, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("岗位排名"), null=True, blank=True)
    tie_rule = models.CharField(_("同分排序依据"), max_length=100, blank=True)
    selected = models.BooleanField(_("拟录用（进入体检）"), default=False)
    from_waiting_list = models.BooleanField(_("备选名单递补"), default=False)
    medical = models.CharField(_("体检"), max_length=8, choices=Check.choices, blank=True, default="")
    medical_note = models.CharField(_("体检说明"), max_length=200, blank=True)
    vetting = models.CharField(_("考察"), max_length=8, choices=Check.choices, blank=True, default="")
    vetting_note = models.CharField(_("考察说明"), max_length=200, blank=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    filed_at = models.DateField(_("省总备案日期"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    worker = models.OneToOneField(
        "workers.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="application", verbose_name=_("录用社工")
    )
    hired_on = models.DateField(_("入职日期"), null=True, blank=True)
    # Until employment.services lands: the post fill and contract draft the hire intends.
    contract_start = models.DateField(_("劳动合同起始"), null=True, blank=True)
    contract_sign_by = models.DateField(_("劳动合同签订期限"), null=True, blank=True)
    hire_unit = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    hire_post_kind = models.CharField(_("录用岗位"), max_length=50, blank=True)
    objects = CountedQuerySet.as_manager()  # bulk steps invalidate the round page's cached counts (issue 13)

    class Meta:
        ordering = ["round", "post", "rank", "ticket_no", "id"]
        verbose_name = _("报名")
        constraints = [models.UniqueConstraint(fields=["applicant", "round"], name="one_application_per_round")]
        indexes = [
            models.Index(fields=["round", "review"]),
            models.Index(fields=["round", "ticket_no"]),
            # the round page's list order at 100,000 applications (issue 13)
            models.Index(fields=["round", "post", "rank", "ticket_no", "id"], name="recruitment_app_round_list"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.round}）"

    @property
    def has_certificate(self) -> bool:
        return self.certificate in (CertificateLevel.ASSISTANT, CertificateLevel.SOCIAL_WORKER, CertificateLevel.SENIOR)

    @property
    def hired(self) -> bool:
        return self.worker_id is not None


class UploadKind(models.TextChoices):
    PHOTO = "photo", choice_label("证件照")
    DIPLOMA = "diploma", choice_label("学历证书")
    CERTIFICATE = "certificate", choice_label("资格证书")


class Upload(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(_("材料"), max_length=12, choices=UploadKind.choices)
    file = models.FileField(upload_to="recruitment/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-id"]
        verbose_name = _("报名材料")

    def __str__(self) -> str:
        return self.get_kind_display()


class Judge(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judging")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_judge_seat")]
        verbose_name = _("面试评委")

    def __str__(self) -> str:
        return str(self.user)


class JudgeScore(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="judge_scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=2)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "judge"], name="one_score_per_judge")]
        verbose_name = _("评委打分")

    def __str__(self) -> str:
        return f"{self.judge}: {self.score}"


class Objection(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    content = models.TextField(_("异议内容"))
    received_on = models.DateField(_("收到日期"))
    resolution = models.TextField(_("处理结果"), blank=True)
    upheld = models.BooleanField(_("异议成立"), default=False)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("公示异议")

    def __str__(self) -> str:
        return self.content[:30]


class RecruitmentEvent(models.Model):
    """Every transition: who, when, why."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    label = models.CharField(max_length=100)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.label
