from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HonourLevel

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WorkLogForm(forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=[])
    day = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=100, required=False)
    served = forms.CharField(label=_("服务企业/工会"), max_length=100, required=False)
    beneficiaries = forms.IntegerField(label=_("受益人数"), min_value=0, max_value=1_000_000, required=False, initial=0)
    description = forms.CharField(label=_("工作内容"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("照片或佐证文件（JPG/PNG/PDF，不超过 10 MB）"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c, c) for c in categories]


class HoursForm(forms.Form):
    day = forms.DateField(label=_("日期"), widget=DATE)
    hours = forms.DecimalField(label=_("时长（小时）"), max_digits=4, decimal_places=1, min_value=0.5, max_value=24)
    note = forms.CharField(label=_("活动说明"), max_length=200)
    evidence = forms.FileField(label=_("活动照片或证明（JPG/PNG/PDF）"))


class ActivityForm(forms.Form):
    org = forms.ModelChoiceField(label=_("组织单位"), queryset=None)
    theme = forms.CharField(label=_("主题"), max_length=100)
    day = forms.DateField(label=_("日期"), widget=DATE)
    place = forms.CharField(label=_("地点"), max_length=100)
    organiser = forms.CharField(label=_("组织者"), max_length=100, required=False)
    description = forms.CharField(label=_("活动内容"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(label=_("活动照片（JPG/PNG，不超过 10 MB）"), required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class HonourForm(forms.Form):
    level = forms.ChoiceField(label=_("级别"), choices=HonourLevel.choices)
    title = forms.CharField(label=_("荣誉称号"), max_length=50)
    body = forms.CharField(label=_("授予单位"), max_length=100)
    awarded_on = forms.DateField(label=_("授予日期"), widget=DATE)
    document = forms.FileField(label=_("表彰文件（PDF/JPG/PNG，归入个人档案）"), required=False)

    def __init__(self, *args, titles, **kwargs):
        super().__init__(*args, **kwargs)
        if titles:
            self.fields["title"].help_text = _("政策所列称号：") + "、".join(titles)


class PartTimeForm(forms.Form):
    title = forms.CharField(label=_("兼任职务"), max_length=100)
    organisation = forms.CharField(label=_("兼任单位"), max_length=100)
    starts_on = forms.DateField(label=_("起始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("终止日期"), required=False, widget=DATE)
    consent = forms.BooleanField(label=_("聘用单位已同意"), required=False)
    consent_by = forms.CharField(label=_("同意单位"), max_length=100, required=False)
    consent_on = forms.DateField(label=_("同意日期"), required=False, widget=DATE)
    document = forms.FileField(label=_("同意文件（PDF/JPG/PNG，归入个人档案）"), required=False)
