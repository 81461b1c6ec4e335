"""The real-name registry (实名动态管理, SPEC §5).

ID number and phone are stored encrypted (`*_enc`) with a keyed blind index (`*_index`) for exact
lookup and uniqueness, and a masked copy (`*_masked`) for lists. Birth date and gender are derived
from the ID number by the service that writes the record; nobody types them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from unionsw.core import crypto, idnumber
from unionsw.core.counts import CountedQuerySet


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", "中共党员"
    CPC_PROBATION = "cpc_probation", "中共预备党员"
    CYL = "cyl", "共青团员"
    # the eight democratic parties by name, as rosters write them (issue 10: not one 民主党派 bucket)
    RCCK = "rcck", "民革"
    CDL = "cdl", "民盟"
    CNDCA = "cndca", "民建"
    CAPD = "capd", "民进"
    PWDP = "pwdp", "农工党"
    CZGP = "czgp", "致公党"
    JIUSAN = "jiusan", "九三学社"
    TDSL = "tdsl", "台盟"
    DEMOCRATIC = "democratic", "民主党派"  # records entered before the parties were named
    NON_PARTY = "non_party", "无党派人士"
    MASSES = "masses", "群众"


class Education(models.TextChoices):
    # ordered from lowest; EDUCATION_RANK gives the order used by eligibility rules
    JUNIOR_COLLEGE = "junior_college", "大专"
    BACHELOR = "bachelor", "本科"
    POSTGRADUATE = "postgraduate", "研究生"  # as rosters write it when they do not say 硕士 or 博士
    MASTER = "master", "硕士研究生"
    DOCTOR = "doctor", "博士研究生"


EDUCATION_RANK = {"junior_college": 0, "bachelor": 1, "postgraduate": 2, "master": 2, "doctor": 3}


class EmploymentMode(models.TextChoices):
    PUBLIC_HIRE = "public_hire", "公开招聘"
    PURCHASED_SERVICE = "purchased_service", "购买服务"
    REHIRED = "rehired", "返聘"
    PUBLIC_WELFARE = "public_welfare", "公益性岗位"


class WorkerStatus(models.TextChoices):
    ACTIVE = "active", "在岗"
    RESIGNED = "resigned", "辞职"
    DISMISSED = "dismissed", "解聘"
    EXPIRED = "expired", "合同期满离职"
    RETIRED = "retired", "退休"
    DECEASED = "deceased", "死亡"


class FilingStatus(models.TextChoices):
    UNFILED = "unfiled", "未备案"
    FILED = "filed", "已备案"


class Worker(models.Model):
    name = models.CharField("姓名", max_length=50, db_index=True)
    id_number_enc = models.TextField("身份证号（密文）")
    id_number_index = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField("身份证号", max_length=18)
    birth_date = models.DateField("出生日期")
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    phone_enc = models.TextField("手机号（密文）", blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField("手机号", max_length=20, blank=True)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    political_status = models.CharField("政治面貌", max_length=16, choices=PoliticalStatus.choices)
    education = models.CharField("学历", max_length=16, choices=Education.choices)
    major = models.CharField("专业", max_length=100, blank=True)
    employment_mode = models.CharField("用工方式", max_length=20, choices=EmploymentMode.choices)
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="workers", verbose_name="岗位所在单位")
    post_title = models.CharField("岗位", max_length=50, blank=True, help_text="岗位名称，如 组建指导岗")
    rank = models.CharField("岗位等级", max_length=20, blank=True)
    rank_since = models.DateField("现等级起始日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE)
    filing_status = models.CharField("备案状态", max_length=8, choices=FilingStatus.choices, default=FilingStatus.UNFILED)
    filed_at = models.DateField("备案日期", null=True, blank=True)
    hired_on = models.DateField("入职日期")
    left_on = models.DateField("离职日期", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="worker", verbose_name="自助账号"
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
        verbose_name = "社工"
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
    ASSISTANT = "assistant", "助理社会工作师"
    SOCIAL_WORKER = "social_worker", "社会工作师"
    SENIOR = "senior", "高级社会工作师"
    OTHER = "other", "其他证书"


class CertificateStatus(models.TextChoices):
    CONFIRMED = "confirmed", "已确认"
    PENDING = "pending", "待审核"
    RETURNED = "returned", "已退回"


class Certificate(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="certificates", verbose_name="社工")
    level = models.CharField("证书", max_length=16, choices=CertificateLevel.choices)
    name = models.CharField("证书名称", max_length=100, blank=True, help_text="其他证书时填写")
    number = models.CharField("证书编号", max_length=50, blank=True)
    issued_on = models.DateField("取得日期")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    # issue 9: registration (登记, seed 001: 通过考试的人员应及时履行登记程序), the end of a certificate and its scan
    registered_on = models.DateField("登记日期", null=True, blank=True)
    registration_number = models.CharField("登记编号", max_length=50, blank=True)
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True)
    scan = models.ForeignKey(
        "Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="证书扫描件"
    )
    # issue 9: a certificate the worker enters is 待审核 until the county confirms it; only confirmed ones count
    status = models.CharField(
        "审核状态", max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.CONFIRMED, db_index=True
    )
    issuer = models.CharField("发证机关", max_length=100, blank=True)
    review_reason = models.CharField("退回原因", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on"]
        verbose_name = "证书"

    def __str__(self) -> str:
        return self.name or self.get_level_display()

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
    ID_COPY = "id_copy", "身份证复印件"
    DIPLOMA = "diploma", "学历证书"
    CERTIFICATE = "certificate", "资格证书"
    CONTRACT = "contract", "劳动合同"
    ASSESSMENT = "assessment", "考核登记表"
    HONOR = "honor", "荣誉证书"
    OTHER = "other", "其他"


class Document(models.Model):
    """A file in the worker's personnel file (个人档案). Stored outside the web root; every download is audited."""

    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="documents", verbose_name="社工")
    kind = models.CharField("材料类型", max_length=16, choices=DocumentKind.choices)
    title = models.CharField("名称", max_length=100)
    file = models.FileField("文件", upload_to="personnel/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "档案材料"

    def __str__(self) -> str:
        return self.title
