"""Writes about organisations: their names (aliases, and the index the matcher reads),
an organisation's own profile, members' last visits, and users' own choices."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import permissions
from organizations.matching import Known, NameIndex, fold
from organizations.models import Membership, Organisation, OrganisationAlias, Profile
from proposals.portal import cache as portal_cache

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
    # The portal shows organisations' names; its kept answers are thrown away.
    transaction.on_commit(portal_cache.portal_changed)
    return locked


def activity_mark_read(*, user, at=None) -> int:
    """The member has read the activity list up to now (one UPDATE)."""
    return Membership.objects.filter(user=user).update(activity_read_at=at or timezone.now())


def membership_mark_seen(*, user, at=None) -> None:
    """Remember when ``user`` last opened the workspace (one UPDATE)."""
    Membership.objects.filter(user=user).update(last_seen_at=at or timezone.now())


# --- A user's own choices -------------------------------------------------------------


@transaction.atomic
def profile_set_language(*, user, language: str) -> Profile | None:
    """Remember ``user``'s language for e-mail; unknown languages and visitors are ignored."""
    if not getattr(user, "is_authenticated", False):
        return None
    if language not in dict(settings.LANGUAGES):
        return None
    profile, _created = Profile.objects.get_or_create(user=user)
    if profile.language != language:
        profile.language = language
        profile.full_clean()
        profile.save(update_fields=["language"])
    return profile


def languages_of(addresses: list[str]) -> dict[str, str]:
    """Each address's chosen language (the site's default where none is stored)."""
    chosen = dict(
        Profile.objects.filter(user__email__in=addresses).values_list("user__email", "language")
    )
    return {address: chosen.get(address, settings.LANGUAGE_CODE) for address in addresses}
