"""Scope-sweep entries: account routes take a user id; a user of county A must be a 404 for county B."""

ROUTES = {
    "accounts:user_detail": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_edit": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_password_reset": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_set_active": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_force_logout": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_unlock": lambda w: {"pk": w.county_a_admin.pk},
    "accounts:user_roles": lambda w: {"pk": w.county_a_admin.pk},
    # a token of county A's admin: not the intruder's own, so revoking it is a 404
    "accounts:token_revoke": lambda w: {"pk": w.token_a.pk},
    "api:auth_token_revoke": lambda w: {"token_id": w.token_a.pk},
}


def prepare(world):
    from unionsw.accounts.api import _mint

    world.token_a = _mint(world.county_a_admin)[1]

EXEMPT = {
    "accounts:role_edit": "roles are platform-wide definitions, not data of an org; guarded by role.grant",
}
