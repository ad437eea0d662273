"""Where the Storting's answers come from: saved files, or the service itself.

The service tolerates about 100 calls a minute, so calls are spaced at least
``MIN_INTERVAL`` seconds apart; a failed call is retried with a growing pause,
and a service that stays unreachable ends the import with one clear message.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

BASE_URL = "https://data.stortinget.no/eksport/"
MIN_INTERVAL = 0.6  # seconds: 100 calls a minute
RETRIES = 3
BACKOFF = 2.0  # seconds before the first retry, doubled each time
TIMEOUT = 30
MAX_ANSWER_BYTES = 50 * 1024 * 1024


class SourceUnavailable(Exception):
    """The saved answers or the service cannot be read; the message says why."""


def saved_answers(path: str | Path) -> list[tuple[str, bytes]]:
    """One saved answer, or every ``.xml`` file in a folder (not its sub-folders), in name order."""
    root = Path(path)
    if root.is_file():
        files = [root]
    elif root.is_dir():
        files = sorted(p for p in root.glob("*.xml") if p.is_file())
    else:
        raise SourceUnavailable(f"Fant ingen fil eller mappe «{path}».")
    answers = []
    for file in files:
        if file.stat().st_size > MAX_ANSWER_BYTES:
            raise SourceUnavailable(f"«{file.name}» er større enn {MAX_ANSWER_BYTES} byte.")
        answers.append(
            (str(file.relative_to(root) if root.is_dir() else file.name), file.read_bytes())
        )
    return answers


def _urlopen(url: str, timeout: float) -> bytes:
    # The client refuses any address that is not http(s) before it gets here.
    request = urllib.request.Request(url, headers={"Accept": "text/xml"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        data = response.read(MAX_ANSWER_BYTES + 1)
    if len(data) > MAX_ANSWER_BYTES:
        raise SourceUnavailable(f"Svaret fra {url} er større enn {MAX_ANSWER_BYTES} byte.")
    return data


class StortingetClient:
    """Calls to the open-data service, spaced and retried; ``fetch`` and ``sleep`` replaceable."""

    def __init__(
        self,
        base_url: str = BASE_URL,
        *,
        fetch: Callable[[str, float], bytes] = _urlopen,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        min_interval: float = MIN_INTERVAL,
        retries: int = RETRIES,
    ):
        if not base_url.startswith(("https://", "http://")):
            raise SourceUnavailable(f"«{base_url}» er ikke en nettadresse.")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.fetch, self.sleep, self.clock = fetch, sleep, clock
        self.min_interval, self.retries = min_interval, retries
        self._last_call: float | None = None
        self.calls = 0

    def url(self, resource: str, **params) -> str:
        query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
        return f"{self.base_url}{resource}" + (f"?{query}" if query else "")

    def _wait_turn(self) -> None:
        if self._last_call is not None:
            pause = self.min_interval - (self.clock() - self._last_call)
            if pause > 0:
                self.sleep(pause)
        self._last_call = self.clock()

    def get(self, resource: str, **params) -> tuple[str, bytes]:
        url = self.url(resource, **params)
        pause = BACKOFF
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.calls += 1
            try:
                return url, self.fetch(url, TIMEOUT)
            except urllib.error.HTTPError as error:
                if error.code < 500 and error.code != 429:
                    raise SourceUnavailable(f"Stortinget svarte {error.code} på {url}.") from None
                reason = f"{error.code}"
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
                reason = str(getattr(error, "reason", error))
            if attempt < self.retries:
                self.sleep(pause)
                pause *= 2
        raise SourceUnavailable(
            f"Får ikke kontakt med Stortingets data ({url}) etter {self.retries + 1} forsøk: {reason}."
        )
