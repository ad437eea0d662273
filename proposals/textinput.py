"""Bounds and cleaning for text people type: one home for both.

Every free-text field has a maximum length, enforced by the form (the message
names the limit), by the model's validators (so every service's
``full_clean()`` refuses it too) and by a database constraint. Titles and names
lose the bidirectional control characters that can make a text display
differently from what it is (U+202A–U+202E, U+2066–U+2069, and the marks
U+200E/U+200F, U+061C).
"""

from __future__ import annotations

import re

TITLE_MAX = 300
TEXT_MAX = 20_000
RATIONALE_MAX = 20_000
NOTE_MAX = 5_000
INTERNAL_NOTE_MAX = 10_000

_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return _BIDI_CONTROLS.sub("", text or "")
