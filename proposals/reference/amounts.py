"""Amounts in kroner as people write them: the one parser.

Plain Python with no Django in it. Read as whole kroner: ``10 000 000``,
``10 000 000 kr``, ``10.000.000``, ``kr 10 mill.``, ``1,5 mrd.``, ``40 MNOK``,
``-5 mill.``, ``250 tusen``. A bare ``1,5`` is refused: it is either one and a
half kroner or a mistyped 15, and the writer is asked to say which
(``AmountError.code == "ambiguous"``). How an amount is shown to a reader is
``proposals.formatting.nok``; ``format_amount`` writes it back for a form.
"""

from __future__ import annotations

import re
from decimal import Decimal

# What the amount column holds, with room to spare; larger amounts are typing errors.
LIMIT = 10**15

_SCALES = (
    (re.compile(r"mrd\.?|milliard(?:er)?|bnok", re.IGNORECASE), 10**9),
    (re.compile(r"mill\.?|millioner|million|mnok", re.IGNORECASE), 10**6),
    (re.compile(r"tusen", re.IGNORECASE), 10**3),
)
_CURRENCY = re.compile(r"\s*(?:kr\.?|kroner|nok|,-)$", re.IGNORECASE)
_AMOUNT = re.compile(
    r"(?P<sign>[-−–+])?\s*(?:(?:kr\.?|nok)\s*)?(?P<sign2>[-−–+])?\s*"
    r"(?P<number>\d[\d .]*(?:,\d+)?)\s*(?P<rest>[^\d]*)",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"\d{1,3}(?:[ .]\d{3})+|\d+")
_DOTTED_DECIMAL = re.compile(r"\d+\.\d+")


class AmountError(ValueError):
    """Text that is not an amount; ``code`` is ``invalid``, ``ambiguous`` or ``limit``."""

    def __init__(self, code: str, written: str):
        super().__init__(f"{code}: {written}")
        self.code = code
        self.written = written


def parse_amount(text: str) -> int | None:
    """Whole kroner, signed; None for an empty text. Raises ``AmountError``."""
    written = re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()
    if not written:
        return None
    match = _AMOUNT.fullmatch(written)
    scale = _scale(match["rest"].strip()) if match else None
    if match is None or scale is None:
        raise AmountError("invalid", written)
    whole, _, fraction = match["number"].strip().partition(",")
    if _GROUPED.fullmatch(whole):
        digits = re.sub(r"[ .]", "", whole) + "." + (fraction or "0")
    elif _DOTTED_DECIMAL.fullmatch(whole) and not fraction:
        digits = whole  # "1.5 mill.": a dot as the decimal sign
        if scale == 1:
            raise AmountError("ambiguous", written)
    else:
        raise AmountError("invalid", written)
    value = Decimal(digits) * scale
    if value != value.to_integral_value():
        raise AmountError("ambiguous", written)
    amount = int(value)
    if (match["sign"] or match["sign2"] or "+") in "-−–":
        amount = -amount
    if abs(amount) > LIMIT:
        raise AmountError("limit", written)
    return amount


def _scale(words: str) -> int | None:
    for candidate in (words, _CURRENCY.sub("", words).strip()):
        if not candidate:
            return 1
        for pattern, factor in _SCALES:
            if pattern.fullmatch(candidate):
                return factor
    return None


def format_amount(amount: int | None) -> str:
    """How a form shows an amount for editing: ``-10 000 000`` (parsed back unchanged)."""
    if amount is None:
        return ""
    grouped = f"{abs(amount):,}".replace(",", " ")
    return f"-{grouped}" if amount < 0 else grouped
