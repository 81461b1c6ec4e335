"""Scope-sweep entries for the org pages: every route taking an org id, pointed at an org of county A."""

ROUTES = {
    "orgs:detail": lambda w: {"pk": w.street_a.pk},
    "orgs:create": lambda w: {"pk": w.county_a.pk},
    "orgs:edit": lambda w: {"pk": w.street_a.pk},
    "orgs:move": lambda w: {"pk": w.street_a.pk},
    "orgs:disable": lambda w: {"pk": w.street_a2.pk},
    "orgs:enable": lambda w: {"pk": w.street_a2.pk},
    "orgs:override_add": lambda w: {"pk": w.county_a.pk},
    "orgs:profile": lambda w: {"pk": w.province.pk},
}

EXEMPT: dict[str, str] = {}
