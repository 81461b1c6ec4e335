"""The public applicant portal (/portal/). Applicants are not staff: their own account model and their
own session key (`portal_applicant`), a CAPTCHA on every public form and rate limits on registration
and login. Every applicant read is filtered by the logged-in applicant, so another applicant's object is a 404."""

from __future__ import annotations

import base64
import io
import secrets
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from unionsw.core.errors import OutOfScope

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
            messages.info(request, "请先登录报名平台")
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


# --- CAPTCHA: an arithmetic question drawn as a noisy image with Pillow; the answer lives in the session.


def new_captcha(request) -> str:
    rng = secrets.SystemRandom()
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    request.session[CAPTCHA_KEY] = str(a + b)
    return _captcha_image(f"{a} + {b} = ?", rng)


def _captcha_image(text: str, rng) -> str:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (140, 44), (245, 246, 250))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, 140), rng.randint(0, 44)), (rng.randint(0, 140), rng.randint(0, 44))], fill=(180, 185, 200), width=1
        )
    font = ImageFont.load_default(size=22)
    x = 8
    for ch in text:
        draw.text((x, rng.randint(6, 12)), ch, fill=(rng.randint(20, 90), rng.randint(20, 90), rng.randint(60, 140)), font=font)
        x += 15 if ch != " " else 7
    for _ in range(80):
        draw.point((rng.randint(0, 139), rng.randint(0, 43)), fill=(150, 150, 170))
    out = io.BytesIO()
    img.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def captcha_ok(request, answer: str) -> bool:
    expected = request.session.pop(CAPTCHA_KEY, None)
    return expected is not None and (answer or "").strip() == expected


def _ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request, what: str) -> bool:
    key = f"portal:{what}:{_ip(request)}"
    count = cache.get_or_set(key, 0, RATE_WINDOW)
    if count >= RATE_LIMIT:
        return True
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
    return False


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
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "register"):
            form.add_error(None, "操作过于频繁，请15分钟后再试")
        elif not captcha_ok(request, request.POST.get("captcha", "")):
            form.add_error("captcha", "验证码不正确")
        elif form.is_valid():
            data = form.cleaned_data
            if data["password"] != data["password2"]:
                form.add_error("password2", "两次输入的密码不一致")
            else:
                try:
                    applicant = services.applicant_register(
                        id_number=data["id_number"],
                        name=data["name"],
                        phone=data["phone"],
                        password=data["password"],
                        accept_privacy=data["accept_privacy"],
                    )
                except ValidationError as exc:
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                else:
                    _login(request, applicant)
                    messages.success(request, "注册成功")
                    return redirect("portal:home")
    return render(request, "recruitment/portal/register.html", {"form": form, "captcha": new_captcha(request)})


def _login(request, applicant: Applicant) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = applicant.pk


@login_not_required
def login(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "login"):
            form.add_error(None, "登录尝试过于频繁，请15分钟后再试")
        elif not captcha_ok(request, request.POST.get("captcha", "")):
            form.add_error("captcha", "验证码不正确")
        elif form.is_valid():
            applicant = services.applicant_authenticate(
                id_number=form.cleaned_data["id_number"], password=form.cleaned_data["password"]
            )
            if applicant is None:
                form.add_error(None, "身份证号或密码不正确")
            else:
                _login(request, applicant)
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


@applicant_required
def apply(request, pk):
    rnd = get_object_or_404(public_rounds(), pk=pk)
    existing = Application.objects.filter(applicant=request.applicant, round=rnd).first()
    if existing:
        return redirect("portal:status")
    form = ApplicationForm(request.POST or None, request.FILES or None, round=rnd)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            from django.db import transaction

            with transaction.atomic():
                app = services.application_submit(applicant=request.applicant, round=rnd, data=data)
                for field, kind in (
                    ("photo", UploadKind.PHOTO),
                    ("diploma", UploadKind.DIPLOMA),
                    ("certificate_file", UploadKind.CERTIFICATE),
                ):
                    if data.get(field):
                        services.upload_add(applicant=request.applicant, application=app, kind=kind, upload=data[field])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    target = {"file": None}.get(field, field)
                    form.add_error(target if target in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, "报名已提交，可在“我的报名”查看审查结果")
            return redirect("portal:status")
    return render(request, "recruitment/portal/apply.html", {"form": form, "round": rnd, "applicant": request.applicant})


STEP_LABELS = ["网上报名", "资格审查", "笔试", "面试", "总成绩排名", "体检", "考察", "公示", "备案", "录用"]


def steps_for(app: Application) -> list[dict]:
    """Each step's result and reason, as the applicant sees it."""
    rnd = app.round

    def step(label, state, text):
        return {"label": label, "state": state, "text": text}

    out = [step("网上报名", "ok", f"已报名：{app.post}")]
    if app.review == "passed":
        out.append(step("资格审查", "ok", "审查通过"))
    elif app.review == "rejected":
        out.append(step("资格审查", "bad", f"未通过：{app.review_reason}"))
        return out
    else:
        failed = [c for c in app.auto_checks if not c["ok"]]
        out.append(
            step(
                "资格审查",
                "warn",
                "待审查" + ("（自动审查提示：" + "；".join(c["detail"] for c in failed) + "）" if failed else ""),
            )
        )
        return out
    if app.ticket_no:
        text = f"准考证号 {app.ticket_no}，{app.room.name if app.room else ''} 第{app.seat}座"
        if app.written_score is not None:
            text += f"；笔试成绩 {app.written_score}"
        elif rnd.reached(RoundStatus.INTERVIEW):
            text += "；缺考"
        out.append(step("笔试", "ok" if app.written_score is not None else "warn", text))
    if rnd.reached(RoundStatus.INTERVIEW):
        out.append(
            step(
                "面试",
                "ok" if app.in_interview else "bad",
                "进入面试" if app.in_interview else f"未进入面试（按1:{rnd.interview_ratio}确定面试人选）",
            )
        )
        if not app.in_interview:
            return out
    if app.total_score is not None:
        out.append(
            step(
                "总成绩排名",
                "ok",
                f"面试 {app.interview_score}，总成绩 {app.total_score}，岗位第{app.rank}名"
                + (f"（{app.tie_rule}）" if app.tie_rule else ""),
            )
        )
    if app.medical:
        out.append(
            step(
                "体检",
                "ok" if app.medical == "passed" else "bad",
                app.get_medical_display() + (f"：{app.medical_note}" if app.medical_note else ""),
            )
        )
    if app.vetting:
        out.append(
            step(
                "考察",
                "ok" if app.vetting == "passed" else "bad",
                app.get_vetting_display() + (f"：{app.vetting_note}" if app.vetting_note else ""),
            )
        )
    if app.publicity_start:
        out.append(step("公示", "ok", f"{app.publicity_start:%Y-%m-%d} 至 {app.publicity_end:%Y-%m-%d}"))
    if app.filed_at:
        out.append(step("备案", "ok", f"{app.filed_at:%Y-%m-%d} 省总工会备案"))
    if app.worker_id:
        out.append(step("录用", "ok", f"已录用，入职日期 {app.hired_on:%Y-%m-%d}"))
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
            raise ValidationError("请选择文件")
        services.upload_add(applicant=request.applicant, application=app, kind=request.POST.get("kind", ""), upload=file)
    except OutOfScope:
        raise Http404
    except ValidationError as exc:
        messages.error(
            request,
            "；".join(m for ms in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]) for m in ms),
        )
    else:
        messages.success(request, "材料已上传")
    return redirect("portal:status")


@applicant_or_404
def file(request, pk):
    """An applicant's own upload; another applicant gets 404. Staff download through recruitment:upload."""
    obj = get_object_or_404(Upload.objects.filter(application__applicant=request.applicant), pk=pk)
    return FileResponse(obj.file.open("rb"), content_type=obj.content_type)
