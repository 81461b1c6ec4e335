"""The real-name registry (实名动态管理, SPEC §5).

ID number and phone are stored encrypted (`*_enc`) with a keyed blind index (`*_index`) for exact
lookup and uniqueness, and a masked copy (`*_masked`) for lists. Birth date and gender are derived
from the ID number by the service that writes the record; nobody types them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionsw.core import crypto, idnumber
from unionsw.core.counts import CountedQuerySet
from unionsw.core.i18n import choice_label


class Gender(models.TextChoices):
    MALE = "M", choice_label("男")
    FEMALE = "F", choice_label("女")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", choice_label("中共党员")
    CPC_PROBATION = "cpc_probation", choice_label("中共预备党员")
    CYL = "cyl", choice_label("共青团员")
    # the eight democratic parties by name, as rosters write them (issue 10: not one 民主党派 bucket)
    RCCK = "rcck", choice_label("民革")
    CDL = "cdl", choice_label("民盟")
    CNDCA = "cndca", choice_label("民建")
    CAPD = "capd", choice_label("民进")
    PWDP = "pwdp", choice_label("农工党")
    CZGP = "czgp", choice_label("致公党")
    JIUSAN = "jiusan", choice_label("九三学社")
    TDSL = "tdsl", choice_label("台盟")
    DEMOCRATIC = "democratic", choice_label("民主党派")  # records entered before the parties were named
    NON_PARTY = "non_party", choice_label("无党派人士")
    MASSES = "masses", choice_label("群众")


class Education(models.TextChoices):
    # ordered from lowest; EDUCATION_RANK gives the order used by eligibility rules
    JUNIOR_COLLEGE = "junior_college", choice_label("大专")
    BACHELOR = "bachelor", choice_label("本科")
    POSTGRADUATE = "postgraduate", choice_label("研究生")  # as rosters write it when they do not say 硕士 or 博士
    MASTER = "master", choice_label("硕士研究生")
    DOCTOR = "doctor", choice_label("博士研究生")


EDUCATION_RANK = {"junior_college": 0, "bachelor": 1, "postgraduate": 2, "master": 2, "doctor": 3}


class EmploymentMode(models.TextChoices):
    PUBLIC_HIRE = "public_hire", choice_label("公开招聘")
    PURCHASED_SERVICE = "purchased_service", choice_label("购买服务")
    REHIRED = "rehired", choice_label("返聘")
    PUBLIC_WELFARE = "public_welfare", choice_label("公益性岗位")


class WorkerStatus(models.TextChoices):
    ACTIVE = "active", choice_label("在岗")
    RESIGNED = "resigned", choice_label("辞职")
    DISMISSED = "dismissed", choice_label("解聘")
    EXPIRED = "expired", choice_label("合同期满离职")
    RETIRED = "retired", choice_label("退休")
    DECEASED = "deceased", choice_label("死亡")


class FilingStatus(models.TextChoices):
    UNFILED = "unfiled", choice_label("未备案")
    FILED = "filed", choice_label("已备案")


class Worker(models.Model):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    id_number_enc = models.TextField(_("身份证号（密文）"))
    id_number_index = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField(_("身份证号"), max_length=18)
    birth_date = models.DateField(_("出生日期"))
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    phone_enc = models.TextField(_("手机号（密文）"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("手机号"), max_length=20, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=PoliticalStatus.choices)
    education = models.CharField(_("学历"), max_length=16, choices=Education.choices)
    major = models.CharField(_("专业"), max_length=100, blank=True)
    employment_mode = models.CharField(_("用工方式"), max_length=20, choices=EmploymentMode.choices)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="workers", verbose_name=_("岗位所在单位"))
    post_title = models.CharField(_("岗位"), max_length=50, blank=True, help_text=_("岗位名称，如 组建指导岗"))
    rank = models.CharField(_("岗位等级"), max_length=20, blank=True)
    rank_since = models.DateField(_("现等级起始日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE)
    filing_status = models.CharField(_("备案状态"), max_length=8, choices=FilingStatus.choices, default=FilingStatus.UNFILED)
    filed_at = models.DateField(_("备案日期"), null=True, blank=True)
    hired_on = models.DateField(_("入职日期"))
    left_on = models.DateField(_("离职日期"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="worker", verbose_name=_("自助账号")
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["id_number_enc", "phone_enc", "id_number_index", "phone_index", "created_at", "updated_at", "version"],
        history_change_reason_field=models.TextField(null=True),
    )
    objects = CountedQuerySet.as_manager()  # bulk writes invalidate cached list counts (core/counts.py)

    class Meta:
        ordering = ["org_id", "name", "id"]
        verbose_name = "社工"  # plain: simple_history reads it (str) while the models load, before translations can
        indexes = [
            models.Index(fields=["org", "status"]),
            models.Index(fields=["status", "filing_status"]),
            models.Index(fields=["rank"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        """Plain ID number. Only call this behind a permission check that audits the reveal."""
        return crypto.decrypt(self.id_number_enc)

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_enc)

    def age_on(self, day: date) -> int:
        return idnumber.age_on(self.birth_date, day)

    @property
    def age(self) -> int:
        return self.age_on(date.today())

    @property
    def is_filed(self) -> bool:
        return self.filing_status == FilingStatus.FILED


class CertificateLevel(models.TextChoices):
    ASSISTANT = "assistant", choice_label("助理社会工作师")
    SOCIAL_WORKER = "social_worker", choice_label("社会工作师")
    SENIOR = "senior", choice_label("高级社会工作师")
    OTHER = "other", choice_label("其他证书")


class CertificateStatus(models.TextChoices):
    CONFIRMED = "confirmed", choice_label("已确认")
    PENDING = "pending", choice_label("待审核")
    RETURNED = "returned", choice_label("已退回")


class Certificate(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("社工"))
    level = models.CharField(_("证书"), max_length=16, choices=CertificateLevel.choices)
    name = models.CharField(_("证书名称"), max_length=100, blank=True, help_text=_("其他证书时填写"))
    number = models.CharField(_("证书编号"), max_length=50, blank=True)
    issued_on = models.DateField(_("取得日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    # issue 9: registration (登记, seed 001: 通过考试的人员应及时履行登记程序), the end of a certificate and its scan
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    registration_number = models.CharField(_("登记编号"), max_length=50, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    scan = models.ForeignKey(
        "Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("证书扫描件")
    )
    # issue 9: a certificate the worker enters is 待审核 until the county confirms it; only confirmed ones count
    status = models.CharField(
        _("审核状态"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.CONFIRMED, db_index=True
    )
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)
    review_reason = models.CharField(_("退回原因"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on"]
        verbose_name = "证书"  # plain: simple_history reads it (str) while the models load, before translations can

    def __str__(self) -> str:  # the Chinese: it goes into stored texts (audit details, document titles)
        return self.name or self.get_level_display()

    @property
    def shown_name(self) -> str:
        """The name as a page shows it: a national level is translated (issue 12)."""
        return self.name or str(self.get_level_display())

    @property
    def is_national_level(self) -> bool:
        return self.level != CertificateLevel.OTHER

    @property
    def is_ended(self) -> bool:
        return self.ended_on is not None

    @property
    def is_confirmed(self) -> bool:
        return self.status == CertificateStatus.CONFIRMED


class DocumentKind(models.TextChoices):
    ID_COPY = "id_copy", choice_label("身份证复印件")
    DIPLOMA = "diploma", choice_label("学历证书")
    CERTIFICATE = "certificate", choice_label("资格证书")
    CONTRACT = "contract", choice_label("劳动合同")
    ASSESSMENT = "assessment", choice_label("考核登记表")
    HONOR = "honor", choice_label("荣誉证书")
    OTHER = "other", choice_label("其他")


class Document(models.Model):
    """A file in the worker's personnel file (个人档案). Stored outside the web root; every download is audited."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="documents", verbose_name=_("社工"))
    kind = models.CharField(_("材料类型"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to="personnel/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("档案材料")

    def __str__(self) -> str:
        return self.title
