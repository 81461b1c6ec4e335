from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from .errors import NO_PERMISSION


def permission_required(code: str, *alternatives: str):
    """Read-only users reaching a write page get 403; the object itself is loaded through a
    scoped selector, so an object outside scope is a 404 before this matters. With alternatives,
    any one of the codes opens the page (a manager's page that shows what they manage)."""
    codes = (code, *alternatives)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(request.user.can(c) for c in codes):
                raise PermissionDenied(gettext(NO_PERMISSION))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
