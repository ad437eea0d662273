"""``import_stortinget``: the Storting's committees, cases, hearings, programmes and submissions."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from proposals.process import services
from proposals.process.sources import BASE_URL, SourceUnavailable


class Command(BaseCommand):
    help = (
        "Import hearings, their programmes and submissions, and the cases they hear, from "
        "Stortinget's open data: saved answers (--from a file or folder) or the service (--url)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--session", default="", help="e.g. 2023-2024")
        parser.add_argument("--committee", default="", help="e.g. HELSE")
        parser.add_argument("--hearing", type=int, help="one hearing's id")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--from", dest="path", help="a saved answer or a folder of them")
        source.add_argument(
            "--url", nargs="?", const=BASE_URL, help=f"the service (default {BASE_URL})"
        )
        parser.add_argument("--dry-run", action="store_true", help="print what would change")

    def handle(self, *args, path, url, session, committee, hearing, dry_run, **options):
        if session and not (len(session) == 9 and session[4] == "-"):
            raise CommandError(f"«{session}» er ikke en sesjon; skriv den som 2023-2024.")
        if url and not session:
            raise CommandError("Med --url må --session oppgis, f.eks. --session 2023-2024.")
        try:
            report = services.stortinget_import(
                path=path,
                url=url,
                session=session,
                committee=committee,
                hearing=hearing,
                dry_run=dry_run,
            )
        except SourceUnavailable as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if dry_run:
            self.stdout.write("Prøvekjøring: ingenting er lagret.")
        for line in report.lines():
            self.stdout.write(line)
