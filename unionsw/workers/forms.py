from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unionsw.core import parsing
from unionsw.core.scope import visible_orgs
from unionsw.orgs.policy import effective_policy

from .models import DocumentKind, Education, EmploymentMode, PoliticalStatus, WorkerStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkerForm(forms.Form):
    """Parses input only; every rule lives in services.validate_worker_input."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, help_text=_("出生日期、性别、年龄由身份证号自动得出"))
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    ethnicity = forms.CharField(label=_("民族"), max_length=20, initial="汉族")
    political_status = forms.ChoiceField(label=_("政治面貌"), choices=[("", _("请选择")), *PoliticalStatus.choices])
    education = forms.ChoiceField(label=_("学历"), choices=Education.choices)
    major = forms.CharField(label=_("专业"), max_length=100, required=False)
    employment_mode = forms.ChoiceField(label=_("用工方式"), choices=EmploymentMode.choices)
    org = forms.ModelChoiceField(
        label=_("岗位所在单位"), queryset=None, widget=forms.Select(attrs={"data-searchable": ""})  # static/js/select-search.js
    )
    post_title = forms.CharField(label=_("岗位"), max_length=50, required=False)
    rank = forms.ChoiceField(label=_("岗位等级"), required=False)
    rank_since = forms.DateField(label=_("现等级起始日期"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("状态"), choices=WorkerStatus.choices, initial=WorkerStatus.ACTIVE)
    hired_on = forms.DateField(label=_("入职日期"), widget=DATE)
    left_on = forms.DateField(label=_("离职日期"), required=False, widget=DATE)
    reason = forms.CharField(label=_("变更原因"), max_length=200, required=False, help_text=_("修改时必填，记入档案变更记录"))
    version = parsing.VersionField()
    override_reason = forms.CharField(
        label=_("破例理由"),
        max_length=300,
        required=False,
        help_text=_("仅当适用的政策“原则上”不再新招录公益性岗位人员、本次确需新招录时填写（须有破例权限，记入审计和档案变更记录）"),
    )

    def __init__(self, *args, user, editing=False, worker=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = visible_orgs(user).filter(is_active=True).order_by("path")
        self.fields["org"].queryset = orgs
        self.fields["org"].label_from_instance = lambda o: "　" * max(o.depth - 1, 0) + o.name
        ladder = effective_policy(user.org).get("ladder") if user.org_id else None
        self.fields["rank"].choices = [("", gettext("未定级"))] + [(r, r) for r in (ladder or [])]
        if editing or not user.can("policy.soft_override"):
            del self.fields["override_reason"]
        if user.can("post.manage"):
            self._post_from_posts(user, worker)
        if editing:
            del self.fields["id_number"]
            self.fields["phone"].help_text = _("留空表示不修改")
            self.fields["reason"].required = True


    def clean(self):
        data = super().clean()
        post, org = data.get("post"), data.get("org")
        if post is not None and org is not None and post.unit_id != org.pk:
            # filling moves the worker to the post's unit: say so rather than change the unit silently
            self.add_error("post", gettext("所选岗位属于%(unit)s，请把岗位所在单位选为%(unit)s，或选择本单位的岗位") % {"unit": post.unit.name})
        return data

    def _post_from_posts(self, user, worker) -> None:
        """岗位 is chosen from the vacant posts of 岗位与空缺 in the user's scope (issue 12); saving fills it
        through employment.services.worker_post_assign. The free text typed before stays on the record
        (and in its history) and is shown here until a post is chosen."""
        from django.db.models import Q

        from unionsw.employment.selectors import post_list_visible_to

        mine = Q(holder=worker) if worker is not None else Q(pk__in=[])
        posts = (
            post_list_visible_to(user)
            .filter(Q(holder__isnull=True) | mine, is_active=True, unit__is_active=True)
            .select_related("unit", "kind")
            .order_by("unit__path", "kind__sort", "pk")
        )
        field = forms.ModelChoiceField(
            label=gettext("岗位"),
            queryset=posts,
            required=False,
            empty_label=gettext("不安排岗位"),
            error_messages={"invalid_choice": gettext("该岗位已不是您管理范围内的空缺岗位（可能刚由其他管理员安排到岗），请重新选择")},
            widget=forms.Select(attrs={"data-searchable": ""}),
            help_text=gettext("“岗位与空缺”中的空缺岗位；保存时安排到岗（已在其他岗位的社工为调动）"),
        )
        field.label_from_instance = lambda p: f"{p.unit.name}·{p.kind.name}" + (f"（{p.rank_band}）" if p.rank_band else "")
        current = getattr(worker, "post_title", "") if worker is not None else ""
        if current and not posts.filter(holder=worker).exists():
            field.help_text = gettext("现登记岗位：%(post)s（原填写内容，保留在档案中）。") % {"post": current} + field.help_text
        self.fields["post"] = field
        self.fields["post_on"] = forms.DateField(
            label=gettext("到岗日期"),
            required=False,
            widget=DATE,
            help_text=gettext("选择岗位时填写；留空：新增为入职日期，修改为今天"),
        )
        del self.fields["post_title"]
        order = list(self.fields)
        order.remove("post")
        order.remove("post_on")
        at = order.index("org") + 1
        self.order_fields(order[:at] + ["post", "post_on"] + order[at:])


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("名称"), max_length=100, required=False)
    file = forms.FileField(label=_("文件（PDF/JPG/PNG，不超过 10 MB）"))


class CertificateForm(forms.Form):
    """issue 9: add or edit a certificate; rules live in services._validate_certificate."""

    level = forms.ChoiceField(label=_("证书类别"), choices=[])
    name = forms.CharField(label=_("证书名称"), max_length=100, required=False, help_text=_("其他证书时填写"))
    number = forms.CharField(label=_("证书编号"), max_length=50, required=False)
    issued_on = forms.DateField(label=_("取得日期"), widget=DATE)
    expires_on = forms.DateField(label=_("有效期至"), required=False, widget=DATE, help_text=_("长期有效可不填；续期时改为新的日期"))
    registered_on = forms.DateField(label=_("登记日期"), required=False, widget=DATE)
    registration_number = forms.CharField(label=_("登记编号"), max_length=50, required=False)
    scan = forms.FileField(label=_("证书扫描件（PDF/JPG/PNG，不超过 10 MB，归入个人档案）"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import CertificateLevel

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = CertificateLevel.choices


class CertificateEndForm(forms.Form):
    ended_on = forms.DateField(label=_("终止日期"), widget=DATE)
    reason = forms.CharField(label=_("终止原因"), max_length=200)


class SelfCertificateForm(forms.Form):
    """issue 9: a worker enters their own certificate (待审核 until the county confirms it)."""

    level = forms.ChoiceField(label=_("证书类别"), choices=[])
    name = forms.CharField(label=_("证书名称"), max_length=100, required=False, help_text=_("其他证书时填写"))
    number = forms.CharField(label=_("证书编号"), max_length=50, required=False)
    issuer = forms.CharField(label=_("发证机关"), max_length=100)
    issued_on = forms.DateField(label=_("取得日期"), widget=DATE)
    scan = forms.FileField(label=_("证书扫描件（可选，PDF/JPG/PNG，不超过 10 MB）"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import CertificateLevel

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = CertificateLevel.choices


class CertificateReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核"), choices=[("confirm", _("确认")), ("return", _("退回"))])
    reason = forms.CharField(label=_("退回原因"), max_length=200, required=False)
