"""Writes about organisations: their names (aliases, and the index the matcher reads),
an organisation's own profile, and members' last visits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from organizations.matching import Known, NameIndex, fold
from organizations.models import Membership, Organisation, OrganisationAlias

ORGANISATION_EDITABLE = ("description", "website", "members", "org_number")


def name_index() -> NameIndex:
    """Every organisation's name, short name and aliases (two queries)."""
    aliases: dict[int, list[str]] = {}
    for organisation_id, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
        aliases.setdefault(organisation_id, []).append(name)
    return NameIndex(
        Known(pk, name, short, tuple(aliases.get(pk, ())))
        for pk, name, short in Organisation.objects.values_list("pk", "name", "short_name")
    )


@transaction.atomic
def alias_add(*, organisation: Organisation, name: str, user=None) -> OrganisationAlias | None:
    """Remember ``name`` as another name of ``organisation``; nothing if it already is."""
    key = fold(name)
    if not key:
        raise ValidationError(_("Et navn kan ikke være tomt."))
    if key in (fold(organisation.name), fold(organisation.short_name)):
        return None
    existing = OrganisationAlias.objects.select_for_update().filter(key=key).first()
    if existing is not None:
        if existing.organisation_id != organisation.pk:
            raise ValidationError(
                _("«%(name)s» er allerede et navn på %(other)s.")
                % {"name": name, "other": existing.organisation}
            )
        return existing
    alias = OrganisationAlias(
        organisation=organisation,
        name=name.strip()[:500],
        key=key[:500],
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    alias.full_clean()
    alias.save()
    return alias


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
