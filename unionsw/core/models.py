"""The audit trail: append-only, hash-chained.

Every write, login, import, export and reveal of sensitive data adds one AuditEvent through
`core.audit.audit()`. Rows are never updated or deleted by the application: the queryset and the
instance refuse it, and `manage.py verify_audit` recomputes the chain to prove nothing was changed.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除")


class AuditEvent(models.Model):
    class Result(models.TextChoices):
        OK = "ok", choice_label("成功")
        DENIED = "denied", choice_label("拒绝")
        FAILED = "failed", choice_label("失败")

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("操作人")
    )
    actor_name = models.CharField(_("账号"), max_length=150, blank=True)
    org_name = models.CharField(_("所属组织"), max_length=200, blank=True)
    ip = models.CharField("IP", max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    target_id = models.CharField(_("对象ID"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices, default=Result.OK)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("审计日志")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除")

    def payload(self) -> str:
        """The canonical text that the hash covers."""
        return json.dumps(
            [
                self.at.isoformat(),
                self.actor_id,
                self.actor_name,
                self.org_name,
                self.ip,
                self.action,
                self.target_type,
                self.target_id,
                self.target_repr,
                self.result,
                self.detail,
                self.prev_hash,
            ],
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )

    def compute_hash(self) -> str:
        """The row's HMAC under the current audit key (core.audit)."""
        from .audit import _mac, audit_keys

        return _mac(audit_keys()[0][1], self.payload())


class AuditChainHead(models.Model):
    """A single row holding the newest hash; locking it serialises appends to the chain."""

    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return self.last_hash


class SiteState(models.Model):
    """Facts about this installation (single row)."""

    demo = models.BooleanField(_("示例数据"), default=False)
    demo_loaded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "示例数据" if self.demo else "正式数据"  # admin/shell only


class Job(models.Model):
    """A long import or export, run in the background so the page shows progress instead of hanging
    (see core/jobs.py). Visible only to the user who started it; its files live under MEDIA_ROOT and
    are downloaded through a view that checks ownership, never served directly."""

    class Status(models.TextChoices):
        RUNNING = "running", choice_label("进行中")
        DONE = "done", choice_label("已完成")
        REJECTED = "rejected", choice_label("有错误，未导入")
        FAILED = "failed", choice_label("失败")

    kind = models.CharField(_("类型"), max_length=32, db_index=True)
    label = models.CharField(_("名称"), max_length=100)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    source_name = models.CharField(_("上传文件"), max_length=200, blank=True)
    back_url = models.CharField(_("返回页面"), max_length=300, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("结果文件名"), max_length=200, blank=True)
    error_file = models.FileField(_("错误明细"), upload_to="jobs/%Y/%m/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("发起人"))
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # the job queue (issue 13): the registered function and its JSON arguments, so any worker can run it
    task = models.CharField(_("任务函数"), max_length=64, blank=True)
    args = models.JSONField(_("参数"), default=dict, blank=True)
    source_file = models.FileField(_("上传文件（存档）"), upload_to="jobs/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(_("执行次数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    worker = models.CharField(_("执行进程"), max_length=100, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("导入导出任务")
        indexes = [models.Index(fields=["created_by", "-id"])]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status != self.Status.RUNNING

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
