"""The public applicant portal (/portal/). Applicants are not staff: their own account model and their
own session key (`portal_applicant`), a CAPTCHA on every public form and rate limits on registration
and login. Every applicant read is filtered by the logged-in applicant, so another applicant's object is a 404."""

from __future__ import annotations

import base64
import secrets
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from unionsw.core import crypto, idnumber
from unionsw.core.errors import OutOfScope
from unionsw.core.uploads import file_response

from . import services
from .forms import ApplicationForm, LoginForm, RegisterForm
from .models import Applicant, Application, RoundStatus, Upload, UploadKind
from .selectors import public_rounds

SESSION_KEY = "portal_applicant"
CAPTCHA_KEY = "portal_captcha"
RATE_LIMIT = 10  # attempts per IP per window, for each of register and login
RATE_WINDOW = 15 * 60


def current_applicant(request) -> Applicant | None:
    pk = request.session.get(SESSION_KEY)
    return Applicant.objects.filter(pk=pk).first() if pk else None


def applicant_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.applicant = current_applicant(request)
        if request.applicant is None:
            messages.info(request, gettext("请先登录报名平台"))
            return redirect(f"{reverse('portal:login')}?next={request.path}")
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


def applicant_or_404(view):
    """For routes that address an object: without the owning applicant's session it does not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.applicant = current_applicant(request)
        if request.applicant is None:
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


# --- CAPTCHA (issue 11, finding 8): five characters drawn server-side by the `captcha` library
# (warped glyphs, noise, curves), from an alphabet without look-alikes. The answer lives in the cache
# under a random id kept in the session; checking it deletes it, and only the request whose delete
# succeeds may use it, so one solved CAPTCHA passes exactly one post however many arrive at once.

CAPTCHA_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CAPTCHA_LENGTH = 5
CAPTCHA_SECONDS = 10 * 60


def _captcha_cache_key(captcha_id: str) -> str:
    return f"portal-captcha:{captcha_id}"


def new_captcha(request) -> str:
    from captcha.image import ImageCaptcha

    rng = secrets.SystemRandom()
    text = "".join(rng.choice(CAPTCHA_ALPHABET) for _ in range(CAPTCHA_LENGTH))
    captcha_id = secrets.token_urlsafe(16)
    cache.set(_captcha_cache_key(captcha_id), text, CAPTCHA_SECONDS)
    request.session[CAPTCHA_KEY] = captcha_id
    data = ImageCaptcha(width=170, height=60).generate(text).getvalue()
    return "data:image/png;base64," + base64.b64encode(data).decode()


def captcha_answer(captcha_id: str | None) -> str | None:
    """The answer of a CAPTCHA by its id (tests and the browser tests read it; the page shows only the image)."""
    return cache.get(_captcha_cache_key(captcha_id)) if captcha_id else None


def captcha_ok(request, answer: str) -> bool:
    captcha_id = request.session.pop(CAPTCHA_KEY, None)
    if not captcha_id:
        return False
    key = _captcha_cache_key(captcha_id)
    expected = cache.get(key)
    if expected is None or not cache.delete(key):  # the delete is the atomic step: one winner
        return False
    return secrets.compare_digest((answer or "").strip().upper(), expected)


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


# --- limits (issue 11, finding 8): failures are counted, not successes, per (account, address) for
# login; an address as a whole gets a wider ceiling so one office behind a NAT is not shut out by
# another applicant's typos.

ADDRESS_LIMIT = 50  # failures per address per window, all accounts together


def _hit(key: str) -> None:
    cache.add(key, 0, RATE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)


def _pair_key(what: str, account: str, ip: str) -> str:
    account = crypto.blind_index(idnumber.normalize(account or ""), purpose="id_number")[:24] if account else "-"
    return f"portal:{what}:{account}:{ip}"


def rate_limited(request, what: str, account: str = "") -> bool:
    ip = _ip(request)
    return (cache.get(_pair_key(what, account, ip), 0) >= RATE_LIMIT) or (cache.get(f"portal:{what}:{ip}", 0) >= ADDRESS_LIMIT)


def count_failure(request, what: str, account: str = "") -> None:
    ip = _ip(request)
    _hit(_pair_key(what, account, ip))
    _hit(f"portal:{what}:{ip}")


def forget_failures(request, what: str, account: str = "") -> None:
    cache.delete(_pair_key(what, account, _ip(request)))


# --- pages ----------------------------------------------------------------------------------------


@login_not_required
def home(request):
    applicant = current_applicant(request)
    today = timezone.localdate()
    rounds = list(public_rounds()[:30])
    mine = {}
    if applicant:
        mine = {a.round_id: a for a in applicant.applications.select_related("post")}
    return render(
        request,
        "recruitment/portal/home.html",
        {"applicant": applicant, "rounds": rounds, "mine": mine, "today": today, "S": RoundStatus},
    )


@login_not_required
def privacy(request):
    return render(request, "recruitment/portal/privacy.html", {"applicant": current_applicant(request)})


@login_not_required
def register(request):
    """Registering an ID number that already has an account answers exactly like a new registration
    (no enumeration): both go to the login page with the same message; the owner is told at their
    next login that someone tried (services.applicant_register)."""
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        account = request.POST.get("id_number", "")[:30]
        if rate_limited(request, "register", account):
            form.add_error(None, gettext("操作过于频繁，请15分钟后再试"))
        elif not captcha_ok(request, request.POST.get("captcha", "")):
            form.add_error("captcha", gettext("验证码不正确"))
            count_failure(request, "register", account)
        elif form.is_valid():
            data = form.cleaned_data
            if data["password"] != data["password2"]:
                form.add_error("password2", gettext("两次输入的密码不一致"))
            else:
                try:
                    services.applicant_register(
                        id_number=data["id_number"],
                        name=data["name"],
                        phone=data["phone"],
                        password=data["password"],
                        accept_privacy=data["accept_privacy"],
                    )
                except ValidationError as exc:
                    count_failure(request, "register", account)
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    messages.success(request, gettext("注册成功，请用身份证号和密码登录"))
                    return redirect("portal:login")
        else:
            count_failure(request, "register", account)
    return render(request, "recruitment/portal/register.html", {"form": form, "captcha": new_captcha(request)})


def _login(request, applicant: Applicant) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = applicant.pk


@login_not_required
def login(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        account = request.POST.get("id_number", "")[:30]
        if rate_limited(request, "login", account):
            form.add_error(None, gettext("登录尝试过于频繁，请15分钟后再试"))
        elif not captcha_ok(request, request.POST.get("captcha", "")):
            form.add_error("captcha", gettext("验证码不正确"))
            count_failure(request, "login", account)
        elif form.is_valid():
            applicant = services.applicant_authenticate(
                id_number=form.cleaned_data["id_number"], password=form.cleaned_data["password"]
            )
            if applicant is None:
                count_failure(request, "login", account)
                form.add_error(None, gettext("身份证号或密码不正确"))
            else:
                forget_failures(request, "login", account)
                previous_login = applicant.previous_login
                _login(request, applicant)
                attempts = services.registration_attempts_since(applicant, previous_login)
                if attempts:
                    messages.warning(
                        request,
                        gettext(
                            "提示：自您上次登录以来，有人 %(attempts)s 次尝试用您的身份证号注册新账号（未成功）。"
                            "如果不是您本人操作，请注意保护个人信息；如怀疑密码泄露，请尽快修改密码。"
                        )
                        % {"attempts": attempts},
                    )
                return redirect(
                    request.GET.get("next") if (request.GET.get("next") or "").startswith("/portal/") else "portal:home"
                )
    return render(request, "recruitment/portal/login.html", {"form": form, "captcha": new_captcha(request)})


@require_POST
@login_not_required
def logout(request):
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("portal:home")


@login_not_required
def round_public(request, pk):
    """The published announcement (公告): public."""
    from .views import _announcement_context

    rnd = get_object_or_404(public_rounds(), pk=pk)
    return render(
        request,
        "recruitment/portal/announcement.html",
        {**_announcement_context(rnd), "applicant": current_applicant(request), "public": True},
    )


UPLOAD_FIELDS = (("photo", UploadKind.PHOTO), ("diploma", UploadKind.DIPLOMA), ("certificate_file", UploadKind.CERTIFICATE))


def _save_application(request, form, save) -> bool:
    """Run `save(data)` (submit or correct) and store the form's files, in one transaction; on a refusal the
    errors go on the form and nothing is kept."""
    from django.db import transaction

    data = form.cleaned_data
    try:
        with transaction.atomic():
            app = save(data)
            for field, kind in UPLOAD_FIELDS:
                if data.get(field):
                    services.upload_add(applicant=request.applicant, application=app, kind=kind, upload=data[field])
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errs in exc.message_dict.items():
                target = {"file": None}.get(field, field)
                form.add_error(target if target in form.fields else None, errs)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


@applicant_required
def apply(request, pk):
    rnd = get_object_or_404(public_rounds(), pk=pk)
    existing = Application.objects.filter(applicant=request.applicant, round=rnd).first()
    if existing:
        return redirect("portal:status")
    form = ApplicationForm(request.POST or None, request.FILES or None, round=rnd)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_application(
            request, form, lambda data: services.application_submit(applicant=request.applicant, round=rnd, data=data)
        )
    ):
        messages.success(request, gettext("报名已提交，可在“我的报名”查看审查结果"))
        return redirect("portal:status")
    return render(request, "recruitment/portal/apply.html", {"form": form, "round": rnd, "applicant": request.applicant})


@applicant_or_404
def correct(request, pk):
    """Correct one's own application (or change post) while registration is open."""
    app = get_object_or_404(request.applicant.applications.select_related("round", "round__plan"), pk=pk)
    rnd = app.round
    initial = {f: getattr(app, f) for f in services.APPLICATION_FIELDS}
    form = ApplicationForm(request.POST or None, request.FILES or None, round=rnd, initial=initial)
    for field, _ in UPLOAD_FIELDS:
        form.fields[field].help_text = gettext("不选择文件则保留已上传的材料")
    if request.method == "POST" and form.is_valid():
        if _save_application(
            request,
            form,
            lambda data: services.application_correct(applicant=request.applicant, application=app, data=data),
        ):
            messages.success(request, gettext("报名信息已修改，自动审查已按新信息重新进行"))
            return redirect("portal:status")
    return render(
        request,
        "recruitment/portal/apply.html",
        {"form": form, "round": rnd, "applicant": request.applicant, "correcting": app},
    )


@require_POST
@applicant_or_404
def withdraw(request, pk):
    app = get_object_or_404(request.applicant.applications.select_related("round"), pk=pk)
    try:
        services.application_withdraw(applicant=request.applicant, application=app)
    except ValidationError as exc:
        messages.error(request, gettext("；").join(exc.messages))
    else:
        messages.success(request, gettext("报名已撤回，已上传的材料已删除；报名截止前可重新报名"))
    return redirect("portal:status")


STEP_LABELS = [
    gettext_noop("网上报名"),
    gettext_noop("资格审查"),
    gettext_noop("笔试"),
    gettext_noop("面试"),
    gettext_noop("总成绩排名"),
    gettext_noop("体检"),
    gettext_noop("考察"),
    gettext_noop("公示"),
    gettext_noop("备案"),
    gettext_noop("录用"),
]


def steps_for(app: Application) -> list[dict]:
    """Each step's result and reason, as the applicant sees it, in the page's language. What was stored with the
    application (the review's reason, the automatic checks, the tie rule, the medical and vetting notes) is
    quoted as it was written, in Chinese."""
    rnd = app.round

    def step(label, state, text):
        return {"label": gettext(label), "state": state, "text": text}

    out = [step(gettext_noop("网上报名"), "ok", gettext("已报名：%(post)s") % {"post": app.post})]
    if app.review == "passed":
        out.append(step(gettext_noop("资格审查"), "ok", gettext("审查通过")))
    elif app.review == "rejected":
        out.append(step(gettext_noop("资格审查"), "bad", gettext("未通过：%(reason)s") % {"reason": app.review_reason}))
        return out
    else:
        failed = [c for c in app.auto_checks if not c["ok"]]
        text = gettext("待审查")
        if failed:
            text += gettext("（自动审查提示：%(checks)s）") % {"checks": "；".join(c["detail"] for c in failed)}
        out.append(step(gettext_noop("资格审查"), "warn", text))
        return out
    if app.ticket_no:
        text = gettext("准考证号 %(ticket)s，%(room)s 第%(seat)s座") % {
            "ticket": app.ticket_no,
            "room": app.room.name if app.room else "",
            "seat": app.seat,
        }
        if app.written_score is not None:
            text += gettext("；笔试成绩 %(score)s") % {"score": app.written_score}
        elif rnd.reached(RoundStatus.INTERVIEW):
            text += gettext("；缺考")
        out.append(step(gettext_noop("笔试"), "ok" if app.written_score is not None else "warn", text))
    if rnd.reached(RoundStatus.INTERVIEW):
        out.append(
            step(
                gettext_noop("面试"),
                "ok" if app.in_interview else "bad",
                gettext("进入面试")
                if app.in_interview
                else gettext("未进入面试（按1:%(ratio)s确定面试人选）") % {"ratio": rnd.interview_ratio},
            )
        )
        if not app.in_interview:
            return out
    if app.total_score is not None:
        text = gettext("面试 %(interview)s，总成绩 %(total)s，岗位第%(rank)s名") % {
            "interview": app.interview_score,
            "total": app.total_score,
            "rank": app.rank,
        }
        if app.tie_rule:
            text += gettext("（%(rule)s）") % {"rule": app.tie_rule}
        out.append(step(gettext_noop("总成绩排名"), "ok", text))
    if app.medical:
        out.append(
            step(
                gettext_noop("体检"),
                "ok" if app.medical == "passed" else "bad",
                str(app.get_medical_display()) + (gettext("：%(note)s") % {"note": app.medical_note} if app.medical_note else ""),
            )
        )
    if app.vetting:
        out.append(
            step(
                gettext_noop("考察"),
                "ok" if app.vetting == "passed" else "bad",
                str(app.get_vetting_display()) + (gettext("：%(note)s") % {"note": app.vetting_note} if app.vetting_note else ""),
            )
        )
    if app.publicity_start:
        out.append(
            step(
                gettext_noop("公示"),
                "ok",
                gettext("%(start)s 至 %(end)s") % {"start": f"{app.publicity_start:%Y-%m-%d}", "end": f"{app.publicity_end:%Y-%m-%d}"},
            )
        )
    if app.filed_at:
        out.append(step(gettext_noop("备案"), "ok", gettext("%(date)s 省总工会备案") % {"date": f"{app.filed_at:%Y-%m-%d}"}))
    if app.worker_id:
        out.append(step(gettext_noop("录用"), "ok", gettext("已录用，入职日期 %(date)s") % {"date": f"{app.hired_on:%Y-%m-%d}"}))
    return out


@applicant_required
def status(request):
    apps = request.applicant.applications.select_related("round", "post", "post__unit", "room").prefetch_related("uploads")
    return render(
        request,
        "recruitment/portal/status.html",
        {
            "applicant": request.applicant,
            "items": [(a, steps_for(a)) for a in apps],
            "kinds": UploadKind.choices,
            "S": RoundStatus,
        },
    )


@require_POST
@applicant_or_404
def upload(request, pk):
    app = get_object_or_404(request.applicant.applications.select_related("round"), pk=pk)
    file = request.FILES.get("file")
    try:
        if file is None:
            raise ValidationError(gettext("请选择文件"))
        services.upload_add(applicant=request.applicant, application=app, kind=request.POST.get("kind", ""), upload=file)
    except OutOfScope:
        raise Http404
    except ValidationError as exc:
        messages.error(
            request,
            gettext("；").join(m for ms in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]) for m in ms),
        )
    else:
        messages.success(request, gettext("材料已上传"))
    return redirect("portal:status")


@applicant_or_404
def file(request, pk):
    """An applicant's own upload; another applicant gets 404. Staff download through recruitment:upload."""
    obj = get_object_or_404(Upload.objects.filter(application__applicant=request.applicant), pk=pk)
    return file_response(obj.file, content_type=obj.content_type)
