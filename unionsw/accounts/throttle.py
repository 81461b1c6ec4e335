"""Login throttling keyed on (account, address) (issue 11, finding 4), shared by the login page and
the token endpoint.

- django-axes locks a (username, address) pair after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME
  (settings.AXES_LOCKOUT_PARAMETERS): five wrong passwords from one address no longer lock the account
  for everyone — the owner signs in from their own address, and 安全管理员 can still lift a lock.
- Progressive delay: from the LOGIN_DELAY_AFTER-th failure of a pair on, the next attempt from that
  pair is refused (429, "请 N 秒后再试", the password not even checked) for LOGIN_DELAY_SECONDS × 2^k
  seconds, doubling with each further failure, capped at LOGIN_DELAY_MAX_SECONDS.
- Per-account alarm: when an account's failures from all addresses together reach a multiple of
  AXES_FAILURE_LIMIT within the cool-off, a 告警 row goes into the login log (and the audit trail),
  so a spread-out attack is seen even though no single address is locked.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext


def _s(name: str, default):
    return getattr(settings, name, default)


def _pair_key(username: str, ip: str) -> str:
    user = hashlib.sha256(username.lower().encode()).hexdigest()[:24]
    generation = cache.get(f"login-gen:{user}", 0)
    return f"login-delay:{user}:{generation}:{ip}"


def wait_seconds(username: str, ip: str) -> int:
    """Seconds this (account, address) pair must still wait before its next attempt (0 = go)."""
    state = cache.get(_pair_key(username, ip))
    if not state:
        return 0
    return max(0, math.ceil(state["next"] - time.time()))


def record_failure(username: str, ip: str) -> None:
    key = _pair_key(username, ip)
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    state = cache.get(key) or {"failures": 0, "next": 0.0}
    state["failures"] += 1
    after = int(_s("LOGIN_DELAY_AFTER", 2))
    base = float(_s("LOGIN_DELAY_SECONDS", 1))
    if state["failures"] >= after and base > 0:
        delay = min(base * 2 ** (state["failures"] - after), float(_s("LOGIN_DELAY_MAX_SECONDS", 60)))
        state["next"] = time.time() + delay
    cache.set(key, state, window)


def record_success(username: str, ip: str) -> None:
    cache.delete(_pair_key(username, ip))


def reset(username: str) -> None:
    """Forget every pair's delay for this account (安全管理员's unlock)."""
    user = hashlib.sha256(username.lower().encode()).hexdigest()[:24]
    key = f"login-gen:{user}"
    cache.set(key, cache.get(key, 0) + 1, None)


def delay_message(seconds: int) -> str:
    return gettext("登录尝试过于频繁，请 %(seconds)s 秒后再试") % {"seconds": seconds}


def alarm_if_attacked(username: str) -> None:
    """Write the per-account alarm into the login log when the account's failures from every address
    within the cool-off reach a multiple of the failure limit."""
    from unionsw.core.audit import audit

    from .models import LoginRecord, User

    if not username:
        return
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = LoginRecord.objects.filter(username=username, success=False, at__gte=since).exclude(reason__startswith="告警")
    count = failures.count()
    limit = settings.AXES_FAILURE_LIMIT
    if count == 0 or count % limit:
        return
    addresses = failures.values("ip").distinct().count()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    user = User.objects.filter(username=username).first()
    # stored in the login log: Chinese, like every stored text
    reason = f"告警：{minutes} 分钟内该账号登录失败 {count} 次，来自 {addresses} 个地址"
    LoginRecord.objects.create(username=username, user=user, ip="", success=False, reason=reason[:100])
    audit(by=None, actor_name=username, action="auth.alarm", result="denied", detail={"failures": count, "addresses": addresses})
