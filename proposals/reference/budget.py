"""Budget posts of the state budget: the one parser and the one formatter of their notation.

Plain Python with no Django in it. The canonical form is ``Kap. 732, post 70``
(a post is written with two digits: ``post 01``); people also write
``kap. 0732 post 70``, ``kapittel 732, post 70``, ``post 70 under kap. 732``,
``732.70`` and, in a search box, ``732 70``.

The labels are marked for the translation catalogue here and translated by
the caller (``proposals.reference.labels.budget_post_label``), so this module stays
free of Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def _(text: str) -> str:
    """Marks ``text`` for the catalogue; the caller translates it."""
    return text


LABEL = _("Kap. %(chapter)s, post %(post)02d")
LABEL_IN_YEAR = _("Kap. %(chapter)s, post %(post)02d (%(year)s)")

_KAP = r"kap(?:ittel|itel)?\.?\s*(?P<kap>\d{1,4})"
_POST = r"post\.?\s*(?P<post>\d{1,2})"
_FORMS = (
    re.compile(rf"{_KAP}\s*[,/]?\s*(?:under\s+)?{_POST}", re.IGNORECASE),
    re.compile(rf"{_POST}\s*,?\s*(?:under|på|i|til)\s+{_KAP}", re.IGNORECASE),
    re.compile(r"(?P<kap>\d{1,4})\s*[.\s]\s*(?P<post>\d{2})"),
    re.compile(r"(?P<kap>\d{1,4})\s+(?P<post>\d{1})"),
)
_SPACES = re.compile(r"\s+")


class BudgetPostError(ValueError):
    """Text that is not a budget post written in any of the known ways."""


@dataclass(frozen=True, order=True)
class BudgetPostRef:
    chapter: int
    post: int

    def __str__(self) -> str:
        return format_budget_post(self.chapter, self.post)


def parse_budget_post(text: str) -> BudgetPostRef:
    """``"post 70 under kap. 732"`` → ``BudgetPostRef(732, 70)``; raises ``BudgetPostError``."""
    written = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().rstrip(".")
    for pattern in _FORMS:
        match = pattern.fullmatch(written)
        if match:
            chapter, post = int(match["kap"]), int(match["post"])
            if chapter > 0:
                return BudgetPostRef(chapter, post)
    raise BudgetPostError(written)


def format_budget_post(
    chapter: int,
    post: int,
    year: int | None = None,
    *,
    translate: Callable[[str], str] = str,
) -> str:
    """``Kap. 732, post 70`` (and `` (2026)`` with a year), translated by ``translate``."""
    template = translate(LABEL if year is None else LABEL_IN_YEAR)
    return template % {"chapter": chapter, "post": post, "year": year}
