"""Many submission files at once: reading an archive safely, and finding form letters.

Plain Python. ``read_archive`` unpacks a ZIP only within limits that hold for the
archive as a whole (member count, total size, compression ratio) and for each
file (the single upload's size limit); a ZIP bomb is refused from the sizes its
directory declares, and again while reading if a member lies about its size.
``group_campaigns`` groups near-identical texts (form letters sent by many).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from proposals.submissions.importing import MAX_UPLOAD_BYTES, ImportRejected

MAX_FILES = 200
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed to compressed, per member
_CHUNK = 64 * 1024
_SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")


def read_archive(
    data: bytes,
    *,
    max_files: int = MAX_FILES,
    max_total: int = MAX_TOTAL_BYTES,
    max_member: int = MAX_UPLOAD_BYTES,
    max_ratio: int = MAX_RATIO,
) -> list[tuple[str, bytes]]:
    """The files in a ZIP archive as (name, bytes); ``ImportRejected`` says why not."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ImportRejected("Arkivet er ikke en gyldig ZIP-fil.", code="broken") from None
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not any(part in info.filename for part in _SKIPPED)
    ]
    if len(members) > max_files:
        raise ImportRejected(
            f"Arkivet har {len(members)} filer; høyst {max_files} er tillatt.", code="too_big"
        )
    declared = sum(info.file_size for info in members)
    if declared > max_total:
        raise ImportRejected("Arkivet er for stort når det pakkes ut.", code="too_big")
    for info in members:
        if info.flag_bits & 0x1:
            raise ImportRejected("Arkivet er kryptert.", code="encrypted")
        if info.file_size > max_member:
            raise ImportRejected(f"«{_name(info)}» er for stor når den pakkes ut.", code="too_big")
        if info.compress_size and info.file_size / info.compress_size > max_ratio:
            raise ImportRejected(
                f"«{_name(info)}» er pakket uvanlig tett (mulig ZIP-bombe); arkivet er avvist.",
                code="too_big",
            )
    files, total = [], 0
    for info in members:
        out = io.BytesIO()
        try:
            with archive.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out.write(chunk)
                    total += len(chunk)
                    if out.tell() > min(info.file_size, max_member) or total > max_total:
                        raise ImportRejected(
                            "Arkivet inneholder mer enn det oppgir (mulig ZIP-bombe); "
                            "det er avvist.",
                            code="too_big",
                        )
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
            raise ImportRejected(
                f"«{_name(info)}» i arkivet er skadet eller pakket på en måte vi ikke leser.",
                code="broken",
            ) from None
        files.append((_name(info), out.getvalue()))
    return files


def _name(info: zipfile.ZipInfo) -> str:
    return info.filename.replace("\\", "/").rsplit("/", 1)[-1][:255]


# --- campaigns ---------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n{2,}")
SHINGLE = 5
SIMILAR = 0.6


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) < SHINGLE:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def _key(sentence: str) -> str:
    return " ".join(word.casefold() for word in _WORD.findall(sentence))


@dataclass
class Campaign:
    representative: object
    members: list[object]
    # What each member says that the representative text does not.
    additions: dict[object, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.members)


def group_campaigns(texts: dict[object, str], *, similar: float = SIMILAR) -> list[Campaign]:
    """Groups of two or more near-identical texts (Jaccard of word 5-grams ≥ ``similar``)."""
    keys = list(texts)
    shingles = {key: _shingles(texts[key]) for key in keys}
    parent = {key: key for key in keys}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for (a, b), common in _shared_shingles(keys, shingles).items():
        union = len(shingles[a]) + len(shingles[b]) - common
        if union and common / union >= similar:
            parent[root(a)] = root(b)

    groups: dict[object, list[object]] = {}
    for key in keys:
        groups.setdefault(root(key), []).append(key)
    campaigns = [
        _campaign(members, keys, texts, shingles) for members in groups.values() if len(members) > 1
    ]
    return sorted(campaigns, key=lambda campaign: -campaign.count)


def _shared_shingles(keys: list, shingles: dict) -> dict[tuple[object, object], int]:
    """How many shingles each pair of texts shares; only pairs sharing one are listed.

    An index from shingle to texts, so only texts sharing something are compared.
    """
    index: dict[tuple[str, ...], list[object]] = {}
    for key in keys:
        for shingle in shingles[key]:
            index.setdefault(shingle, []).append(key)
    shared: dict[tuple[object, object], int] = {}
    for holders in index.values():
        if len(holders) > 1:
            for i, a in enumerate(holders):
                for b in holders[i + 1 :]:
                    shared[(a, b)] = shared.get((a, b), 0) + 1
    return shared


def _campaign(members: list, keys: list, texts: dict, shingles: dict) -> Campaign:
    """A group's campaign: the representative shares the most with the others."""

    def closeness(key):
        return sum(len(shingles[key] & shingles[other]) for other in members if other != key)

    representative = max(members, key=lambda key: (closeness(key), -keys.index(key)))
    common = {_key(sentence) for sentence in _sentences(texts[representative])}
    additions = {}
    for member in members:
        extra = [s for s in _sentences(texts[member]) if _key(s) not in common]
        if extra and member != representative:
            additions[member] = extra
    return Campaign(representative, members, additions)
