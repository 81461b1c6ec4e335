"""Build a province-sized registry in the `bench` PostgreSQL database, fast.

    python bench/generate.py [--workers 100000] [--seed 2026]

Drops and recreates the database, migrates it, then builds one province with 16 cities (real
GB/T 2260 city codes), ~137 counties and ~1,500 township units through `orgs.services.org_create`,
three benchmark administrators, and N workers. Workers are inserted with bulk_create for speed, but
every row is what `workers.services.worker_create` (+ `worker_file` for the filed ones) writes: the
same validation input, the same crypto, blind index and masking functions. A sample is run through the
real service (in a rolled-back transaction) and compared field by field, and after the insert a sample
is read back and checked again; any difference aborts the run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

# Shandong's 16 prefecture-level cities (GB/T 2260) and roughly their real number of county-level units.
CITIES = [
    ("济南市", "3701", 12),
    ("青岛市", "3702", 10),
    ("淄博市", "3703", 8),
    ("枣庄市", "3704", 6),
    ("东营市", "3705", 5),
    ("烟台市", "3706", 12),
    ("潍坊市", "3707", 12),
    ("济宁市", "3708", 11),
    ("泰安市", "3709", 6),
    ("威海市", "3710", 4),
    ("日照市", "3711", 4),
    ("临沂市", "3713", 12),
    ("德州市", "3714", 11),
    ("聊城市", "3715", 8),
    ("滨州市", "3716", 7),
    ("菏泽市", "3717", 9),
]
PLACE = "安平东西南北明德兴华泰山河阳春和康宁新城中海临丰源林清水长乐广福永昌金桥青云龙凤文昌高庄李王张柳杨白石营"
TOWNSHIP_SUFFIX = ["街道", "街道", "街道", "镇", "镇", "乡", "经济开发区"]
# Surnames by their approximate frequency in China (王 李 张 刘 陈 are ~30% together).
SURNAMES = (
    "王" * 71
    + "李" * 70
    + "张" * 67
    + "刘" * 54
    + "陈" * 45
    + "杨" * 31
    + "赵" * 23
    + "黄" * 22
    + "周" * 21
    + "吴" * 20
    + "徐" * 17
    + "孙" * 15
    + "胡" * 13
    + "朱" * 13
    + "高" * 12
    + "林" * 12
    + "何" * 12
    + "郭" * 12
    + "马" * 11
    + "罗" * 9
    + "梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
    * 5
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鑫宇浩然欣怡涵梓轩雨晨佳琪思远博嘉晓东海建国志春梅立新"
MAJORS = ["社会工作"] * 4 + [
    "法学",
    "汉语言文学",
    "人力资源管理",
    "行政管理",
    "劳动与社会保障",
    "公共事业管理",
    "心理学",
    "会计学",
]
POSTS = ["组建指导岗", "维权服务岗", "职工频道岗", "帮扶救助岗", "法律援助岗"]
LADDER = ["见习干事", "初级干事", "中级干事", "高级干事"]
STATUSES = ["active"] * 22 + ["resigned", "dismissed", "expired", "retired", "deceased"]
MODES = ["public_hire"] * 14 + ["purchased_service"] * 4 + ["rehired", "public_welfare"]
POLITICAL = ["cpc"] * 4 + ["cpc_probation", "cyl", "cyl", "masses", "masses", "democratic"]
EDUCATION = ["junior_college"] * 2 + ["bachelor"] * 6 + ["master"] * 2 + ["doctor"]
ETHNICITIES = ["汉族"] * 40 + ["回族", "满族", "蒙古族"]
FILED_SHARE = 0.85
BENCH_USERS = {"bench_province": "province_admin", "bench_city": "city_admin", "bench_county": "county_admin"}


def _place(rng: random.Random, used: set[str], suffix: str) -> str:
    while True:
        name = "".join(rng.sample(PLACE, 2)) + suffix
        if name not in used:
            used.add(name)
            return name


def build_tree(rng: random.Random):
    """Province → cities → counties → township units, through the real service. Returns (province, cities, counties, units)."""
    from unionsw.orgs.models import OrgKind, OrgLevel, PolicyProfile
    from unionsw.orgs.services import org_create

    def create(parent, level, name, code, **extra):
        return org_create(by=None, parent=parent, level=level, skip_scope=True, data={"name": name, "region_code": code, **extra})

    profile = PolicyProfile.objects.filter(code="shandong").order_by("-effective_from").first()
    province = create(None, OrgLevel.PROVINCE, "山东省总工会（压测）", "370000", policy_profile=profile)
    cities, counties, units = [], [], []
    used: set[str] = set()
    for ci, (city_name, prefix, n_counties) in enumerate(CITIES):
        city = create(province, OrgLevel.CITY, f"{city_name}总工会", f"{prefix}00", sort=ci)
        cities.append(city)
        districts = max(2, n_counties // 2)
        for k in range(n_counties):
            # districts 02.., counties 21.., county-level cities 81.. as in GB/T 2260
            if k < districts:
                suffix, code = "区", f"{prefix}{2 + k:02d}"
            elif k < n_counties - 2:
                suffix, code = "县", f"{prefix}{21 + k - districts:02d}"
            else:
                suffix, code = "市", f"{prefix}{81 + k - (n_counties - 2):02d}"
            county = create(city, OrgLevel.COUNTY, f"{_place(rng, used, suffix)}总工会", code, sort=k)
            counties.append(county)
            for t in range(rng.randint(9, 13)):
                suffix = rng.choice(TOWNSHIP_SUFFIX)
                kind = OrgKind.ZONE if suffix == "经济开发区" else (OrgKind.STREET if suffix == "街道" else OrgKind.TOWNSHIP)
                big = rng.random() < 0.3
                unit = create(
                    county,
                    OrgLevel.TOWNSHIP,
                    f"{_place(rng, used, suffix)}{'工会联合会' if kind == OrgKind.ZONE else '工会'}",
                    f"{code}{t + 1:03d}",
                    kind=kind,
                    sort=t,
                    union_count=rng.randint(200, 420) if big else rng.randint(40, 199),
                    member_count=rng.randint(5000, 26000) if big else rng.randint(800, 4999),
                )
                units.append(unit)
    return province, cities, counties, units


def make_users(province, city, county) -> dict:
    from django.utils import timezone

    from unionsw.accounts.models import User
    from unionsw.accounts.roles import ensure_builtin_roles

    roles = ensure_builtin_roles()
    users = {}
    for username, org in (("bench_province", province), ("bench_city", city), ("bench_county", county)):
        user = User.objects.create_user(username=username, password=None, org=org, display_name=username)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save()
        user.roles.set([roles[BENCH_USERS[username]]])
        users[username] = User.objects.get(pk=user.pk)
    return users


def worker_rows(rng: random.Random, units, n: int):
    """Yield (data, filed_on) — the form input worker_create would receive, and the 备案 date or None."""
    from unionsw.core import idnumber

    today = date.today()
    county_code = {u.pk: u.region_code[:6] for u in units}
    seen: set[str] = set()
    for _ in range(n):
        unit = rng.choice(units)
        mode = rng.choice(MODES)
        while True:
            if mode == "rehired":
                born = date(rng.randint(1958, 1964), rng.randint(1, 12), rng.randint(1, 28))
            else:
                born = date(rng.randint(1975, 2001), rng.randint(1, 12), rng.randint(1, 28))
            ident = idnumber.build(county_code[unit.pk], born, rng.randint(0, 999))
            if ident not in seen:
                seen.add(ident)
                break
        hired = max(born.replace(year=born.year + 22), today - timedelta(days=rng.randint(60, 365 * 15)))
        hired = min(hired, today - timedelta(days=30))
        rank, rank_since = "", None
        if mode != "rehired":
            step = min(3, ((today - hired).days // 365) // 3)
            rank = LADDER[step] if rng.random() < 0.8 else LADDER[max(0, step - 1)]
            rank_since = max(hired, today - timedelta(days=rng.randint(100, 365 * 4)))
        status = rng.choice(STATUSES)
        left = None
        if status != "active":
            left = hired + timedelta(days=rng.randint(30, max(31, (today - hired).days - 1)))
        data = {
            "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2, 2]))),
            "id_number": ident,
            "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
            "ethnicity": rng.choice(ETHNICITIES),
            "political_status": rng.choice(POLITICAL),
            "education": rng.choice(EDUCATION),
            "major": rng.choice(MAJORS),
            "employment_mode": mode,
            "org": unit,
            "post_title": rng.choice(POSTS),
            "rank": rank,
            "rank_since": rank_since,
            "status": status,
            "hired_on": hired,
            "left_on": left,
        }
        filed_on = min(today, hired + timedelta(days=rng.randint(10, 90))) if rng.random() < FILED_SHARE else None
        yield data, filed_on


def build_worker(data: dict, filed_on: date | None):
    """The Worker row worker_create (+ worker_file) would save for `data`, without the per-row queries.

    Mirrors workers.services.worker_create: parse the ID number, encrypt + blind-index + mask it,
    derive birth date and gender, then services._apply for the typed fields (phone crypto included)."""
    from unionsw.core import crypto, idnumber
    from unionsw.core.masking import mask_id_number
    from unionsw.workers import services
    from unionsw.workers.models import FilingStatus, Worker

    info = idnumber.parse(data["id_number"])
    worker = Worker(
        id_number_enc=crypto.encrypt(info.number),
        id_number_index=crypto.blind_index(info.number, purpose="id_number"),
        id_number_masked=mask_id_number(info.number),
        birth_date=info.birth_date,
        gender=info.gender,
    )
    value = services.WorkerInput(
        name=data["name"].strip(),
        id_number=info.number,
        phone=services.rules.normalize_phone(data["phone"]),
        ethnicity=data["ethnicity"],
        political_status=data["political_status"],
        education=data["education"],
        major=data["major"],
        employment_mode=data["employment_mode"],
        org=data["org"],
        post_title=data["post_title"],
        rank=data["rank"],
        rank_since=data["rank_since"] or (data["hired_on"] if data["rank"] else None),
        status=data["status"],
        hired_on=data["hired_on"],
        left_on=data["left_on"],
    )
    services._apply(worker, value)
    if filed_on is not None:
        worker.filing_status = FilingStatus.FILED
        worker.filed_at = filed_on
        worker.version += 1
    return worker


# Fields compared between a bulk-built row and the service's row. Ciphertexts differ by their random
# nonce, so they are compared decrypted; ids and timestamps are not compared.
COMPARED = [
    "name",
    "id_number_index",
    "id_number_masked",
    "birth_date",
    "gender",
    "phone_index",
    "phone_masked",
    "ethnicity",
    "political_status",
    "education",
    "major",
    "employment_mode",
    "org_id",
    "post_title",
    "rank",
    "rank_since",
    "status",
    "filing_status",
    "filed_at",
    "hired_on",
    "left_on",
    "version",
]


def _differences(ours, theirs) -> list[str]:
    diffs = [f for f in COMPARED if getattr(ours, f) != getattr(theirs, f)]
    if ours.id_number != theirs.id_number:
        diffs.append("id_number_enc")
    if ours.phone != theirs.phone:
        diffs.append("phone_enc")
    return diffs


class _Rollback(Exception):
    pass


def verify_against_service(by, sample: list[tuple[dict, date | None]]) -> int:
    """Run each sample row through the real services (validation included) and roll back; the
    bulk-built row must be identical. Returns the number checked; raises on any difference."""
    from django.db import transaction

    from unionsw.workers import services

    problems = []
    try:
        with transaction.atomic():
            for data, filed_on in sample:
                ours = build_worker(data, filed_on)
                theirs = services.worker_create(by=by, data=dict(data), reason="压测数据校验")
                if filed_on is not None:
                    theirs = services.worker_file(by=by, worker=theirs, filed_on=filed_on)
                theirs.refresh_from_db()
                diff = _differences(ours, theirs)
                if diff:
                    problems.append(f"{data['id_number']}: {', '.join(diff)}")
            raise _Rollback
    except _Rollback:
        pass
    if problems:
        raise SystemExit("Bulk rows differ from worker_create:\n" + "\n".join(problems[:20]))
    return len(sample)


def verify_stored(rng: random.Random, by, k: int = 200) -> int:
    """Read back a sample of stored rows and check them with the service's own validation rules."""
    from unionsw.core import crypto, idnumber
    from unionsw.core.masking import mask_id_number, mask_phone
    from unionsw.workers import services
    from unionsw.workers.models import Worker

    ids = list(Worker.objects.values_list("pk", flat=True))
    problems = []
    for worker in Worker.objects.filter(pk__in=rng.sample(ids, min(k, len(ids)))).select_related("org"):
        info = idnumber.parse(worker.id_number)
        checks = {
            "blind index": worker.id_number_index == crypto.blind_index(info.number, purpose="id_number"),
            "masked id": worker.id_number_masked == mask_id_number(info.number),
            "birth date": worker.birth_date == info.birth_date,
            "gender": worker.gender == info.gender,
            "phone index": worker.phone_index == crypto.blind_index(worker.phone, purpose="phone"),
            "masked phone": worker.phone_masked == mask_phone(worker.phone),
        }
        problems += [f"worker {worker.pk}: {name}" for name, ok in checks.items() if not ok]
        data = {f: (worker.phone if f == "phone" else getattr(worker, f)) for f in services.EDITABLE_FIELDS}
        try:
            services.validate_worker_input(by=by, data=data, existing=worker)
        except Exception as exc:  # noqa: BLE001 - report whatever the validator says
            problems.append(f"worker {worker.pk}: {exc}")
    if problems:
        raise SystemExit("Stored rows fail the service's checks:\n" + "\n".join(problems[:20]))
    return k


def generate(n: int = 100_000, seed: int = 2026, *, verbose: bool = True) -> dict:
    """Fill an empty, migrated bench database. Returns what was built."""
    from django.db import connection, transaction

    from unionsw.orgs.policy_loader import load_policy_profiles
    from unionsw.workers.models import Worker

    def say(msg):
        if verbose:
            print(msg, flush=True)

    rng = random.Random(seed)
    started = time.perf_counter()
    with transaction.atomic():
        load_policy_profiles()
        province, cities, counties, units = build_tree(rng)
        users = make_users(province, cities[0], counties[0])
    say(
        f"  org tree: 1 province, {len(cities)} cities, {len(counties)} counties, {len(units)} units ({time.perf_counter() - started:.1f} s)"
    )

    admin = users["bench_province"]
    rows = worker_rows(rng, units, n)
    sample = [next(rows) for _ in range(min(50, n))]
    checked = verify_against_service(admin, sample)
    say(f"  {checked} sample rows identical to worker_create/worker_file output")

    t0 = time.perf_counter()
    batch, done = [build_worker(d, f) for d, f in sample], 0
    with transaction.atomic():
        for data, filed_on in rows:
            batch.append(build_worker(data, filed_on))
            if len(batch) >= 5000:
                Worker.objects.bulk_create(batch)
                done += len(batch)
                batch = []
                say(f"  {done:,} workers…")
        if batch:
            Worker.objects.bulk_create(batch)
            done += len(batch)
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that lets the list's
        # index-only scans skip the table (without it a deep page fetches every row it skips from the heap).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    say(f"  {done:,} workers inserted ({time.perf_counter() - t0:.1f} s)")
    stored = verify_stored(rng, admin)
    say(f"  {stored} stored rows pass the service's checks")
    return {
        "workers": done,
        "cities": len(cities),
        "counties": len(counties),
        "units": len(units),
        "seconds": round(time.perf_counter() - started, 1),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    common.ensure_database(reset=True)
    common.setup_django()
    print(f"Database {common.db_name()} reset; migrating…", flush=True)
    common.migrate()
    summary = generate(args.workers, args.seed)
    print(f"Done in {summary['seconds']} s: {summary}")


if __name__ == "__main__":
    main()
