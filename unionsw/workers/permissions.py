"""issue 9: the permissions of certificates a worker enters themselves (the registry's own codes are in accounts)."""

PERMISSIONS = {
    "certificate.self": "填报本人证书（社工自助，待县级审核）",
    "certificate.manage": "审核社工自报的证书（确认或退回）",
}

GRANTS = {
    "county_admin": ["certificate.manage"],
    "worker": ["certificate.self"],
}

AUDIT_LABELS = {
    "certificate.submit": "社工自报证书",
    "certificate.confirm": "确认社工自报证书",
    "certificate.return": "退回社工自报证书",
}
