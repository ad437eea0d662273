"""Import a recommendation (Innst.) and the Storting's decisions, then suggest matches."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.outcomes import reading, services
from proposals.outcomes.blocks import UnreadableDocument
from proposals.reference.models import PolicyDocument


class Command(BaseCommand):
    help = (
        "Read an Innst. from the Storting's publication export (a saved file, or "
        "--publication ID to fetch it), or an HTML/PDF/DOCX/TXT file, and the decisions "
        "(a saved stortingsvedtak answer, --decisions PATH --case SAK_ID)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="the recommendation's file")
        parser.add_argument("--document", required=True, help="e.g. «Innst. 240 S (2023–2024)»")
        parser.add_argument("--title", default="")
        parser.add_argument(
            "--follows", action="append", default=[], help="identifier of a document it treats"
        )
        parser.add_argument("--publication", help="eksport_id for publikasjon?publikasjonid=")
        parser.add_argument("--decisions", help="a saved stortingsvedtak answer")
        parser.add_argument("--case", help="the Storting's sak id whose decisions to keep")

    def handle(self, *args, **options):
        earlier = []
        for identifier in options["follows"]:
            found = PolicyDocument.objects.filter(identifier=identifier).first()
            if found is None:
                raise CommandError(f"Unknown document: {identifier}")
            earlier.append(found)
        document = services.recommendation_upsert(
            user=None,
            identifier=options["document"],
            title=options["title"],
            follows_from=earlier,
            check_permission=False,
        )
        try:
            if options["publication"]:
                data = reading.fetch_publication(options["publication"])
                self._store(document, reading.read_file(data, "export.xml"))
            elif options["path"]:
                path = Path(options["path"])
                self._store(document, reading.read_file(path.read_bytes(), path.name))
            if options["decisions"]:
                data = Path(options["decisions"]).read_bytes()
                case = None
                if options["case"]:
                    case = services.case_link(document=document, storting_id=options["case"])
                passages = reading.read_file(data, "vedtak.xml", case_id=options["case"])
                self._store(document, passages, case=case)
        except (OSError, UnreadableDocument) as exc:
            raise CommandError(str(exc)) from exc
        suggested = services.matches_suggest(document=document)
        self.stdout.write(f"{document.identifier}: {suggested} suggested matches")

    def _store(self, document, passages, case=None):
        result = services.passages_replace(document=document, passages=passages, case=case)
        self.stdout.write(
            f"{document.identifier}: {result.created} new, {result.updated} updated, "
            f"{result.removed} removed, {result.kept} kept passages"
        )
