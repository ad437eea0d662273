"""Proposed, recommended, adopted and spent amounts per kap./post and year (README: shape)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.outcomes import services
from proposals.outcomes.figures import read_figures_csv
from proposals.reference.models import PolicyDocument


class Command(BaseCommand):
    help = (
        "Read budget figures from a CSV file (year, chapter, post, kind, amount_nok, source), "
        "or with --from-recommendation, from a budget Innst.'s tables and decisions."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?")
        parser.add_argument("--source", default="", help="the source for rows that name none")
        parser.add_argument("--from-recommendation", dest="recommendation")
        parser.add_argument("--year", type=int)

    def handle(self, *args, **options):
        if options["recommendation"]:
            document = PolicyDocument.objects.filter(identifier=options["recommendation"]).first()
            if document is None or not options["year"]:
                raise CommandError("Name a known recommendation and --year.")
            result = services.budget_figures_from_recommendation(
                document=document, year=options["year"], check_permission=False
            )
        else:
            if not options["path"]:
                raise CommandError("Give the CSV file's path.")
            try:
                text = Path(options["path"]).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read {options['path']}: {exc}") from exc
            rows, errors = read_figures_csv(text, default_source=options["source"])
            if errors:
                raise CommandError("\n".join(errors))
            result = services.budget_figures_import(rows=rows, check_permission=False)
        self.stdout.write(
            f"{result.created} new and {result.updated} updated figures, "
            f"{result.posts_created} new budget posts"
        )
