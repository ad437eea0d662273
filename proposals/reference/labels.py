"""Reference notations as a reader sees them, in the active language.

The notations themselves (``budget.py`` …) are plain Python; this is where they
meet Django's translation.
"""

from django.utils.translation import gettext

from proposals.reference.budget import format_budget_post


def budget_post_label(chapter: int, post: int, year: int | None = None) -> str:
    """``Kap. 732, post 70`` (with `` (2026)`` when a year is given), in the active language."""
    return format_budget_post(chapter, post, year, translate=gettext)
