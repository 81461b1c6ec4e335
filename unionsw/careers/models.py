"""Career ladder (SPEC §11): promotions (proposal → approval → effective date) and recommendations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionsw.core.i18n import choice_label


class PromotionStatus(models.TextChoices):
    PROPOSED = "proposed", choice_label("已提名、待审批")
    SCHEDULED = "scheduled", choice_label("已批准、待生效")
    EFFECTIVE = "effective", choice_label("已批准、已生效")
    REFUSED = "refused", choice_label("未批准")
    LAPSED = "lapsed", choice_label("到期未生效")


class Promotion(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="promotions", verbose_name=_("社工"))
    from_rank = models.CharField(_("原等级"), max_length=20)
    to_rank = models.CharField(_("晋升等级"), max_length=20)
    explanation = models.JSONField(_("资格审查"), default=list, help_text=_("提名时逐项审查的结果"))
    status = models.CharField(_("状态"), max_length=12, choices=PromotionStatus.choices, default=PromotionStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("晋升")

    def __str__(self) -> str:
        return f"{self.worker.name}：{self.from_rank} → {self.to_rank}"


class RecommendationKind(models.TextChoices):
    VICE_CHAIR = "vice_chair", choice_label("专职副主席候选人")
    PARTY = "party", choice_label("党员发展对象")
    HONOUR = "honour", choice_label("荣誉推荐")


class Recommendation(models.Model):
    worker = models.ForeignKey("workers.Worker", on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("社工"))
    kind = models.CharField(_("推荐类型"), max_length=12, choices=RecommendationKind.choices)
    target = models.CharField(_("推荐为"), max_length=100, help_text=_("如 解放路街道工会专职副主席候选人、优秀工会工作者"))
    reason = models.TextField(_("推荐理由"))
    record = models.JSONField(_("考核记录（推荐时附）"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("推荐")

    def __str__(self) -> str:
        return f"{self.worker.name}：{self.target}"
