"""A demand's workflow: its statuses, the moves between them and every group of statuses.

The one home of these rules. Services judge moves by ``TRANSITIONS``; the
permissions module (``organizations.permissions``) takes the status groups and
the permission names from here, so permissions depend on the workflow and
never the reverse; summaries and charts count by the same groups.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("Kladd")
    SUBMITTED = "submitted", _("Levert")
    UNDER_CONSIDERATION = "under_consideration", _("Til behandling")
    ADDRESSED = "addressed", _("Omtalt i innstilling")
    ADOPTED = "adopted", _("Imøtekommet")
    PARTIALLY_ADOPTED = "partially_adopted", _("Delvis imøtekommet")
    NOT_ADOPTED = "not_adopted", _("Ikke imøtekommet")
    WITHDRAWN = "withdrawn", _("Trukket")


S = DemandStatus

# The parties that move a demand.
ORG = "organisation"
SEC = "secretariat"

# from status -> {to status: the party that may make the move}
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {S.SUBMITTED: ORG},
    # The committee often decides straight from what it received: the
    # intermediate statuses are optional.
    S.SUBMITTED: {
        S.UNDER_CONSIDERATION: SEC,
        S.ADDRESSED: SEC,
        S.ADOPTED: SEC,
        S.PARTIALLY_ADOPTED: SEC,
        S.NOT_ADOPTED: SEC,
        S.WITHDRAWN: ORG,
    },
    S.UNDER_CONSIDERATION: {
        S.ADDRESSED: SEC,
        S.ADOPTED: SEC,
        S.PARTIALLY_ADOPTED: SEC,
        S.NOT_ADOPTED: SEC,
        S.WITHDRAWN: ORG,
    },
    S.ADDRESSED: {
        S.ADOPTED: SEC,
        S.PARTIALLY_ADOPTED: SEC,
        S.NOT_ADOPTED: SEC,
        S.UNDER_CONSIDERATION: SEC,
    },
    # An outcome can be reopened by the secretariat, e.g. after a correction.
    S.ADOPTED: {S.UNDER_CONSIDERATION: SEC},
    S.PARTIALLY_ADOPTED: {S.UNDER_CONSIDERATION: SEC},
    S.NOT_ADOPTED: {S.UNDER_CONSIDERATION: SEC},
    # A withdrawn demand can be put forward again by its organisation.
    S.WITHDRAWN: {S.SUBMITTED: ORG},
}

# Private to the organisation: nobody else sees a demand in these, not even the secretariat.
PRIVATE = frozenset({S.DRAFT})
# What the public may see, in the order a demand goes through them.
PUBLIC: tuple[str, ...] = tuple(s for s in S.values if s not in PRIVATE)
# The committee's answer: a demand is resolved when it first reaches one of these.
OUTCOME: tuple[str, ...] = (S.ADDRESSED, S.ADOPTED, S.PARTIALLY_ADOPTED, S.NOT_ADOPTED)
# Waiting for the committee: the work queue shows these by default.
OPEN: tuple[str, ...] = (S.SUBMITTED, S.UNDER_CONSIDERATION)
# Where the process ends (the secretariat may still reopen an outcome).
FINAL = frozenset({S.ADOPTED, S.PARTIALLY_ADOPTED, S.NOT_ADOPTED, S.WITHDRAWN})
# Moves to these statuses must say why: the note is the public record of it.
NOTE_REQUIRED = frozenset(OUTCOME)
# The organisation's text can no longer be changed.
CLOSED_FOR_EDITING = frozenset({S.WITHDRAWN})

# The permission that makes a user the committee secretariat, and the group that gives it.
SECRETARIAT_CODENAME = "work_as_secretariat"
SECRETARIAT_PERMISSION = f"proposals.{SECRETARIAT_CODENAME}"
SECRETARIAT_GROUP = "Komitésekretariat"


def next_statuses(status: str, parties: set[str]) -> list[str]:
    """The statuses a demand in ``status`` may move to by one of ``parties``, in table order."""
    return [to for to, party in TRANSITIONS.get(status, {}).items() if party in parties]


def party_for(from_status: str, to_status: str) -> str | None:
    """Who may make the move, or None when the table does not allow it."""
    return TRANSITIONS.get(from_status, {}).get(to_status)
