"""Writes about organisations' names: aliases; and the index the matcher reads."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.matching import Known, NameIndex, fold
from organizations.models import Organisation, OrganisationAlias


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
