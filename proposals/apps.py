from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Krav og dokumenter")

    def ready(self):
        # Connected here, so the demands domain never imports the summaries that follow it.
        from proposals.demands.signals import demands_changed
        from proposals.summaries.tasks import refresh_after_commit

        demands_changed.connect(refresh_after_commit, dispatch_uid="summaries-refresh")
