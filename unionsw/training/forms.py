from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(forms.Form):
    org = forms.ModelChoiceField(label=_("制定单位"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("计划名称"), max_length=100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("培训类别"), choices=[])
    title = forms.CharField(label=_("培训名称"), max_length=100)
    starts_on = forms.DateField(label=_("开始日期"), widget=DATE)
    ends_on = forms.DateField(label=_("结束日期"), widget=DATE)
    hours = forms.DecimalField(label=_("学时"), max_digits=5, decimal_places=1)
    online = forms.BooleanField(label=_("线上培训"), required=False)
    place = forms.CharField(label=_("地点或线上平台"), max_length=200)
    capacity = forms.IntegerField(label=_("名额（不填为不限）"), required=False, min_value=1, max_value=100000)
    organiser = forms.CharField(label=_("承办单位"), max_length=100, required=False)
    self_enrol = forms.BooleanField(label=_("允许社工自行报名"), required=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, k) for k in kinds]
