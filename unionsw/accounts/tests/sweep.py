"""Scope-sweep entries: account routes take a user id; a user of county A must be a 404 for county B."""

ROUTES = {
    "accounts:user_detail": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_edit": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_password_reset": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_set_active": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_force_logout": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_unlock": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_roles": lambda w: {"pk": w.county_a_admin.pk},
}

EXEMPT = {
    "accounts:role_edit": "roles are platform-wide definitions, not data of an org; guarded by role.grant",
}
