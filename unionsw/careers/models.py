"""Career ladder (SPEC §11): promotions (proposal → approval → effective date) and recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from unionsw.core.i18n import choice_label


class PromotionStatus(models.TextChoices):
    PROPOSED = "proposed", choice_label("已提名、待审批")
    SCHEDULED = "scheduled", choice_label("已批准、待生效")
    EFFECTIVE = "effective", choice_label("已批准、已生效")
    REFUSED = "refused", choice_label("未批准")
    LAPSED = "lapsed", choice_label("到期未生效")


class Promotion(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="promotions", verbose_name="社工")
    from_rank = models.CharField("原等级", max_length=20)
    to_rank = models.CharField("晋升等级", max_length=20)
    explanation = models.JSONField("资格审查", default=list, help_text="提名时逐项审查的结果")
    status = models.CharField("状态", max_length=12, choices=PromotionStatus.choices, default=PromotionStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "晋升"

    def __str__(self) -> str:
        return f"{self.worker.name}：{self.from_rank} → {self.to_rank}"


class RecommendationKind(models.TextChoices):
    VICE_CHAIR = "vice_chair", choice_label("专职副主席候选人")
    PARTY = "party", choice_label("党员发展对象")
    HONOUR = "honour", choice_label("荣誉推荐")


class Recommendation(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="recommendations", verbose_name="社工")
    kind = models.CharField("推荐类型", max_length=12, choices=RecommendationKind.choices)
    target = models.CharField("推荐为", max_length=100, help_text="如 解放路街道工会专职副主席候选人、优秀工会工作者")
    reason = models.TextField("推荐理由")
    record = models.JSONField("考核记录（推荐时附）", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "推荐"

    def __str__(self) -> str:
        return f"{self.worker.name}：{self.target}"
