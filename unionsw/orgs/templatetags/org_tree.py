"""{% org_tree steps selected %}: the tree of the 组织架构 page.

Built in Python because a province tree has thousands of nodes and one template-loop iteration per
node costs about half a millisecond; names are escaped by format_html like any template variable."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def org_tree(steps, selected):
    url = reverse("orgs:detail", args=[0])[: -len("0/")]  # "/orgs/"; one reverse for the whole tree
    selected_pk = getattr(selected, "pk", None)
    disabled = format_html(' <span class="tag muted">{}</span>', gettext("已停用"))  # once per tree, not per node
    parts = ["<ul>"]
    for s in steps:
        if s["step"] == "close":
            parts.append("</ul></details></li>")
            continue
        org = s["org"]
        current = ' class="current" aria-current="page"' if org.pk == selected_pk else ""
        link = format_html('<a href="{}{}/"{}>{}</a>', url, org.pk, mark_safe(current), org.name)
        if not org.is_active:
            link += disabled
        if s["step"] == "branch":
            parts.append(format_html("<li><details{}><summary>{}</summary><ul>", mark_safe(" open" if s["open"] else ""), link))
        else:
            parts.append(format_html("<li>{}</li>", link))
    parts.append("</ul>")
    return mark_safe("".join(parts))
