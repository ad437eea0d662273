"""Portal reads kept per filter state, thrown away by any write.

The facet counts, the number of matches and the listings of the home,
documents and budget pages are aggregates over the whole table: exact, but
costly to recount for every visitor. They are kept in the cache under a key
made of

- the data version, a token the services replace after every commit that
  changes demands or reference data (``portal_changed``): a write makes every
  kept answer unreachable at once, so a reader never sees counts from before it;
- what the reader may see (``permissions.visibility_key``): the public, the
  secretariat and each organisation's members get answers of their own;
- the language of the page (the answers hold translated labels);
- the name of the read and its parameters (the cleaned filter state).

A cache that is down costs speed, never correctness: the read is computed.
``PORTAL_CACHE_SECONDS = 0`` turns the keeping off (the test suite does, so
tests that write rows directly see them at once).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from organizations import permissions

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:data-version"
T = TypeVar("T")


def cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_CACHE_SECONDS", 600))


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or "unset"
    return version


def portal_changed() -> None:
    """Forget every kept portal answer (call after commit of any write the portal shows)."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # The kept answers then live out their timeout; log it loudly.
        logger.exception("portal: cache unavailable; kept answers not invalidated")


def kept(name: str, user, parts: object, compute: Callable[[], T]) -> T:
    """``compute()``, or the answer kept for the same data, reader and ``parts``."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    try:
        # The language too: kept answers hold translated labels.
        language = translation.get_language() or ""
        key = (
            f"portal:{name}:{data_version()}:{language}:{permissions.visibility_key(user)}:{digest}"
        )
        value = cache.get(key)
    except Exception:
        logger.warning("portal: cache unavailable; computing %s", name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=seconds)
        except Exception:
            logger.warning("portal: cache unavailable; %s not kept", name)
    return value
