"""The demo province shows every account page with something on it."""

import pytest

from unionsw.accounts.models import LoginRecord, Role, User
from unionsw.accounts.selectors import locked_usernames
from unionsw.core.audit import verify_chain

pytestmark = pytest.mark.django_db


def test_the_demo_has_accounts_in_every_state_and_a_month_of_logins():
    from unionsw.demo.province import load_demo

    load_demo(workers=5)
    assert Role.objects.filter(code="archive_clerk", requires_otp=False).exists()
    assert User.objects.get(username="lixia_archive").must_change_password
    assert not User.objects.get(username="jinan_staff").is_active
    assert locked_usernames() == {"shinan_archive"}
    assert LoginRecord.objects.filter(success=False, user__isnull=True).exists()
    assert LoginRecord.objects.filter(success=True).count() > 60
    assert verify_chain()[0]
