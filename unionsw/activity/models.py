"""What a worker does (SPEC §12): the work log (工作日志), volunteer service (志愿服务) and honours (荣誉表彰).

Each is recorded once by the worker or the organiser and confirmed by the right person: the host unit
confirms the work log, the organiser confirms volunteer hours; the confirmed records feed the annual
assessment's workload table (一量化) and bonus points (seed 003).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class Review(models.TextChoices):
    SUBMITTED = "submitted", choice_label("待确认")
    CONFIRMED = "confirmed", choice_label("已确认")
    RETURNED = "returned", choice_label("已退回")


class Evidence(models.Model):
    """A photo or file proving a log entry or volunteer hours (checked: size, type, image dimensions)."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="activity_evidence")
    file = models.FileField(_("佐证材料"), upload_to="activity/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")

    def __str__(self) -> str:
        return f"佐证材料 {self.pk}"


class WorkLogEntry(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="worklog", verbose_name=_("社工"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("岗位所在单位"))
    day = models.DateField(_("日期"))
    category = models.CharField(_("类别"), max_length=20)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    served = models.CharField(_("服务企业/工会"), max_length=100, blank=True)
    beneficiaries = models.PositiveIntegerField(_("受益人数"), default=0)
    description = models.TextField(_("工作内容"))
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("佐证材料"))
    status = models.CharField(_("状态"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("确认意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("工作日志")
        indexes = [
            # covering: summaries by unit/county/city are index-only scans (bench/worklog.py, 1,000,000 entries)
            models.Index(fields=["org", "status", "day"], include=["beneficiaries", "id"], name="worklog_org_status_day_cov"),
            models.Index(fields=["worker", "day"]),
            models.Index(fields=["status", "day"]),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.category}"


class VolunteerActivity(models.Model):
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位"))
    theme = models.CharField(_("主题"), max_length=100)
    day = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    organiser = models.CharField(_("组织者"), max_length=100, blank=True)
    description = models.TextField(_("活动内容"), blank=True)
    photo = models.FileField(_("活动照片"), upload_to="volunteer/%Y/%m/", blank=True)
    photo_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("志愿服务活动")

    def __str__(self) -> str:
        return self.theme


class VolunteerHours(models.Model):
    """Hours of one worker: entered by the organiser of an activity, or logged by the worker with evidence."""

    activity = models.ForeignKey(
        VolunteerActivity, null=True, blank=True, on_delete=models.PROTECT, related_name="participants", verbose_name=_("活动")
    )
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="volunteer_hours", verbose_name=_("社工"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("岗位所在单位"))
    day = models.DateField(_("日期"))
    hours = models.DecimalField(_("时长（小时）"), max_digits=5, decimal_places=1)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    logged_by_worker = models.BooleanField(_("本人填报"), default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("志愿服务时长")
        indexes = [models.Index(fields=["org", "status", "day"]), models.Index(fields=["status", "day"])]
        constraints = [
            models.UniqueConstraint(fields=["activity", "worker"], name="volunteer_once_per_activity", condition=models.Q(activity__isnull=False))
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.hours}小时"


class HonourLevel(models.TextChoices):
    # the assessment's commendation levels (assessment.services.COMMENDATION_LEVELS): bonus points by level (seed 003)
    NATIONAL = "national", choice_label("全国")
    PROVINCIAL = "provincial", choice_label("省级")
    CITY = "city", choice_label("市级")
    COUNTY = "county", choice_label("县级")


HONOUR_LEVEL_ORDER = {"national": 0, "provincial": 1, "city": 2, "county": 3}


class Honour(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="honours", verbose_name=_("社工"))
    level = models.CharField(_("级别"), max_length=12, choices=HonourLevel.choices)
    title = models.CharField(_("荣誉称号"), max_length=50)
    body = models.CharField(_("授予单位"), max_length=100)
    awarded_on = models.DateField(_("授予日期"))
    document = models.ForeignKey(
        "workers.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("表彰文件")
    )
    selection = models.ForeignKey("Selection", null=True, blank=True, on_delete=models.SET_NULL, related_name="awards")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-awarded_on", "-id"]
        verbose_name = _("荣誉表彰")

    def __str__(self) -> str:
        return self.title


class SelectionStatus(models.TextChoices):
    NOMINATING = "nominating", choice_label("县级推荐中")
    REVIEWING = "reviewing", choice_label("市级审核中")
    NOTICE = "notice", choice_label("公示中")
    AWARDED = "awarded", choice_label("已表彰")


class Selection(models.Model):
    """The annual excellent-worker selection of a city (Qingdao: 每年评选20名优秀社会工作专业人才, seed 002)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("评选单位"))
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("荣誉称号"), max_length=50)
    quota = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=SelectionStatus.choices, default=SelectionStatus.NOMINATING)
    notice_from = models.DateField(_("公示开始"), null=True, blank=True)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    awarded_on = models.DateField(_("表彰日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("年度优秀社工评选")
        constraints = [models.UniqueConstraint(fields=["org", "year", "title"], name="selection_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year} 年度{self.title}评选"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", choice_label("已推荐")
    APPROVED = "approved", choice_label("市级通过")
    REJECTED = "rejected", choice_label("未通过")
    WITHDRAWN = "withdrawn", choice_label("公示后撤销")


class Nomination(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominations")
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="+", verbose_name=_("社工"))
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("岗位所在单位"))
    reason = models.TextField(_("推荐理由"))
    status = models.CharField(_("状态"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)

    class Meta:
        ordering = ["selection", "org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["selection", "worker"], name="nomination_once")]

    def __str__(self) -> str:
        return f"{self.worker} · {self.selection}"


class Objection(models.Model):
    """An objection raised during the public notice (公示); the city resolves it (upheld → nomination withdrawn)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("异议内容"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    upheld = models.BooleanField(_("异议成立"), null=True)
    resolution = models.CharField(_("处理结果"), max_length=200, blank=True)

    class Meta:
        ordering = ["raised_at"]

    def __str__(self) -> str:
        return f"异议 {self.pk}"


class PartTimePost(models.Model):
    """A post held outside the union (兼任). Seeds 000/001: 未经聘用单位同意，不得兼任其他职务 — so the employer's consent
    is recorded with it (who agreed, when, the document)."""

    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="part_time_posts", verbose_name=_("社工"))
    title = models.CharField(_("兼任职务"), max_length=100)
    organisation = models.CharField(_("兼任单位"), max_length=100)
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True)
    consent = models.BooleanField(_("聘用单位已同意"), default=False)
    consent_on = models.DateField(_("同意日期"), null=True, blank=True)
    consent_by = models.CharField(_("同意单位"), max_length=100, blank=True)
    document = models.ForeignKey("workers.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("兼任")

    def __str__(self) -> str:
        return f"{self.organisation}{self.title}"
