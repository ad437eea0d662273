"""Formats for Norwegian readers: ``1 234 567 kr``, ``23.11.2026``."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from proposals import formatting

register = template.Library()


register.filter("nok", formatting.nok)
register.filter("signed_nok", formatting.signed_nok)


@register.filter
def highlight(value):
    """A search snippet with its matches in ``<mark>``; everything else escaped.

    The database marks matches with two private-use characters; the text is
    escaped first and only complete marker pairs become tags.
    """
    from proposals.portal.selectors import HIGHLIGHT_START, HIGHLIGHT_STOP

    if not value:
        return ""
    text = escape(str(value))
    pattern = re.compile(
        f"{HIGHLIGHT_START}([^{HIGHLIGHT_START}{HIGHLIGHT_STOP}]*){HIGHLIGHT_STOP}"
    )
    text = pattern.sub(r"<mark>\1</mark>", text)
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")
    return mark_safe(text)  # noqa: S308 - escaped above; only <mark> added


@register.simple_tag
def query_without(params, name, value=None):
    """``params`` as a query string without ``name`` (or only without that one value of it)."""
    remaining = params.copy()
    if value is None:
        remaining.pop(name, None)
    else:
        kept = [item for item in remaining.getlist(name) if item != str(value)]
        remaining.setlist(name, kept)
        if not kept:
            remaining.pop(name)
    return "?" + remaining.urlencode()


@register.filter
def status_label(value):
    from proposals.models import DemandStatus

    try:
        return DemandStatus(value).label
    except ValueError:
        return value


@register.filter
def stance_label(value):
    from proposals.models import Stance

    try:
        return Stance(value).label
    except ValueError:
        return value


@register.simple_tag
def demands_url(**filters):
    """``/demands/`` filtered, e.g. ``{% demands_url document=document.pk %}``.

    Ids go in as plain digits: a template would group 1234 as «1 234».
    """
    from django.urls import reverse
    from django.utils.http import urlencode

    query = urlencode({name: str(value) for name, value in filters.items() if value is not None})
    return reverse("portal:demand_list") + ("?" + query if query else "")
