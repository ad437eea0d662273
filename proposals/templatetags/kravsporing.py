"""Formats for Norwegian readers: ``1 234 567 kr``, ``23.11.2026``."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def nok(value):
    """An amount in whole kroner, grouped as the active language writes numbers."""
    if value is None or value == "":
        return ""
    try:
        amount = int(value)
    except (TypeError, ValueError):
        return ""
    grouped = formats.number_format(abs(amount), decimal_pos=0, use_l10n=True, force_grouping=True)
    sign = "−" if amount < 0 else ""
    return _("%(sign)s%(amount)s kr") % {"sign": sign, "amount": grouped}


@register.filter
def signed_nok(value):
    """Like ``nok`` but always with a sign, for requested changes: ``+40 000 000 kr``."""
    text = nok(value)
    if text and int(value) > 0:
        return "+" + text
    return text
