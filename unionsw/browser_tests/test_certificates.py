"""issue 9: a worker enters a certificate from a phone (390 px) with a photo of it; the county confirms it in
the review queue, and the worker's list shows 已确认 — in real Chromium, no page wider than the phone."""

import pytest

from unionsw.core.tests.files import png
from unionsw.workers.models import Certificate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_a_worker_enters_a_certificate_on_a_phone_and_the_county_confirms_it(world, page_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = page_as(world.worker_a_user)
    page.set_viewport_size(PHONE)
    page.goto("/workers/me/certificates/")
    assert _fits(page), "我的证书 is wider than the phone"
    page.goto("/workers/me/certificates/new/")
    assert _fits(page), "填报证书 is wider than the phone"
    page.select_option("select[name=level]", "social_worker")
    page.fill("input[name=number]", "SW2024001")
    page.fill("input[name=issuer]", "人力资源社会保障部")
    page.fill("input[name=issued_on]", "2024-06-01")
    page.set_input_files("input[name=scan]", {"name": "cert.png", "mimeType": "image/png", "buffer": png(1200, 900)})
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert "待审核" in page.content() and _fits(page)
    cert = Certificate.objects.get(worker=world.worker_a, number="SW2024001")
    assert cert.status == "pending" and cert.scan_id

    county = page_as(world.county_a_admin)
    county.set_viewport_size(PHONE)
    county.goto("/workers/certificates/review/")
    assert "SW2024001" in county.content() and _fits(county), "证书审核 is wider than the phone"
    row = county.locator("tr", has_text="SW2024001")
    row.locator("select[name=decision]").select_option("confirm")
    row.locator("button").click()
    county.wait_for_load_state()
    cert.refresh_from_db()
    assert cert.status == "confirmed"
    page.goto("/workers/me/certificates/")
    assert "已确认" in page.content()
