"""Time the import screen on one file: the upload request and the review page it leads to.

    .venv/bin/python tests/importing/bench_import_screen.py ../shared/corpus/helseomsorg21-helsepersonellkommisjonen.txt

It runs against a fresh SQLite database in a temporary folder (never the
project's own), with DEBUG off, loads the demo data, and imports the file as a
secretary for HelseOmsorg21-rådet against NOU 2023:4 (``--organisation`` and
``--document`` choose others). The first round warms caches and is not
counted; the medians of the rest are printed. Not a test: timings depend on
the machine, so no test asserts them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--organisation", default="HelseOmsorg21-rådet")
    parser.add_argument("--document", default="NOU 2023:4")
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="kravsporing-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "DEBUG": "False",
            "ALLOWED_HOSTS": "testserver",
            "SECRET_KEY": "only-for-this-benchmark",
        }
    )
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from organizations.models import Organisation
    from proposals.demo import secretariat_group
    from proposals.models import PolicyDocument

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    secretary = get_user_model().objects.create_user("bench-secretary")
    secretary.groups.add(secretariat_group())
    organisation = Organisation.objects.get(short_name=args.organisation)
    document = PolicyDocument.objects.get(identifier=args.document)
    data = args.path.read_bytes()
    client = Client()
    client.force_login(secretary)

    upload_times, review_times = [], []
    # Static files are not collected here; their URLs need no manifest.
    storages = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, **storages}):
        for round_number in range(args.rounds + 1):
            start = time.perf_counter()
            upload = client.post(
                reverse("secretariat:import_upload"),
                {
                    "organisation": organisation.pk,
                    "document": document.pk,
                    "file": SimpleUploadedFile(args.path.name, data),
                },
            )
            uploaded = time.perf_counter()
            review = client.get(upload["Location"])
            reviewed = time.perf_counter()
            assert review.status_code == 200, review.status_code
            if round_number:
                upload_times.append(uploaded - start)
                review_times.append(reviewed - uploaded)

    totals = [a + b for a, b in zip(upload_times, review_times, strict=True)]
    proposals = review.content.count(b'<fieldset class="candidate"')
    shutil.rmtree(folder, ignore_errors=True)
    print(f"{args.path.name}: {len(data)} bytes, {proposals} proposals")
    print(f"upload  median {statistics.median(upload_times) * 1000:.0f} ms")
    print(f"review  median {statistics.median(review_times) * 1000:.0f} ms")
    print(
        f"total   median {statistics.median(totals) * 1000:.0f} ms "
        f"(min {min(totals) * 1000:.0f}, max {max(totals) * 1000:.0f}, {args.rounds} rounds)"
    )


if __name__ == "__main__":
    main()
