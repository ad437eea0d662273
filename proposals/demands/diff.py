"""A readable word-level diff between two versions of a demand.

The output is HTML with every piece of text escaped: removed words in
``<del>``, added words in ``<ins>``. Whitespace is kept as it was, so line
breaks survive; a screen reader announces ``<ins>``/``<del>`` and the page's
CSS marks them by more than colour (underline and strike-through).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from proposals.models import DemandStatus, Stance

# Words (letters, digits, and the joiners inside numbers and words), runs of
# whitespace, and single other characters: «10.3», «studieplasser» and «–».
_TOKENS = re.compile(r"\w+(?:[.,:\-]\w+)*|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text or "")


def _segments(before: list[str], after: list[str]) -> list[tuple[bool, str, str]]:
    """(changed, old text, new text) runs; a lone space between two changes joins them.

    «Utkast to» → «Levert tekst» reads as one replacement, not as two with an
    unchanged space between them.
    """
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    runs: list[tuple[bool, str, str]] = []
    opcodes = matcher.get_opcodes()
    for index, (op, a1, a2, b1, b2) in enumerate(opcodes):
        old, new = "".join(before[a1:a2]), "".join(after[b1:b2])
        between_changes = 0 < index < len(opcodes) - 1 and not old.strip()
        if op == "equal" and not between_changes:
            runs.append((False, old, new))
        elif runs and runs[-1][0]:
            _, old_run, new_run = runs.pop()
            runs.append((True, old_run + old, new_run + new))
        else:
            runs.append((True, old, new))
    return runs


def word_diff(old: str, new: str) -> SafeString:
    """``old`` against ``new`` as escaped HTML with ``<del>`` and ``<ins>``."""
    parts: list[str] = []
    for changed, before, after in _segments(tokens(old), tokens(new)):
        if not changed:
            parts.append(escape(before))
            continue
        if before:
            parts.append(f"<del>{escape(before)}</del>")
        if after:
            parts.append(f"<ins>{escape(after)}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@dataclass(frozen=True)
class FieldDiff:
    label: str
    html: SafeString
    changed: bool


def _amount(value) -> str:
    if value is None:
        return ""
    # Imported here: the template tag module pulls in Django's formats.
    from proposals.formatting import nok

    return nok(value)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


# What a version holds, in reading order, each as text for the diff.
_FIELDS = [
    (_("Tittel"), lambda v: v.title),
    (_("Krav"), lambda v: v.text),
    (_("Begrunnelse"), lambda v: v.rationale),
    (_("Standpunkt"), lambda v: _label(Stance, v.stance)),
    (_("Beløp"), lambda v: _amount(v.requested_amount_nok)),
    (_("Kapitler"), lambda v: ", ".join(v.chapter_labels or [])),
    (_("Budsjettposter"), lambda v: ", ".join(v.budget_post_labels or [])),
]


def version_diff(older, newer) -> list[FieldDiff]:
    """Each field of two versions (DemandVersion or Demand) compared; ``older`` may be None."""
    result = []
    for label, read in _FIELDS:
        before = read(older) if older is not None else ""
        after = read(newer)
        result.append(FieldDiff(str(label), word_diff(before, after), before != after))
    return result


def status_label(value: str) -> str:
    return _label(DemandStatus, value)
