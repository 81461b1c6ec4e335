"""What the statistics app stores: a user's dismissed or snoozed to-do rows, and the county's
报送备案 submissions that the province files in batches (备案号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class TodoDismissal(models.Model):
    """A to-do row the user has dismissed (until = None) or snoozed until a day, with the reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="todo_dismissals")
    key = models.CharField(_("待办标识"), max_length=120)
    reason = models.CharField(_("原因"), max_length=300)
    until = models.DateField(_("暂缓至"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("待办忽略记录")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="stats_todo_dismissal_once")]

    def __str__(self) -> str:
        return self.key


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", choice_label("已报送、待省总备案")
    FILED = "filed", choice_label("省总已备案")
    RETURNED = "returned", choice_label("已退回")


class FilingSubmission(models.Model):
    """报送备案: a county sends a list of its workers to the province; the province files them under a
    备案号 (workers.services.worker_file for each) or returns the submission with a reason."""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("报送单位"))
    workers = models.ManyToManyField("workers.Worker", related_name="filing_submissions", verbose_name=_("报送社工"))
    note = models.CharField(_("报送说明"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    filing_number = models.CharField(_("备案号"), max_length=50, blank=True)
    filing_note = models.CharField(_("备案意见"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("报送备案")

    def __str__(self) -> str:
        return f"{self.org.name} 报送备案 {self.submitted_at:%Y-%m-%d}"


class TodoDigest(models.Model):
    """A user's choice of a daily email of their to-do list (sent by the job `stats.todo_digest`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="todo_digest")
    email = models.EmailField(_("接收邮箱"))
    enabled = models.BooleanField(_("每日发送"), default=True)
    last_sent_on = models.DateField(_("最近发送日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("待办邮件摘要")

    def __str__(self) -> str:
        return self.email
