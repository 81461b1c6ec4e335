"""Scope-sweep entries: route name -> kwargs of an object of county A. Portal routes are added once
config/urls.py mounts the portal at /portal/ (the intruder has no applicant session there → 404)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from unionsw.core.tests.files import png

ROUTES = {
    "recruitment:plan_detail": lambda w: {"pk": w.rec_plan.pk},
    "recruitment:announce": lambda w: {"pk": w.rec_plan.pk},
    "recruitment:plan_action": lambda w: {"pk": w.rec_plan.pk, "action": "approve"},
    "recruitment:round_detail": lambda w: {"pk": w.rec_round.pk},
    "recruitment:announcement": lambda w: {"pk": w.rec_round.pk},
    "recruitment:tickets": lambda w: {"pk": w.rec_round.pk},
    "recruitment:score_template": lambda w: {"pk": w.rec_round.pk},
    "recruitment:notice": lambda w: {"pk": w.rec_round.pk},
    "recruitment:stats": lambda w: {"pk": w.rec_round.pk},
    "recruitment:waiting": lambda w: {"pk": w.rec_round.pk},
    "recruitment:round_action": lambda w: {"pk": w.rec_round.pk, "action": "close"},
    "recruitment:application_detail": lambda w: {"pk": w.rec_app.pk},
    "recruitment:application_action": lambda w: {"pk": w.rec_app.pk, "action": "review"},
    "recruitment:objection_resolve": lambda w: {"pk": w.rec_objection.pk},
    "recruitment:upload": lambda w: {"pk": w.rec_upload.pk},
    "recruitment:judge_round": lambda w: {"pk": w.rec_round.pk},
    "recruitment:exam_body_edit": lambda w: {"pk": w.rec_exam_body.pk},
}

EXEMPT: dict[str, str] = {}


def _portal_mounted() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("portal:home")
    except NoReverseMatch:
        return False
    return True


def portal_routes() -> tuple[dict, dict]:
    routes = {
        "portal:upload": lambda w: {"pk": w.rec_app.pk},
        "portal:correct": lambda w: {"pk": w.rec_app.pk},
        "portal:withdraw": lambda w: {"pk": w.rec_app.pk},
        "portal:file": lambda w: {"pk": w.rec_upload.pk},
    }
    exempt = {
        "portal:round": "public announcement (公告), readable by anyone",
        "portal:apply": "applies the logged-in applicant to a public round; never shows another applicant's data",
    }
    return routes, exempt


try:
    if _portal_mounted():
        _r, _e = portal_routes()
        ROUTES.update(_r)
        EXEMPT.update(_e)
except Exception:  # URLconf not ready at import time
    pass


def prepare(world) -> None:
    """A county-A round with one application, an upload and an objection."""
    from unionsw.recruitment import services
    from unionsw.recruitment.models import Objection
    from unionsw.recruitment.tests.conftest import applicant, apply, filed_plan, round_data

    world.rec_plan = filed_plan(world)
    world.rec_round = services.round_announce(by=world.county_a_admin, plan=world.rec_plan, data=round_data())
    world.rec_app = apply(applicant(), world.rec_round)
    world.rec_upload = services.upload_add(
        applicant=world.rec_app.applicant,
        application=world.rec_app,
        kind="photo",
        upload=SimpleUploadedFile("p.png", png(), content_type="image/png"),
    )
    world.rec_objection = Objection.objects.create(application=world.rec_app, content="x", received_on=date.today())
    world.rec_exam_body = services.exam_body_create(
        by=world.province_admin,
        org=world.county_a,
        data={"name": "某考试中心", "commission": "1号", "valid_from": date(2026, 1, 1)},
    )
