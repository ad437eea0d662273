"""Read a file in a child process with limits on memory, CPU time and wall time.

``extract_in_sandbox`` starts ``python -m proposals.submissions.importing.sandbox``,
hands it the file on stdin, and gets back the text or the refusal as JSON on
stdout. The child caps its own address space and CPU time with ``resource``
before it reads a byte; the parent kills it after the wall time. A parser that
runs away (a PDF whose pages share one enormous content stream, a DOCX that
unpacks to gigabytes) costs one short-lived process, never the web or the worker.

Plain Python, like the rest of ``importing/``: no Django here.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass

from proposals.submissions.importing.extract import LIMITS, ImportRejected, Limits

# The child needs some room beyond the text for its own JSON answer.
_OUTPUT_MARGIN = 64 * 1024


@dataclass
class SandboxCost:
    """What reading one file cost the child process (for the log and the benchmarks)."""

    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_memory_mb: float = 0.0


def extract_in_sandbox(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    limits: Limits = LIMITS,
    cost: SandboxCost | None = None,
) -> str:
    """The file's text, read in a child process; :class:`ImportRejected` naming a limit."""
    command = [sys.executable, "-m", "proposals.submissions.importing.sandbox"]
    request = {"filename": filename, "max_bytes": max_bytes, "limits": asdict(limits)}
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": _project_root()}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 - our own module, no shell
        [*command, json.dumps(request)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=_project_root(),
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(data, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ImportRejected(
            f"Det tok mer enn {limits.wall_seconds} sekunder å lese filen, som er grensen. "
            "Filen er ikke lagret.",
            code="too_slow",
        ) from None
    finally:
        if cost is not None:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cost.wall_seconds = time.monotonic() - started
            cost.cpu_seconds = (after.ru_utime - before.ru_utime) + (
                after.ru_stime - before.ru_stime
            )
    return _answer(process.returncode, stdout, stderr, limits, cost)


def _answer(
    returncode: int, stdout: bytes, stderr: bytes, limits: Limits, cost: SandboxCost | None
) -> str:
    if returncode == 0:
        answer = json.loads(stdout)
        if cost is not None:
            cost.peak_memory_mb = answer.get("peak_kb", 0) / 1024
        if "refused" in answer:
            raise ImportRejected(answer["refused"], code=answer["code"])
        return answer["text"]
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ImportRejected(
            f"Å lese filen krevde mer enn {limits.cpu_seconds} sekunder regnetid, som er "
            "grensen. Filen er ikke lagret.",
            code="too_slow",
        )
    if returncode == 3 or b"MemoryError" in stderr:
        raise ImportRejected(
            f"Å lese filen krevde mer enn {limits.memory_bytes // (1024 * 1024)} MB minne, som "
            "er grensen. Filen er ikke lagret.",
            code="too_big_unpacked",
        )
    raise ImportRejected("Filen kunne ikke leses.", code="broken")


def _project_root() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.abspath(os.path.join(here, "..", "..", ".."))


def _limit_self(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    # SIGXCPU at the soft limit, SIGKILL a second later should it be caught.
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (32, 32))


def _peak_kb() -> int:
    """This process's peak resident memory (VmHWM: since exec, unlike ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> int:
    request = json.loads(sys.argv[1])
    limits = Limits(**request["limits"])
    _limit_self(limits)
    data = sys.stdin.buffer.read()
    from proposals.submissions.importing.extract import extract_text

    try:
        text = extract_text(
            data, request["filename"], max_bytes=request["max_bytes"], limits=limits
        )
        answer = {"text": text}
    except ImportRejected as refusal:
        answer = {"refused": refusal.message, "code": refusal.code}
    except MemoryError:
        return 3
    answer["peak_kb"] = _peak_kb()
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
