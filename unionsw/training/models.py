"""Training (教育培训, SPEC §12): annual plans per org, sessions, enrolment, attendance and hours.

Seeds 000/001/002: 各级工会应将……培训列入年度培训计划; kinds (岗前培训、岗位轮训、资格培训、专题培训、业务培训)
are policy data (`training_kinds`), so a session stores the kind as text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class TrainingPlan(models.Model):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="training_plans", verbose_name=_("制定单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=100)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "org__path"]
        verbose_name = _("年度培训计划")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="training_plan_one_per_org_year")]

    def __str__(self) -> str:
        return self.title


class AttendanceMethod(models.TextChoices):
    CODE = "code", choice_label("签到码签到")
    ORGANISER = "organiser", choice_label("主办方登记")


class TrainingSession(models.Model):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("培训计划"))
    kind = models.CharField(_("培训类别"), max_length=20)
    title = models.CharField(_("培训名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    online = models.BooleanField(_("线上培训"), default=False)
    place = models.CharField(_("地点或平台"), max_length=200)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("不填表示不限"))
    organiser = models.CharField(_("承办单位"), max_length=100, blank=True)
    self_enrol = models.BooleanField(_("允许社工自行报名"), default=False)
    # sign-in: a secret from which the current code is derived (rules.signin_code); open until a moment
    signin_secret = models.CharField(max_length=64, blank=True, editable=False)
    signin_until = models.DateTimeField(_("签到截止"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("培训班次")
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("培训班次"))
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="training_enrolments", verbose_name=_("社工"))
    self_enrolled = models.BooleanField(_("本人报名"), default=False)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    attended_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    attendance_method = models.CharField(_("签到方式"), max_length=10, choices=AttendanceMethod.choices, blank=True)
    hours_credited = models.DecimalField(_("认定学时"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["session", "worker__name", "id"]
        verbose_name = _("报名")
        constraints = [models.UniqueConstraint(fields=["session", "worker"], name="training_enrolment_once")]
        indexes = [models.Index(fields=["worker", "attended_at"])]

    def __str__(self) -> str:
        return f"{self.worker} · {self.session}"

    @property
    def attended(self) -> bool:
        return self.attended_at is not None


class ExamLevel(models.TextChoices):
    # 全国社会工作者职业水平考试 (seeds 000/001 encourage it): 助理社会工作师 / 社会工作师 / 高级社会工作师
    ASSISTANT = "assistant", choice_label("初级（助理社会工作师）")
    INTERMEDIATE = "social_worker", choice_label("中级（社会工作师）")
    SENIOR = "senior", choice_label("高级（高级社会工作师）")


class ExamResult(models.TextChoices):
    PASSED = "passed", choice_label("通过")
    PARTIAL = "partial", choice_label("部分科目合格")
    FAILED = "failed", choice_label("未通过")
    ABSENT = "absent", choice_label("缺考")


class ExamSitting(models.Model):
    """One worker's sitting of the national social-worker exam in one year, so the encouragement can be measured."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="exam_sittings", verbose_name=_("社工"))
    year = models.PositiveSmallIntegerField(_("考试年度"))
    level = models.CharField(_("级别"), max_length=16, choices=ExamLevel.choices)
    result = models.CharField(_("结果"), max_length=10, choices=ExamResult.choices)
    note = models.CharField(_("说明（合格科目等）"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "level"]
        verbose_name = _("职业水平考试")
        constraints = [models.UniqueConstraint(fields=["worker", "year", "level"], name="exam_sitting_once")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_level_display()}"
