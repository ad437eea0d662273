import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from organizations.models import Organisation
from proposals.models import PolicyDocument
from proposals.reference.budget import format_budget_post
from proposals.reference.identifiers import SessionError, normalise_identifier
from proposals.submissions import imports
from proposals.submissions.importing import ImportRejected, check_size


class Command(BaseCommand):
    help = (
        "Import a submission (PDF, DOCX or TXT): extract its text, find references to "
        "documents, chapters and budget posts, and propose demands. Without --dry-run the "
        "submission and the proposed demands are saved as drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--organisation", required=True, help="short name, e.g. NITO")
        parser.add_argument("--document", required=True, help="e.g. 'NOU 2023:4'")
        parser.add_argument("--dry-run", action="store_true", help="save nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, path, organisation, document, dry_run, format, **options):
        organisation_obj = Organisation.objects.filter(
            Q(short_name__iexact=organisation) | Q(slug=organisation)
        ).first()
        if organisation_obj is None:
            raise CommandError(f"Fant ingen organisasjon med kortnavnet «{organisation}».")
        try:
            identifier = normalise_identifier(document)
        except SessionError as error:
            raise CommandError(
                f"Sesjonen {error} i «{document}» er ikke ett år; skriv f.eks. (2023–2024)."
            ) from error
        document_obj = PolicyDocument.objects.filter(identifier__iexact=identifier).first()
        if document_obj is None:
            raise CommandError(f"Fant ikke dokumentet «{identifier}».")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Fant ikke filen «{path}».")
        try:
            # Size first, so a huge file is refused before it is read.
            check_size(file.stat().st_size, max_bytes=settings.MAX_UPLOAD_BYTES)
            data = file.read_bytes()
            preview = imports.import_preview(data=data, filename=file.name, document=document_obj)
        except ImportRejected as error:
            raise CommandError(error.message) from error

        analysis = preview.analysis
        if not dry_run:
            submission = imports.submission_import(
                user=None,
                organisation=organisation_obj,
                document=document_obj,
                data=data,
                filename=file.name,
                text=preview.text,
                candidates=analysis["candidates"],
                check_permission=False,
            )
            analysis = {**analysis, "submission_id": submission.pk}
        if format == "json":
            self.stdout.write(json.dumps(analysis, ensure_ascii=False))
            return
        self.stdout.write(f"Dokument som besvares: {analysis['target_document'] or '–'}")
        self.stdout.write(f"Andre dokumenter: {', '.join(analysis['cited_documents']) or '–'}")
        chapters = ", ".join(
            f"{ref['number']}{'' if ref['resolved'] else ' (ukjent)'}"
            for ref in analysis["chapter_refs"]
        )
        self.stdout.write(f"Kapitler: {chapters or '–'}")
        posts = ", ".join(
            format_budget_post(ref["chapter"], ref["post"]) for ref in analysis["budget_refs"]
        )
        self.stdout.write(f"Budsjettposter: {posts or '–'}")
        self.stdout.write(f"Foreslåtte krav: {len(analysis['candidates'])}")
        if dry_run:
            self.stdout.write("Tørrkjøring: ingenting ble lagret.")
        else:
            self.stdout.write(
                f"Lagret innspill {analysis['submission_id']} med "
                f"{len(analysis['candidates'])} krav som kladd."
            )
