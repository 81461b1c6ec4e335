from django import template

register = template.Library()


@register.filter
def can(user, code: str) -> bool:
    """{% if user|can:"worker.change" %} — the same permission check the views use."""
    return bool(getattr(user, "is_authenticated", False)) and user.can(code)
