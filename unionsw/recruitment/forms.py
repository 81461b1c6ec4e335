from django import forms
from django.utils.translation import gettext_lazy as _

from unionsw.workers.models import CertificateLevel, Education, PoliticalStatus

from .models import Round, TieKey

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    title = forms.CharField(label=_("计划名称"), max_length=100)
    exam_year = forms.IntegerField(label=_("考试年份"), min_value=2000, max_value=2100)
    exam_month = forms.IntegerField(label=_("考试月份"), min_value=1, max_value=12)
    reason_gap = forms.CharField(label=_("人员力量缺口"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    reason_enterprises = forms.IntegerField(label=_("企业数量（家）"), min_value=0, max_value=10_000_000, required=False)
    reason_members = forms.IntegerField(label=_("职工人数（人）"), min_value=0, max_value=100_000_000, required=False)
    reason_funds = forms.CharField(label=_("经费保障"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ExamBodyForm(forms.Form):
    """An accredited exam body (seed 004); every rule lives in services._exam_body_values."""

    org = forms.ModelChoiceField(label=_("委托单位"), queryset=None, empty_label=_("请选择"))
    name = forms.CharField(label=_("机构名称"), max_length=100)
    commission = forms.CharField(
        label=_("委托文件（文号）"), max_length=100, help_text=_("市总工会委托该机构组织入职考试的文件或文号")
    )
    accreditation = forms.CharField(label=_("资质证明（证书编号）"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("委托有效期自"), widget=DATE)
    valid_until = forms.DateField(label=_("委托有效期至"), widget=DATE, required=False, help_text=_("长期有效可不填"))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class RoundForm(forms.ModelForm):
    exam_body = forms.ModelChoiceField(
        label=_("组织考试的社会考试机构"),
        queryset=None,
        required=False,
        empty_label=_("请选择"),
        help_text=_("市总工会委托的、有资质的社会考试机构（在“社会考试机构”中登记），须在笔试日期处于委托有效期内"),
    )
    exam_month_override_reason = forms.CharField(
        label=_("破例理由"),
        required=False,
        max_length=300,
        help_text=_("仅当政策规定“原则上”在统一考试月份考试、本次确需在其他月份时填写（须有破例权限，记入审计）"),
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "body",
            "reference_date",
            "registration_start",
            "registration_end",
            "exam_date",
            "interview_date",
            "written_weight",
            "interview_ratio",
            "drop_high_low",
            "second_tie_key",
            "waiting_list_months",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 4}),
            "reference_date": DATE,
            "registration_start": DATE,
            "registration_end": DATE,
            "exam_date": DATE,
            "interview_date": DATE,
            "second_tie_key": forms.Select(choices=TieKey.choices),
        }
        help_texts = {
            "written_weight": _("总成绩 = 笔试×权重 + 面试×(1−权重)；政策未规定，由本批次确定"),
            "interview_ratio": _("政策未规定时由本批次确定，如 3 表示 1:3"),
            "waiting_list_months": _("政策未规定时由本批次确定"),
            "reference_date": _("年龄按此日计算（周岁）"),
        }


class ApplicationForm(forms.Form):
    post = forms.ModelChoiceField(label=_("报考岗位"), queryset=None, empty_label=_("请选择"))
    education = forms.ChoiceField(label=_("学历"), choices=[("", _("请选择")), *Education.choices])
    school = forms.CharField(label=_("毕业院校"), max_length=100)
    major = forms.CharField(label=_("专业"), max_length=100)
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=PoliticalStatus.choices, initial="masses")
    ethnicity = forms.CharField(label=_("民族"), max_length=20, initial="汉族")  # a value typed and stored: Chinese
    certificate = forms.ChoiceField(
        label=_("社会工作者职业水平证书"), choices=[("", _("无")), *CertificateLevel.choices], required=False
    )
    certificate_number = forms.CharField(label=_("证书编号"), max_length=50, required=False)
    work_history = forms.CharField(label=_("工作经历"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    photo = forms.FileField(label=_("证件照（JPG/PNG，≤2MB）"), required=False)
    diploma = forms.FileField(label=_("学历证书（PDF/JPG/PNG，≤5MB）"), required=False)
    certificate_file = forms.FileField(label=_("资格证书（PDF/JPG/PNG，≤5MB）"), required=False)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = round.posts.select_related("unit").order_by("code", "id")


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    phone = forms.CharField(label=_("手机号"), max_length=11)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, help_text=_("至少8位，含字母和数字"))
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)
    captcha = forms.CharField(label=_("验证码（图中字符，不区分大小写）"), max_length=10)
    accept_privacy = forms.BooleanField(label=_("我已阅读并同意《个人信息处理告知》"), required=False)


class LoginForm(forms.Form):
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    captcha = forms.CharField(label=_("验证码（图中字符，不区分大小写）"), max_length=10)
