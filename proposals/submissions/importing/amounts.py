"""Amounts of money in a demand's text, and what the demand wants done with them.

:func:`amount_spans` finds where amounts are written, in every form seen in
submissions: digits with Norwegian separators ("1 500 000", "1,5"), number
words ("tolv", "en halv", "halvannen"), the scales and currencies (kr,
kroner, NOK, MNOK, tusen, mill., millioner, mrd., milliarder), ranges
("10–15 mill.", "mellom 10 og 15 millioner") and ceilings ("inntil 20 mill.").
:func:`to_nok` turns one written amount into kroner through the project's one
amount parser (``proposals.reference.amounts``), after number words are
written as digits. :func:`requested_amount` reads a demand's own
sentence: the first amount, signed by what is asked (increase, keep, reverse
a cut: positive; reduce: negative).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proposals.reference.amounts import AmountError, parse_amount

_UNITS = {
    "en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "sju": 7, "syv": 7, "åtte": 8, "ni": 9,
}  # fmt: skip
_TEENS = {
    "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
    "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
}  # fmt: skip
_TENS = {
    "tjue": 20, "tretti": 30, "førti": 40, "femti": 50, "seksti": 60, "sytti": 70,
    "åtti": 80, "nitti": 90,
}  # fmt: skip
_HALVES = {"en halv": 0.5, "ei halv": 0.5, "halvannen": 1.5, "halvannet": 1.5}

_WORD_NUMBER = (
    r"(?:en\s+halv|ei\s+halv|halvannen|halvannet"
    rf"|(?:{'|'.join(_TENS)})(?:{'|'.join(_UNITS)})?"
    rf"|{'|'.join(sorted(_TEENS, key=len, reverse=True))}"
    rf"|{'|'.join(sorted(_UNITS, key=len, reverse=True))}|hundre)"
)
_DIGITS = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUMBER = rf"(?:{_DIGITS}|\b{_WORD_NUMBER}\b)"
_SCALE = r"(?:tusen|milliard(?:er)?|mill(?:ion(?:er)?)?\.?|mrd\.?|MNOK)(?![\wæøå])"
_CURRENCY = r"(?:kroner|kr\b\.?|NOK\b|,-)"


def _range(n: int) -> str:
    return rf"(?:mellom\s+(?P<a{n}>{_NUMBER})\s+og\s+|(?P<b{n}>{_NUMBER})\s*(?:–|-|til)\s*)"


_AMOUNT_RE = re.compile(
    rf"(?P<ceiling>\binntil\s+|\bopptil\s+|\bmaksimalt\s+)?"
    rf"(?:(?P<pre>\b(?:kr\.?|NOK)\s*)(?P<n1>{_DIGITS})(?:\s*(?P<s1>{_SCALE}))?"
    rf"|{_range(2)}?(?P<n2>{_NUMBER})\s*(?P<s2>{_SCALE})(?P<c2>\s*{_CURRENCY})?"
    rf"|{_range(3)}?(?P<n3>{_DIGITS})\s*(?P<c3>{_CURRENCY}))",
    re.IGNORECASE,
)
# After "250 millioner" without "kroner", these words still leave it an amount;
# any other noun ("250 millioner innbyggere") makes it a count.
_AMOUNT_FOLLOWERS = frozenset(
    "til i for på årlig ekstra mer over per som fra mot og eller i året hvert".split()
)


@dataclass(frozen=True)
class AmountSpan:
    start: int
    end: int
    nok: int  # the amount asked for: a range's lower end, a ceiling itself
    low: int | None = None  # a range's ends, when written as one
    high: int | None = None
    ceiling: bool = False


def _number(text: str) -> float:
    """ "1 500" → 1500, "1,5" → 1.5, "tolv" → 12, "en halv" → 0.5, "tjuefem" → 25."""
    word = " ".join(text.lower().split())
    if word in _HALVES:
        return _HALVES[word]
    if word in _UNITS:
        return _UNITS[word]
    if word in _TEENS:
        return _TEENS[word]
    if word == "hundre":
        return 100
    for tens, value in _TENS.items():
        if word.startswith(tens):
            return value + _UNITS.get(word[len(tens) :], 0)
    digits = text.replace(" ", "")
    if "," in digits:
        whole, _, fraction = digits.partition(",")
        return float(whole.replace(".", "") + "." + fraction)
    return float(digits.replace(".", ""))


def to_nok(number: str, scale: str | None = None) -> int | None:
    """One written amount in whole kroner: ``to_nok("1,5", "mrd.")`` → 1 500 000 000,
    ``to_nok("en halv", "milliard")`` → 500 000 000; None when it is no whole amount."""
    if not re.match(r"\d", number):
        value = _number(number)
        number = f"{value:g}".replace(".", ",")
    try:
        return parse_amount(f"{number} {scale or ''}".strip())
    except AmountError:
        return None


_MONEY_WORD_RE = re.compile(r"kr|nok|mill|mrd|milliard|tusen|,-", re.IGNORECASE)


def amount_spans(text: str) -> list[AmountSpan]:
    """Every amount of money written in ``text``, in order."""
    spans: list[AmountSpan] = []
    if not _MONEY_WORD_RE.search(text):
        return spans
    for match in _AMOUNT_RE.finditer(text):
        groups = match.groupdict()
        scale = groups["s1"] or groups["s2"]
        number = groups["n1"] or groups["n2"] or groups["n3"]
        words_only = not re.match(r"\d", number)
        if groups["n2"] and not groups["c2"] and not (scale or "").lower().startswith("mnok"):
            following = text[match.end() :].split(None, 1)
            if (
                following
                and following[0][:1].isalpha()
                and following[0].lower() not in _AMOUNT_FOLLOWERS
            ):
                continue  # "250 millioner innbyggere"
            if words_only and not following:
                continue
        value = to_nok(number, scale)
        if value is None:
            continue
        first = groups["a2"] or groups["b2"] or groups["a3"] or groups["b3"]
        low = to_nok(first, scale) if first else None
        if low is not None and low >= value:
            low = None  # "2025–30 mill." or a date, not a range
        spans.append(
            AmountSpan(
                match.start(),
                match.end(),
                nok=low if low is not None else value,
                low=low,
                high=value if low is not None else None,
                ceiling=bool(groups["ceiling"]),
            )
        )
    return spans


INCREASE, KEEP, REVERSE_CUT, REDUCE = "increase", "keep", "reverse_cut", "reduce"
_REVERSE_RE = re.compile(r"\b(?:reverser\w*|gjeninnfør\w*|tilbakefør\w*)\b", re.IGNORECASE)
_CUT = r"(?:kutt\w*|reduser\w*|reduksjon\w*|nedskjær\w*|innsparing\w*|nedjuster\w*|spare)"
_KEEP_RE = re.compile(
    rf"\b(?:går\s+imot|advarer\s+mot|motsetter\s+seg|avvise\w*|ikke\s+støtte\w*)\b[^.;]*\b{_CUT}"
    r"|\b(?:opprettholde\w*|videreføre\w*|beholde\w*|skjerme\w*)\b"
    rf"|\bikke\s+(?:må\s+|bør\s+|skal\s+)?{_CUT}",
    re.IGNORECASE,
)
_REDUCE_RE = re.compile(rf"\b{_CUT}|\blavere\b|\btrekke\w*\s+inn\b", re.IGNORECASE)


def request_kind(text: str) -> str:
    """What a demand asks done with the money: keep, reverse a cut, reduce, or increase."""
    if _REVERSE_RE.search(text):
        return REVERSE_CUT
    if _KEEP_RE.search(text):
        return KEEP
    if _REDUCE_RE.search(text):
        return REDUCE
    return INCREASE


@dataclass(frozen=True)
class RequestedAmount:
    nok: int  # signed: negative when the demand asks for a reduction
    kind: str
    low: int | None = None
    high: int | None = None
    ceiling: bool = False


def requested_amount(text: str) -> RequestedAmount | None:
    """The amount a demand's own sentence or list item asks for, or None."""
    spans = amount_spans(text)
    if not spans:
        return None
    first = spans[0]
    kind = request_kind(text)
    sign = -1 if kind == REDUCE else 1
    return RequestedAmount(sign * first.nok, kind, first.low, first.high, first.ceiling)
