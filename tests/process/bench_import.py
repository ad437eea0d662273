"""Time the Storting import on a generated session: 50 hearings and 2 000 submissions.

    .venv/bin/python tests/process/bench_import.py [--hearings 50] [--submissions 2000]

Writes saved answers in the documented shapes to a temporary folder (submission
texts cycled from ``../shared/corpus`` when present, else generated), then runs
``import_stortinget --from`` twice: the first import creates, the second finds
everything unchanged. Prints time, queries and peak Python memory of each. Uses
``BENCH_DATABASE_URL`` if set (e.g. a PostgreSQL database of your own), else a
fresh SQLite file in the temporary folder. Not a test: no test asserts timings.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
NS = 'xmlns="http://data.stortinget.no" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"'
ORGS = [
    "NITO - Norges ingeniør- og teknologorganisasjon",
    "Tekna – Teknisk-naturvitenskapelig forening",
    "HelseOmsorg21-rådet",
    "Norsk Sykepleierforbund (NSF)",
    "Den norske legeforening",
    "Fagforbundet",
    "Kommune nr. {n}",
]


def texts() -> list[str]:
    corpus = Path(os.environ.get("KRAVSPORING_CORPUS_DIR") or ROOT.parent / "shared" / "corpus")
    found = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    return found or [
        "Vi ber komiteen om flere studieplasser. " * 80,
        "Regjeringen må styrke kommunene. " * 80,
    ]


def write_answers(folder: Path, hearings: int, submissions: int) -> None:
    bodies = texts()
    per_hearing = submissions // hearings
    rows = []
    for h in range(hearings):
        hid = 20000 + h
        rows.append(
            f"<horing><id>{hid}</id><komite><id>HELSE</id></komite><type>komite</type>"
            f"<skriftlig>false</skriftlig><horing_status>Planlagt</horing_status>"
            f"<start_dato>2024-02-{1 + h % 27:02d}T09:00:00</start_dato>"
            f"<innspillsfrist>2024-01-29T12:00:00</innspillsfrist>"
            f'<soknadfrist_dato i:nil="true"/>'
            f"<horing_sak_info_liste><horing_sak_info><sak_id>{90000 + h}</sak_id>"
            f"<sak_henvisning>Prop. {100 + h} L (2023–2024)</sak_henvisning>"
            f"<sak_tittel>Sak nummer {h}</sak_tittel><sak_korttittel>Sak {h}</sak_korttittel>"
            f"</horing_sak_info></horing_sak_info_liste>"
            f"<horingstidspunkt_liste><horingstidspunkt><sted>Stortinget</sted>"
            f"<tidspunkt>2024-02-01T09:00:00</tidspunkt></horingstidspunkt></horingstidspunkt_liste>"
            f"</horing>"
        )
        items, programme = [], []
        for s in range(per_hearing):
            sid = 600000 + h * per_hearing + s
            org = ORGS[s % len(ORGS)].format(n=s)
            body = escape(bodies[(h + s) % len(bodies)])
            items.append(
                f"<horingsinnspill><id>{sid}</id><dato>2024-01-28T00:00:00</dato>"
                f"<organisasjon>{escape(org)}</organisasjon><tittel>Innspill {sid}</tittel>"
                f"<tekst>{body}</tekst></horingsinnspill>"
            )
            if s < 20:
                programme.append(
                    f"<horingsprogram_element><rekkefolge_nummer>{s + 1}</rekkefolge_nummer>"
                    f"<tekst>{escape(org)}</tekst><tidsangivelse>09.{s:02d}</tidsangivelse>"
                    f"</horingsprogram_element>"
                )
        (folder / f"horingsinnspill-{hid}.xml").write_text(
            f"<horingsinnspill_oversikt {NS}><horing_id>{hid}</horing_id>"
            f"<horingsinnspill_liste>{''.join(items)}</horingsinnspill_liste></horingsinnspill_oversikt>",
            encoding="utf-8",
        )
        (folder / f"horingsprogram-{hid}.xml").write_text(
            f"<horingsprogram_oversikt {NS}><horing_id>{hid}</horing_id><horingsprogram_liste>"
            f"<horingsprogram><dato>2024-02-01T00:00:00</dato><horingsprogram_element_liste>"
            f"{''.join(programme)}</horingsprogram_element_liste></horingsprogram>"
            f"</horingsprogram_liste></horingsprogram_oversikt>",
            encoding="utf-8",
        )
    (folder / "horinger.xml").write_text(
        f"<horinger_oversikt {NS}><sesjon_id>2023-2024</sesjon_id>"
        f"<horinger_liste>{''.join(rows)}</horinger_liste></horinger_oversikt>",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hearings", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kravsporing-stortinget-"))
    answers = folder / "answers"
    answers.mkdir()
    write_answers(answers, args.hearings, args.submissions)
    size = sum(path.stat().st_size for path in answers.iterdir())
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
            or f"sqlite:///{folder / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "DEBUG": "False",
            "SECRET_KEY": "only-for-this-benchmark",
            # The analysis of each matched submission is queued for the workers, not run
            # here: the figures are the import's own.
            "CELERY_BROKER_URL": "memory://",
            "CELERY_TASK_ALWAYS_EAGER": "False",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from proposals.process import services

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    print(
        f"{args.hearings} hearings, {args.submissions} submissions, {size / 1e6:.1f} MB of answers"
    )
    print(f"database: {connection.vendor}")
    for label in ("first import", "second import"):
        tracemalloc.start()
        start = time.perf_counter()
        queries = []
        with connection.execute_wrapper(
            lambda execute, sql, *rest, seen=queries: seen.append(1) or execute(sql, *rest)
        ):
            report = services.stortinget_import(path=answers)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        counts = {model: dict(counter) for model, counter in sorted(report.counts.items())}
        print(f"{label}: {elapsed:.1f} s, {len(queries)} queries, peak {peak / 1e6:.0f} MB")
        print(f"  {counts}")


if __name__ == "__main__":
    main()
