from functools import cache as memoize

from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from .menu import menu_for
from .models import SiteState


def is_demo() -> bool:
    flag = cache.get("site_demo")
    if flag is None:
        state = SiteState.objects.filter(pk=1).first()
        flag = bool(state and state.demo)
        cache.set("site_demo", flag, 300)
    return flag


@memoize
def _menu_url(url_name: str) -> str | None:
    """A menu item's URL (no arguments: the same for the process's lifetime), reversed once, not on every page."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def frame(request):
    """What the base layout needs: the menu for the user's roles and the demo banner."""
    context = {"demo_mode": is_demo()}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        menu = []
        for section, items in menu_for(user):
            entries = []
            for item in items:
                url = _menu_url(item.url_name)
                if url is None:
                    continue
                entries.append({"label": gettext(item.label), "url": url, "active": False})
            if entries:
                menu.append({"section": gettext(section), "items": entries})
        # one highlighted item: the longest menu URL that the current path starts with
        matches = [e for g in menu for e in g["items"] if e["url"] != "/" and request.path.startswith(e["url"])]
        if matches:
            max(matches, key=lambda e: len(e["url"]))["active"] = True
        context["menu"] = menu
    return context
