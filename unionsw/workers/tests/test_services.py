from datetime import date

import pytest
from django.core.exceptions import ValidationError

from conftest import worker_data
from unionsw.core import idnumber
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.models import AuditEvent
from unionsw.workers import services
from unionsw.workers.models import Worker
from unionsw.workers.selectors import worker_search

pytestmark = pytest.mark.django_db


def test_it_stores_the_id_number_encrypted_and_derives_birth_and_gender(world):
    number = idnumber.build("370102", date(1991, 2, 3), 7)  # make_id shifts the date after 1,000 calls
    w = services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a, id_number=number))
    row = Worker.objects.get(pk=w.pk)
    assert number not in row.id_number_enc and row.id_number == number
    assert row.birth_date == date(1991, 2, 3)
    assert row.gender == ("M" if int(number[16]) % 2 else "F")
    assert row.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert row.phone_masked == "138****5678"


def test_it_finds_a_worker_by_exact_id_number(world):
    number = world.worker_a.id_number
    assert list(worker_search(world.county_a_admin, q=number)) == [world.worker_a]
    assert list(worker_search(world.county_b_admin, q=number)) == []  # outside scope


def test_it_refuses_a_second_record_for_the_same_person(world):
    with pytest.raises(ValidationError) as exc:
        services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a, id_number=world.worker_a.id_number))
    assert "已登记在册" in str(exc.value.message_dict["id_number"])


def test_it_refuses_an_org_outside_scope_and_changes_nothing(world):
    before = Worker.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.worker_create(by=world.county_a_admin, data=worker_data(world.street_b))
    assert "管理范围" in exc.value.message_dict["org"][0]
    assert Worker.objects.count() == before


def test_it_reports_every_bad_field_in_chinese(world):
    with pytest.raises(ValidationError) as exc:
        services.worker_create(
            by=world.county_a_admin,
            data=worker_data(world.street_a, name="", id_number="123", phone="12", rank="处长", hired_on=None),
        )
    errors = exc.value.message_dict
    assert set(errors) >= {"name", "id_number", "phone", "rank", "hired_on"}
    assert "见习干事" in errors["rank"][0]


def test_rehired_workers_stand_outside_the_ladder(world):
    with pytest.raises(ValidationError) as exc:
        services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a, employment_mode="rehired"))
    assert "返聘" in exc.value.message_dict["rank"][0]
    w = services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a, employment_mode="rehired", rank=""))
    assert w.rank == ""


def test_a_stale_edit_is_refused_and_the_other_edit_survives(world):
    w = world.worker_a
    services.worker_update(
        by=world.county_a_admin,
        worker=Worker.objects.get(pk=w.pk),
        data={"major": "法学"},
        version=w.version,
        reason="学历信息更正",
    )
    with pytest.raises(StaleVersion):
        services.worker_update(
            by=world.county_a_admin,
            worker=Worker.objects.get(pk=w.pk),
            data={"major": "心理学"},
            version=w.version,
            reason="另一人同时修改",
        )
    assert Worker.objects.get(pk=w.pk).major == "法学"


def test_every_change_is_kept_with_who_and_why(world):
    w = world.worker_a
    services.worker_update(by=world.county_a_admin, worker=w, data={"rank": "初级干事"}, version=w.version, reason="晋升")
    latest = w.history.first()
    assert latest.rank == "初级干事" and latest.history_change_reason == "晋升"
    assert latest.history_user == world.county_a_admin
    assert AuditEvent.objects.filter(action="worker.update", target_id=str(w.pk)).exists()


def test_update_needs_a_reason_and_scope(world):
    with pytest.raises(ValidationError):
        services.worker_update(by=world.county_a_admin, worker=world.worker_a, data={}, version=1, reason="")
    with pytest.raises(OutOfScope):
        services.worker_update(by=world.county_b_admin, worker=world.worker_a, data={}, version=1, reason="x")


def test_only_the_province_files_and_filing_is_recorded(world):
    with pytest.raises(NotAllowed):
        services.worker_file(by=world.county_a_admin, worker=world.worker_a)
    services.worker_file(by=world.province_admin, worker=world.worker_a)
    assert Worker.objects.get(pk=world.worker_a.pk).filing_status == "filed"
    with pytest.raises(ValidationError):
        services.worker_file(by=world.province_admin, worker=Worker.objects.get(pk=world.worker_a.pk))


def test_reveal_needs_the_permission_and_is_audited_either_way(world):
    assert services.worker_reveal(by=world.county_a_admin, worker=world.worker_a, field="id_number") == world.worker_a.id_number
    with pytest.raises(NotAllowed):
        services.worker_reveal(by=world.township_admin, worker=world.worker_a, field="phone")
    results = list(AuditEvent.objects.filter(action="worker.reveal").values_list("result", flat=True))
    assert sorted(results) == ["denied", "ok"]
    # a worker may see their own number
    assert services.worker_reveal(by=world.worker_a_user, worker=world.worker_a, field="phone") == "13812345678"
