"""The daily to-do email: chosen by the user, sent by the registered job through a real local SMTP server."""

import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from unionsw.core.models import AuditEvent, Job
from unionsw.stats.models import TodoDigest

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.JOBS_SYNC = True
    yield inbox
    controller.stop()


def test_a_subscriber_gets_their_own_list_once_a_day(world, login, smtp):
    from email import message_from_bytes
    from email.header import decode_header, make_header

    c = login(world.county_a_admin)
    c.post("/todo/digest/", {"enabled": "1", "email": "not-an-email"})
    assert not TodoDigest.objects.exists()
    c.post("/todo/digest/", {"enabled": "1", "email": "lixia@example.org"})
    assert TodoDigest.objects.get(user=world.county_a_admin).enabled
    assert AuditEvent.objects.filter(action="todo.digest").exists()
    call_command("send_todo_digests")
    assert len(smtp.messages) == 1
    to, raw = smtp.messages[0]
    assert to == ["lixia@example.org"]
    msg = message_from_bytes(raw)
    body = msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8")
    assert "社工待报送备案" in body and "1 名在岗社工" in body  # 张三, not 李四 (another county)
    assert "待办事项" in str(make_header(decode_header(msg["Subject"])))
    call_command("send_todo_digests")  # the same day again: nothing more
    assert len(smtp.messages) == 1
    assert Job.objects.filter(kind="todo_digest").count() == 1
    assert TodoDigest.objects.get().last_sent_on == date.today()


def test_unsubscribing_stops_it(world, login, smtp):
    c = login(world.county_a_admin)
    c.post("/todo/digest/", {"enabled": "1", "email": "lixia@example.org"})
    c.post("/todo/digest/", {"enabled": "0"})
    call_command("send_todo_digests")
    assert smtp.messages == []
