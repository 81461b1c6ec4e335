"""issue 9: certificate alerts for the alert centre (employment.alerts collects every app's `alerts_for`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from unionsw.orgs.policy import effective_policies

from . import rules
from .models import CertificateLevel
from .selectors import certificate_list_visible_to


def alerts_for(user, today: date) -> list:
    """Certificates of active workers expiring within 60 days or expired, and national certificates not
    registered where the profile requires it: a fixed number of queries whatever the count."""
    from unionsw.employment.alerts import Alert

    if not user.can("worker.view"):
        return []
    base = certificate_list_visible_to(user).filter(worker__status="active", ended_on__isnull=True, status="confirmed").select_related("worker__org")
    out: list = []
    soon = today + timedelta(days=rules.CERTIFICATE_ALERT_DAYS)
    for c in base.filter(expires_on__isnull=False, expires_on__lte=soon):
        state = rules.certificate_expiry_state(c.expires_on, today)
        url = reverse("workers:detail", args=[c.worker_id]) + "#certificates"
        if state == "expired":
            out.append(
                Alert(
                    "certificate.expired",
                    "bad",
                    c.worker_id,
                    c.worker.name,
                    c.worker.org.name,
                    _("证书已过期"),
                    _("%(certificate)s已于 %(date)s 过期，请续期或终止") % {"certificate": c.shown_name, "date": f"{c.expires_on:%Y-%m-%d}"},
                    c.expires_on,
                    url,
                )
            )
        elif state == "expiring":
            days = (c.expires_on - today).days
            out.append(
                Alert(
                    "certificate.expiring",
                    "warn",
                    c.worker_id,
                    c.worker.name,
                    c.worker.org.name,
                    _("证书60天内到期"),
                    _("%(certificate)s将于 %(date)s 到期（还有 %(days)s 天），请及时续期")
                    % {"certificate": c.shown_name, "date": f"{c.expires_on:%Y-%m-%d}", "days": days},
                    c.expires_on,
                    url,
                )
            )
    unregistered = list(base.filter(registered_on__isnull=True).exclude(level=CertificateLevel.OTHER))
    if unregistered:
        policies = effective_policies({c.worker.org_id: c.worker.org for c in unregistered}.values(), on=today)
        for c in unregistered:
            required = policies[c.worker.org_id].get("certificate_registration")
            if rules.registration_missing(is_national_level=True, registered_on=None, required=required):
                out.append(
                    Alert(
                        "certificate.unregistered",
                        "info",
                        c.worker_id,
                        c.worker.name,
                        c.worker.org.name,
                        _("证书未登记"),
                        _("%(certificate)s尚未登记，通过考试的人员应及时履行登记程序") % {"certificate": c.shown_name},
                        None,
                        reverse("workers:detail", args=[c.worker_id]) + "#certificates",
                    )
                )
    return out
