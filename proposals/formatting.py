"""How numbers and amounts are written for a reader: ``1 234 567 kr``, ``+40 000 000 kr``.

One home for these formats, used by templates (through ``templatetags``), charts,
diffs and exports alike; the active language decides the grouping.
"""

import functools

from django.utils import formats, translation
from django.utils.translation import gettext as _


def nok(value) -> str:
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


def signed_nok(value) -> str:
    """Like ``nok`` but always with a sign, for requested changes: ``+40 000 000 kr``."""
    text = nok(value)
    if text and int(value) > 0:
        return "+" + text
    return text


def number(value: int | None) -> str:
    """``1234567`` → ``1 234 567`` (no-break spaces), in the active language's format.

    Whole numbers only (counts); charts write hundreds of thousands of them, so the
    language's separator is looked up once rather than formatted through Django.
    """
    if value is None:
        return "–"
    if not isinstance(value, int):
        return formats.number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return _grouped(value, translation.get_language() or "")


@functools.lru_cache(maxsize=8192)
def _grouped(value: int, language: str) -> str:
    separator = formats.get_format("THOUSAND_SEPARATOR", language or None, use_l10n=True)
    return f"{value:,}".replace(",", separator)
