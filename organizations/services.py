"""Writes to organisations and memberships: an organisation's own profile, last visits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from organizations.models import Membership, Organisation

ORGANISATION_EDITABLE = ("description", "website", "members", "org_number")


@transaction.atomic
def organisation_update(*, organisation: Organisation, user, **changes) -> Organisation:
    """An organisation's editors keep its own profile current."""
    unknown = set(changes) - set(ORGANISATION_EDITABLE)
    if unknown:
        raise TypeError(f"organisation_update() cannot change {sorted(unknown)}")
    if not permissions.can_edit_organisation(user, organisation.pk):
        raise PermissionDenied(_("Du kan bare endre din egen organisasjon."))
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


def membership_mark_seen(*, user, at=None) -> None:
    """Remember when ``user`` last opened the workspace (one UPDATE)."""
    Membership.objects.filter(user=user).update(last_seen_at=at or timezone.now())
