"""Writes to an organisation's submissions: storing one, linking demands to it.

The import of a submission's proposed demands is ``imports.py``; both build on
the demand services, never the reverse.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from organizations.models import Organisation
from proposals.demands.services import demand_changed
from proposals.models import Demand, PolicyDocument, Submission
from proposals.submissions import imports


@transaction.atomic
def submission_create(
    *,
    user,
    organisation: Organisation,
    document: PolicyDocument,
    title: str,
    uploaded_file,
    kind: str = Submission.Kind.INPUT,
    submitted_on=None,
) -> Submission:
    """Store an organisation's document with its text, ready for the import review.

    The file is checked by content and read by the importer, so a stored
    submission always carries its text (``imports.submission_from_upload``).
    """
    if not permissions.can_upload_submission(user, organisation.pk):
        raise PermissionDenied(_("Du kan bare laste opp innspill for din egen organisasjon."))
    return imports.submission_from_upload(
        user=user,
        organisation=organisation,
        document=document,
        uploaded_file=uploaded_file,
        title=title,
        kind=kind,
        submitted_on=submitted_on,
    )


@transaction.atomic
def submission_attach_demands(*, submission: Submission, demand_ids: Iterable[int], user) -> int:
    """Link the organisation's demands on the same document to ``submission``."""
    if not permissions.can_write_for_organisation(user, submission.organisation_id):
        raise PermissionDenied(_("Du kan bare knytte krav til din egen organisasjons innspill."))
    ids = set(demand_ids)
    demands = Demand.objects.select_for_update().filter(
        pk__in=ids, organisation_id=submission.organisation_id
    )
    found = set(demands.values_list("pk", flat=True))
    if found != ids:
        raise ValidationError(_("Noen av kravene finnes ikke eller er ikke organisasjonens egne."))
    wrong_document = demands.exclude(document_id=submission.document_id)
    if wrong_document.exists():
        raise ValidationError(_("Kravene må gjelde det samme dokumentet som innspillet."))
    count = demands.update(submission=submission, updated_at=timezone.now())
    demand_changed(sorted(found))
    return count
