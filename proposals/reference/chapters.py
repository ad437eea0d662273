"""Chapter numbers of a document: reading, checking and sorting them, in one place.

Plain Python with no Django in it. A chapter number is digits separated by
dots (``10``, ``10.3``, ``12.5.1``); people write it with a ``kap.`` or
``Kapittel`` in front and a dot after (``Kapittel 10.3.``), which is cleaned off.
"""

from __future__ import annotations

import re

_CHAPTER_NUMBER = re.compile(r"\d{1,4}(?:\.\d{1,4})*")
_LEAD = re.compile(r"^(?:kap(?:ittel)?\.?\s*)", re.IGNORECASE)
# «10.3 Title», «10.3. Title», «Kapittel 10.3 Title», or a bare «10.3».
_LINE = re.compile(
    r"^(?:kap(?:ittel)?\.?\s*)?(?P<number>\d[\d.]*?)\.?(?:\s+(?P<title>.*))?$", re.IGNORECASE
)


def clean_chapter_number(raw: str) -> str:
    """``" Kapittel 10.3. "`` → ``"10.3"``; the result may still be invalid."""
    return _LEAD.sub("", raw.strip()).strip().rstrip(".")


def chapter_number_is_valid(number: str) -> bool:
    return bool(_CHAPTER_NUMBER.fullmatch(number))


def chapter_numbers_in(text: str) -> list[str]:
    """``"10.3, 12 og 10.3"`` → ``["10.3", "12"]``: each number once, in order."""
    return list(dict.fromkeys(_CHAPTER_NUMBER.findall(text)))


def split_chapter_line(line: str) -> tuple[str, str] | None:
    """``"10.3 Tittel"`` → ``("10.3", "Tittel")``; None when the line starts with no number."""
    match = _LINE.match(line.strip())
    if match is None:
        return None
    return match["number"], (match["title"] or "").strip()


def strip_chapter_number(heading: str) -> str:
    """A heading without the number it starts with: ``"10.3 Tittel"`` → ``"Tittel"``."""
    parts = split_chapter_line(heading)
    return parts[1] if parts else heading.strip()


def chapter_sort_key(number: str) -> str:
    """A string that sorts chapters naturally: 10.9 before 10.11, 10 before 10.1.

    Each part is zero-padded to four digits, so ``10.3`` becomes ``0010.0003``;
    a sub-chapter's key starts with its parent's key and a dot.
    """
    return ".".join(part.zfill(4) for part in number.split("."))


def chapter_sort_key_prefix(depth: int) -> int:
    """How many characters of a sort key name the ancestor at ``depth`` (1 = top level)."""
    return 5 * depth - 1


def chapter_parent_number(number: str) -> str | None:
    head, dot, _ = number.rpartition(".")
    return head if dot else None


def chapter_depth(number: str) -> int:
    return number.count(".") + 1
