from django.conf import settings
from django.core.management.base import BaseCommand

from proposals.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo: documents, chapters, budget posts, organisations, demands, users."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(
            "Demo loaded: " + ", ".join(f"{n} {name}" for name, n in result.counts.items())
        )
        if settings.DEBUG:
            self.stdout.write("\nDemo accounts (development only):")
            for account in result.accounts:
                self.stdout.write(f"  {account.username:<22} {account.password:<28} {account.role}")
        else:
            self.stdout.write("Demo accounts have random passwords (DEBUG is off).")
