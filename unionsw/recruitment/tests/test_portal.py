"""The applicant portal: separate accounts and session, CAPTCHA, rate limits, privacy notice, uploads, isolation."""

import os
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import make_id
from unionsw.recruitment import portal
from unionsw.recruitment.models import Applicant, Application, Upload

from .conftest import PASSWORD, applicant, apply
from .helpers import png, portal_register, solve_captcha


def logged_in(person) -> Client:
    c = Client()
    s = c.session
    s[portal.SESSION_KEY] = person.pk
    s.save()
    return c


class TestRegistration:
    def test_it_creates_an_account_with_the_id_number_encrypted(self, db):
        number = make_id("370102", date(1995, 1, 1))
        r = portal_register(Client(), name="赵六", id_number=number)
        assert r.status_code == 302
        a = Applicant.objects.get()
        assert number not in a.id_number_enc and a.id_number == number and a.id_number_masked.endswith(number[-4:])
        assert a.password.startswith(("pbkdf2", "md5", "argon2")) and PASSWORD not in a.password and a.privacy_accepted_at

    def test_a_wrong_captcha_is_refused(self, db):
        c = Client()
        c.get("/portal/register/")
        r = c.post(
            "/portal/register/",
            {
                "name": "x",
                "id_number": make_id(),
                "phone": "13900000000",
                "password": PASSWORD,
                "password2": PASSWORD,
                "captcha": "999",
                "accept_privacy": "on",
            },
        )
        assert r.status_code == 200 and "验证码不正确" in r.content.decode() and not Applicant.objects.exists()

    def test_the_privacy_notice_must_be_accepted(self, db):
        c = Client()
        c.get("/portal/register/")
        r = c.post(
            "/portal/register/",
            {
                "name": "x",
                "id_number": make_id(),
                "phone": "13900000000",
                "password": PASSWORD,
                "password2": PASSWORD,
                "captcha": solve_captcha(c),
            },
        )
        assert "个人信息处理告知" in r.content.decode() and not Applicant.objects.exists()

    def test_an_invalid_id_number_is_refused(self, db):
        r = portal_register(Client(), name="x", id_number="370102199001011234")
        assert r.status_code == 200 and "校验位" in r.content.decode() and not Applicant.objects.exists()

    def test_one_account_per_id_number(self, db):
        number = make_id()
        portal_register(Client(), name="x", id_number=number)
        r = portal_register(Client(), name="y", id_number=number)
        # answered like a new registration (no enumeration, issue 11); still one account
        assert r.status_code == 302 and Applicant.objects.count() == 1 and Applicant.objects.get().name == "x"

    def test_registration_is_rate_limited(self, db):
        c = Client()
        for _ in range(portal.RATE_LIMIT):
            c.get("/portal/register/")
            c.post("/portal/register/", {"captcha": "0"})
        c.get("/portal/register/")
        r = c.post("/portal/register/", {"captcha": solve_captcha(c)})
        assert "过于频繁" in r.content.decode()


class TestLogin:
    def test_it_logs_in_with_id_number_and_password(self, db):
        person = applicant()
        c = Client()
        c.get("/portal/login/")
        r = c.post("/portal/login/", {"id_number": person.id_number, "password": PASSWORD, "captcha": solve_captcha(c)})
        assert r.status_code == 302 and c.session[portal.SESSION_KEY] == person.pk
        assert "_auth_user_id" not in c.session  # not a staff login

    def test_a_wrong_password_is_refused(self, db):
        person = applicant()
        c = Client()
        c.get("/portal/login/")
        r = c.post("/portal/login/", {"id_number": person.id_number, "password": "wrong", "captcha": solve_captcha(c)})
        assert "不正确" in r.content.decode() and portal.SESSION_KEY not in c.session

    def test_login_is_rate_limited(self, db):
        person = applicant()
        c = Client()
        for _ in range(portal.RATE_LIMIT):
            c.get("/portal/login/")
            c.post("/portal/login/", {"id_number": person.id_number, "password": "wrong", "captcha": solve_captcha(c)})
        c.get("/portal/login/")
        r = c.post("/portal/login/", {"id_number": person.id_number, "password": PASSWORD, "captcha": solve_captcha(c)})
        assert "过于频繁" in r.content.decode() and portal.SESSION_KEY not in c.session

    def test_a_staff_session_does_not_open_the_portal(self, world, client):
        client.force_login(world.county_a_admin)
        assert client.get("/portal/me/").status_code == 302


class TestIsolation:
    def test_another_applicant_gets_404_on_a_file_and_an_upload(self, open_round):
        owner, other = applicant(name="甲"), applicant(name="乙", phone="13900000002")
        app = apply(owner, open_round)
        up = Upload.objects.create(application=app, kind="photo", file=png(), content_type="image/png", size=10)
        assert logged_in(owner).get(f"/portal/files/{up.pk}/").status_code == 200
        assert logged_in(other).get(f"/portal/files/{up.pk}/").status_code == 404
        assert (
            logged_in(other).post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": png()}).status_code == 404
        )
        assert Client().get(f"/portal/files/{up.pk}/").status_code == 404
        assert Upload.objects.count() == 1

    def test_the_status_page_shows_only_the_applicants_own_application(self, open_round):
        owner, other = applicant(name="甲某"), applicant(name="乙某", phone="13900000002")
        apply(owner, open_round)
        apply(other, open_round)
        page = logged_in(owner).get("/portal/me/").content.decode()
        assert "甲某" in page and "乙某" not in page

    def test_staff_of_another_county_cannot_open_an_upload(self, open_round, world, login):
        app = apply(applicant(), open_round)
        up = Upload.objects.create(application=app, kind="photo", file=png(), content_type="image/png", size=10)
        assert login(world.county_b_admin).get(f"/recruitment/uploads/{up.pk}/").status_code == 404
        assert login(world.county_a_admin).get(f"/recruitment/uploads/{up.pk}/").status_code == 200


class TestUploads:
    def test_the_type_is_sniffed_from_the_content(self, open_round):
        person = applicant()
        app = apply(person, open_round)
        fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
        r = logged_in(person).post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": fake}, follow=True)
        assert "按文件内容识别" in r.content.decode() and not Upload.objects.exists()

    def test_a_pdf_is_not_a_photo(self, open_round):
        person = applicant()
        app = apply(person, open_round)
        pdf = SimpleUploadedFile("p.pdf", b"%PDF-1.4 x", content_type="application/pdf")
        logged_in(person).post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": pdf})
        assert not Upload.objects.exists()
        logged_in(person).post(
            f"/portal/applications/{app.pk}/upload/", {"kind": "diploma", "file": SimpleUploadedFile("p.pdf", b"%PDF-1.4 x")}
        )
        assert Upload.objects.get().content_type == "application/pdf"

    def test_photos_over_2_mb_are_refused(self, open_round):
        person = applicant()
        app = apply(person, open_round)
        logged_in(person).post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": png(2 * 1024 * 1024 + 1)})
        assert not Upload.objects.exists()
        logged_in(person).post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": png(2 * 1024 * 1024)})
        assert Upload.objects.count() == 1

    def test_the_stored_name_is_not_the_uploaded_name(self, open_round):
        person = applicant()
        app = apply(person, open_round)
        f = png()
        f.name = "我的照片.png"
        logged_in(person).post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": f})
        name = Upload.objects.get().file.name.rsplit("/", 1)[-1]
        assert "照片" not in name and len(name) == 32 + len(".png")


def test_applying_through_the_portal_stores_the_automatic_checks(open_round):
    person = applicant()
    r = logged_in(person).post(
        f"/portal/rounds/{open_round.pk}/apply/",
        {
            "post": open_round.plan.posts.get().pk,
            "education": "junior_college",
            "school": "济南职业学院",
            "major": "文秘",
            "political_status": "masses",
            "ethnicity": "汉族",
        },
    )
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.auto_passed and [c["rule"] for c in app.auto_checks] == ["年龄", "学历", "证书"]


def test_the_announcement_is_public(open_round):
    r = Client().get(f"/portal/rounds/{open_round.pk}/")
    assert r.status_code == 200 and "40周岁以下" in r.content.decode() and "data-print" in r.content.decode()


class TestReplacedAndHostileUploads:
    def test_a_replaced_upload_leaves_no_file_behind(self, open_round, tmp_path, settings, django_capture_on_commit_callbacks):
        settings.MEDIA_ROOT = tmp_path
        person = applicant()
        app = apply(person, open_round)
        client = logged_in(person)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": png()})
        first = Upload.objects.get()
        path = first.file.path
        assert os.path.exists(path)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": png()})
        second = Upload.objects.get()
        assert second.pk != first.pk and os.path.exists(second.file.path) and not os.path.exists(path)

    def test_a_pdf_with_javascript_is_refused_with_a_reason(self, open_round):
        from unionsw.core.tests.files import pdf

        person = applicant()
        app = apply(person, open_round)
        hostile = pdf(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>", catalog_extra=b"/OpenAction 4 0 R")
        r = logged_in(person).post(
            f"/portal/applications/{app.pk}/upload/",
            {"kind": "diploma", "file": SimpleUploadedFile("d.pdf", hostile)},
            follow=True,
        )
        assert "JavaScript 脚本" in r.content.decode() and not Upload.objects.exists()


class TestCorrectAndWithdraw:
    """Before registration closes an applicant may correct the application or withdraw it (issue 11)."""

    def _form(self, app, **changes):
        data = {
            "post": app.post_id,
            "education": app.education,
            "school": app.school,
            "major": app.major,
            "political_status": app.political_status,
            "ethnicity": app.ethnicity,
        }
        return data | changes

    def test_the_applicant_corrects_entries_and_the_checks_run_again(self, open_round):
        from unionsw.core.models import AuditEvent
        from unionsw.recruitment.models import RecruitmentEvent

        person = applicant()
        app = apply(person, open_round, major="文秘")
        client = logged_in(person)
        page = client.get(f"/portal/applications/{app.pk}/edit/").content.decode()
        assert "修改报名信息" in page and 'value="文秘"' in page
        r = client.post(f"/portal/applications/{app.pk}/edit/", self._form(app, major="社会工作", school=""))
        assert r.status_code == 200 and r.context["form"].errors["school"]
        app.refresh_from_db()
        assert app.major == "文秘"  # a refused correction changes nothing
        r = client.post(f"/portal/applications/{app.pk}/edit/", self._form(app, major="社会工作"))
        assert r.status_code == 302
        app.refresh_from_db()
        assert app.major == "社会工作" and app.auto_checks
        event = RecruitmentEvent.objects.get(action="correct")
        assert event.application_id == app.pk and "专业" in event.label
        assert AuditEvent.objects.filter(action="recruitment.correct").exists()

    def test_another_applicant_cannot_touch_it(self, open_round):
        app = apply(applicant(), open_round)
        other = logged_in(applicant(name="李四", born=date(1996, 1, 1), phone="13900000002"))
        assert other.get(f"/portal/applications/{app.pk}/edit/").status_code == 404
        assert other.post(f"/portal/applications/{app.pk}/withdraw/").status_code == 404
        assert Client().post(f"/portal/applications/{app.pk}/withdraw/").status_code == 404
        assert Application.objects.filter(pk=app.pk).exists()

    def test_after_registration_closes_nothing_can_change(self, open_round, world):
        from unionsw.recruitment import services

        person = applicant()
        app = apply(person, open_round)
        services.round_close_registration(by=world.county_a_admin, round=open_round)
        client = logged_in(person)
        r = client.post(f"/portal/applications/{app.pk}/edit/", self._form(app, major="新专业"))
        assert "不在报名时间内" in r.content.decode()
        r = client.post(f"/portal/applications/{app.pk}/withdraw/", follow=True)
        assert "不在报名时间内" in r.content.decode()
        app.refresh_from_db()
        assert app.major == "社会工作"
        assert "撤回报名" not in client.get("/portal/me/").content.decode()

    def test_withdrawing_removes_the_application_and_its_files(
        self, open_round, tmp_path, settings, django_capture_on_commit_callbacks
    ):
        from unionsw.core.models import AuditEvent
        from unionsw.recruitment.models import RecruitmentEvent

        settings.MEDIA_ROOT = tmp_path
        person = applicant()
        app = apply(person, open_round)
        client = logged_in(person)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/portal/applications/{app.pk}/upload/", {"kind": "photo", "file": png()})
        path = Upload.objects.get().file.path
        assert "撤回报名" in client.get("/portal/me/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            r = client.post(f"/portal/applications/{app.pk}/withdraw/", follow=True)
        assert "报名已撤回" in r.content.decode()
        assert not Application.objects.exists() and not Upload.objects.exists() and not os.path.exists(path)
        assert RecruitmentEvent.objects.filter(action="withdraw", plan=open_round.plan).exists()
        assert AuditEvent.objects.filter(action="recruitment.withdraw").exists()
        # and may apply again before the deadline
        assert client.get(f"/portal/rounds/{open_round.pk}/apply/").status_code == 200
