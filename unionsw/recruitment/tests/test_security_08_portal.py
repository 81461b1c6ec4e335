"""Issue 11, finding 8 — the portal's limits counted successes and keyed on the address only (an office
behind one NAT got 10 logins per 15 minutes), one solved CAPTCHA passed 6 of 8 concurrent posts, the
CAPTCHA was a sum of two digits in a plain font, and registering an existing ID number said so."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from django.test import Client, RequestFactory

from unionsw.core.models import AuditEvent
from unionsw.recruitment import portal
from unionsw.recruitment.models import Applicant

from .conftest import PASSWORD, applicant
from .helpers import portal_login, portal_register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_successful_logins_do_not_count_toward_the_limit(db):
    people = [applicant(name=f"考生{i}", phone=f"1390000{i:04d}") for i in range(portal.RATE_LIMIT + 3)]
    for person in people:  # one office, one address, many applicants
        r = portal_login(Client(), id_number=person.id_number, password=PASSWORD)
        assert r.status_code == 302, r.content.decode()[:500]


def test_one_accounts_failures_do_not_shut_out_others_at_the_same_address(db):
    victim, other = applicant(), applicant(name="李四", phone="13900000002")
    for _ in range(portal.RATE_LIMIT):
        portal_login(Client(), id_number=victim.id_number, password="wrong")
    assert "过于频繁" in portal_login(Client(), id_number=victim.id_number, password=PASSWORD).content.decode()
    assert portal_login(Client(), id_number=other.id_number, password=PASSWORD).status_code == 302


def test_one_solved_captcha_passes_exactly_one_of_concurrent_posts(db):
    """Concurrent posts each load their own copy of the session, all holding the solved CAPTCHA."""
    factory = RequestFactory()
    first = factory.get("/portal/login/")
    first.session = SessionStore()
    portal.new_captcha(first)
    captcha_id = first.session[portal.CAPTCHA_KEY]
    answer = portal.captcha_answer(captcha_id)
    results = []
    for _ in range(8):
        request = factory.post("/portal/login/")
        request.session = {portal.CAPTCHA_KEY: captcha_id}  # the same session, loaded by 8 requests
        results.append(portal.captcha_ok(request, answer))
    assert results.count(True) == 1


def test_the_captcha_is_five_drawn_characters_not_in_the_page(db):
    c = Client()
    page = c.get("/portal/login/").content.decode()
    answer = portal.captcha_answer(c.session[portal.CAPTCHA_KEY])
    assert len(answer) == 5 and set(answer) <= set(portal.CAPTCHA_ALPHABET)
    assert answer not in page and re.search(r'src="data:image/png;base64,[A-Za-z0-9+/=]{2000,}"', page)
    assert answer.lower() != answer  # letters too: far more than the 17 answers of a digit sum


def test_registering_an_existing_id_answers_like_success_and_tells_the_owner(db):
    owner = applicant()
    owner_login = portal_login(Client(), id_number=owner.id_number, password=PASSWORD)
    assert owner_login.status_code == 302
    stranger = Client()
    new_id = Applicant.objects.count()
    fresh = portal_register(Client(), name="新人", id_number="110101199003070038")
    again = portal_register(stranger, name="冒名", id_number=owner.id_number, password="Other2026x")
    assert fresh.status_code == again.status_code == 302 and fresh["Location"] == again["Location"]
    assert Applicant.objects.count() == new_id + 1 and Applicant.objects.get(pk=owner.pk).name == owner.name
    assert AuditEvent.objects.filter(action="recruitment.applicant_register_existing", target_id=str(owner.pk)).exists()
    c = Client()
    r = portal_login(c, id_number=owner.id_number, password=PASSWORD)
    assert r.status_code == 302
    assert "尝试用您的身份证号注册" in c.get("/portal/").content.decode()
