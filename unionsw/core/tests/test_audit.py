import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from unionsw.core.audit import audit, verify_chain
from unionsw.core.models import AuditEvent


@pytest.mark.django_db
def test_chain_verifies_and_detects_tampering(world):
    audit(by=world.province_admin, action="test.one")
    audit(by=world.province_admin, action="test.two")
    ok, checked, _ = verify_chain()
    assert ok and checked >= 2
    call_command("verify_audit")
    # tamper below the application (the ORM refuses update())
    from django.db import connection

    event = AuditEvent.objects.filter(action="test.one").get()
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.forged", event.pk])
    ok, _, message = verify_chain()
    assert not ok and "篡改" in message
    with pytest.raises(CommandError):
        call_command("verify_audit")


@pytest.mark.django_db
def test_deleting_the_last_row_is_detected(world):
    audit(by=world.province_admin, action="test.last")
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = (SELECT MAX(id) FROM core_auditevent)")
    ok, _, message = verify_chain()
    assert not ok and "末尾" in message


@pytest.mark.django_db
def test_the_application_cannot_update_or_delete_events(world):
    event = audit(by=world.province_admin, action="test.keep")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        event.delete()
