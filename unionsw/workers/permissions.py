"""issue 9: the permissions of certificates a worker enters themselves (the registry's own codes are in accounts)."""

from django.utils.translation import gettext_noop

# names translated where a page shows them; the codes and the Chinese are what code joins and stores
PERMISSIONS = {
    "certificate.self": gettext_noop("填报本人证书（社工自助，待县级审核）"),
    "certificate.manage": gettext_noop("审核社工自报的证书（确认或退回）"),
}

GRANTS = {
    "county_admin": ["certificate.manage"],
    "worker": ["certificate.self"],
}

AUDIT_LABELS = {
    "certificate.submit": gettext_noop("社工自报证书"),
    "certificate.confirm": gettext_noop("确认社工自报证书"),
    "certificate.return": gettext_noop("退回社工自报证书"),
}
