"""Who may see and do what: the one place for these rules.

Pages, forms, exports, the API and the charts all ask here. A second copy of
a rule elsewhere is a future leak, so add new rules here and call them.

Roles:
- the public (anonymous, or a logged-in user with no role) reads what is
  published: demands that are not drafts and not hidden by the secretariat;
- a member of an organisation (editor or viewer) also reads everything of
  its own organisation, drafts included; an editor may also write there;
- a committee secretary (``workflow.SECRETARIAT_PERMISSION``, given through
  the ``workflow.SECRETARIAT_GROUP`` group) reads every demand that is not
  a draft, hidden ones and internal notes included, and changes statuses;
- an administrator (superuser) has the secretary's rights and the Django admin,
  but writes an organisation's text only if made its editor.

Curation (chapters, posts, editorial titles, topics, duplicates, shared demands,
splits) is the secretariat's, on any demand past the draft stage.

Prepared outcomes: an outcome the secretariat has prepared is not part of the
demand's state until it is published. The demand keeps its status, notes and
history meanwhile, so every reader of ``demand_visibility_q`` shows the old
state; the prepared rows themselves are read only through
``prepared_outcome_q`` (the secretariat's). A duplicate leaves the public's
lists and counts (``published_demands_q``) but stays its organisation's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from proposals.demands import workflow
from proposals.demands.workflow import SECRETARIAT_PERMISSION


@dataclass(frozen=True)
class Roles:
    is_authenticated: bool
    is_secretary: bool
    is_admin: bool
    editor_of: frozenset[int]
    member_of: frozenset[int]

    @property
    def is_editor(self) -> bool:
        return bool(self.editor_of)


_ANONYMOUS = Roles(False, False, False, frozenset(), frozenset())


def roles_of(user) -> Roles:
    """The user's roles, read once per user object (one query for memberships)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _ANONYMOUS
    cached = getattr(user, "_kravsporing_roles", None)
    if cached is not None:
        return cached
    editor_of, member_of = set(), set()
    for organisation_id, role in user.memberships.values_list("organisation_id", "role"):
        member_of.add(organisation_id)
        if role == "editor":
            editor_of.add(organisation_id)
    roles = Roles(
        is_authenticated=True,
        is_secretary=user.has_perm(SECRETARIAT_PERMISSION),
        is_admin=user.is_superuser,
        editor_of=frozenset(editor_of),
        member_of=frozenset(member_of),
    )
    user._kravsporing_roles = roles
    return roles


# --- Reading -------------------------------------------------------------------


def _past_private_q(prefix: str) -> Q:
    return ~Q(**{f"{prefix}status__in": workflow.PRIVATE})


def published_demands_q(prefix: str = "") -> Q:
    """What anyone may read: not a draft, not hidden, not a duplicate of another demand."""
    return (
        Q(**{f"{prefix}hidden_from_public": False})
        & _past_private_q(prefix)
        & Q(**{f"{prefix}duplicate_of__isnull": True})
    )


def demand_visibility_q(user, prefix: str = "") -> Q:
    """The demands ``user`` may read, as a filter on Demand (or via ``prefix``)."""
    roles = roles_of(user)
    visible = published_demands_q(prefix)
    if roles.is_secretary:
        # Drafts stay private to their organisation, even from the secretariat.
        visible |= _past_private_q(prefix)
    if roles.member_of:
        visible |= Q(**{f"{prefix}organisation_id__in": roles.member_of})
    return visible


def visibility_key(user) -> str:
    """A short name for what ``user`` may read: equal names see the same demands.

    Kept portal answers (``proposals.portal.cache``) are stored under it, so
    they are shared by every reader with the same view and never cross to another.
    """
    roles = roles_of(user)
    members = ",".join(str(pk) for pk in sorted(roles.member_of))
    return f"{'secretariat' if roles.is_secretary else 'public'}:{members}"


def secretariat_demand_q(user, prefix: str = "") -> Q:
    """The demands on the secretariat's screens and exports: visible and never a draft.

    A secretary who is also a member of an organisation still does not see its
    drafts at work: they are the organisation's until submitted.
    """
    return demand_visibility_q(user, prefix) & _past_private_q(prefix)


def can_view_demand(user, demand) -> bool:
    roles = roles_of(user)
    if demand.organisation_id in roles.member_of:
        return True
    if demand.status in workflow.PRIVATE:
        return False
    return roles.is_secretary or not (demand.hidden_from_public or demand.duplicate_of_id)


def prepared_outcome_q(user, prefix: str = "") -> Q:
    """The prepared (unpublished) outcomes ``user`` may read: the secretariat's only."""
    if roles_of(user).is_secretary:
        return Q(**{f"{prefix}published_at__isnull": True})
    return Q(pk__in=[])


def curation_event_q(user, demand) -> Q:
    """The curation history of ``demand`` that ``user`` may read.

    The organisation and the secretariat read all of it; the public reads the
    events that change what it sees (``CurationEvent.is_public``).
    """
    roles = roles_of(user)
    if roles.is_secretary or demand.organisation_id in roles.member_of:
        return Q()
    return Q(is_public=True)


def can_see_internal_notes(user) -> bool:
    return roles_of(user).is_secretary


def can_see_private_history(user, demand) -> bool:
    """Versions written while the demand was a draft, for its own organisation."""
    return demand.organisation_id in roles_of(user).member_of


# --- Writing -------------------------------------------------------------------


def can_write_for_organisation(user, organisation_id: int) -> bool:
    return organisation_id in roles_of(user).editor_of


def can_edit_demand(user, demand) -> bool:
    """Only the organisation's editors write its text; a withdrawn demand is closed."""
    return (
        can_write_for_organisation(user, demand.organisation_id)
        and demand.status not in workflow.CLOSED_FOR_EDITING
    )


def acts_for(user, demand) -> set[str]:
    """The parties ``user`` acts as for ``demand``: ``workflow.ORG``, ``workflow.SEC``.

    The transition table in ``proposals.demands.workflow`` says which party may make
    which status change.
    """
    roles = roles_of(user)
    parties = set()
    if demand.organisation_id in roles.editor_of:
        parties.add(workflow.ORG)
    if roles.is_secretary:
        parties.add(workflow.SEC)
    return parties


def can_work_as_secretariat(user) -> bool:
    return roles_of(user).is_secretary


def can_import_from_storting(user) -> bool:
    """Run the import of the Storting's hearings and submissions, see its runs."""
    return roles_of(user).is_secretary


def can_review_names(user) -> bool:
    """Confirm which organisation a sender's name is, or create it."""
    return roles_of(user).is_secretary


def can_upload_batch(user) -> bool:
    """Upload many submission files at once and say whose each is."""
    return roles_of(user).is_secretary


def can_see_hearing_work(user) -> bool:
    """The secretariat's list of hearings with how far their submissions are read."""
    return roles_of(user).is_secretary


def can_manage_reference_data(user) -> bool:
    """Documents, chapters and budget posts."""
    return roles_of(user).is_secretary


def can_import_for_organisation(user, organisation_id: int) -> bool:
    """Editors import their own submissions; the secretariat registers any it receives."""
    roles = roles_of(user)
    return organisation_id in roles.editor_of or roles.is_secretary


def import_registers_as_submitted(user, organisation_id: int) -> bool:
    """An import by the secretariat records what was already sent, so it is not a draft."""
    roles = roles_of(user)
    return roles.is_secretary and organisation_id not in roles.editor_of


def can_add_chapter_from_import(user, organisation_id: int) -> bool:
    """A chapter an imported submission cites but its document lacks, added from the review.

    The secretariat keeps the documents' chapter lists anyway; the importing
    organisation's editors may add the chapters their own submission names
    (``proposals.submissions.imports.import_chapter_add`` holds them to those numbers).
    """
    roles = roles_of(user)
    return roles.is_secretary or organisation_id in roles.editor_of


def can_hide_demand(user) -> bool:
    return roles_of(user).is_secretary


def can_edit_organisation(user, organisation_id: int) -> bool:
    """An organisation's own profile (description, website …): its editors only."""
    return can_write_for_organisation(user, organisation_id)


# --- Workspace and secretariat ----------------------------------------------------


def can_use_workspace(user) -> bool:
    """The organisation workspace is for members of an organisation."""
    return bool(roles_of(user).member_of)


def workspace_demand_q(user, prefix: str = "") -> Q:
    """The demands shown in ``user``'s workspace: their own organisations', drafts included."""
    return Q(**{f"{prefix}organisation_id__in": roles_of(user).member_of})


def landing_page(user) -> str:
    """Where ``user`` starts after logging in: the queue, the workspace, or the portal."""
    roles = roles_of(user)
    if roles.is_secretary:
        return "secretariat:queue"
    if roles.member_of:
        return "workspace:home"
    return "portal:home"


def can_use_picker(user) -> bool:
    """The chapter and budget-post searches behind the picker: editors and the secretariat."""
    roles = roles_of(user)
    return bool(roles.member_of) or roles.is_secretary


def can_upload_submission(user, organisation_id: int) -> bool:
    return can_write_for_organisation(user, organisation_id)


def workspace_submission_q(user, prefix: str = "") -> Q:
    """The submissions a member may open in the workspace: their own organisations'."""
    return Q(**{f"{prefix}organisation_id__in": roles_of(user).member_of})


def can_open_import(user, submission) -> bool:
    """The import review of a submission: its organisation's editors and the secretariat."""
    return can_import_for_organisation(user, submission.organisation_id)


def can_write_internal_note(user) -> bool:
    return roles_of(user).is_secretary


def can_bulk_change(user) -> bool:
    """Bulk status changes are the secretariat's; each move is still judged by the table."""
    return roles_of(user).is_secretary


def can_curate_demand(user, demand) -> bool:
    """Chapters, posts, titles, topics, duplicates, shared demands, splits: the secretariat's.

    Drafts are their organisation's own and are not curated.
    """
    return roles_of(user).is_secretary and demand.status not in workflow.PRIVATE


def can_prepare_outcomes(user) -> bool:
    """Prepare outcomes and publish them (now or at a time): the secretariat's."""
    return roles_of(user).is_secretary


def can_export_committee(user) -> bool:
    """The export for the committee's recommendation holds internal notes: secretariat only."""
    return roles_of(user).is_secretary


# --- What came of the demands (proposals.outcomes) ------------------------------------


def can_manage_outcomes(user) -> bool:
    """Import recommendations and decisions, confirm or reject matches, enter budget figures."""
    return roles_of(user).is_secretary


def passage_match_visibility_q(user, prefix: str = "") -> Q:
    """Matches ``user`` may read: the secretariat sees suggestions on the demands it may
    read; everyone else only confirmed matches, on demands they may read, and — when the
    match was confirmed as a prepared outcome — only once that outcome is published."""
    roles = roles_of(user)
    readable = demand_visibility_q(user, prefix=f"{prefix}demand__")
    if roles.is_secretary:
        return readable & ~Q(**{f"{prefix}state": "rejected"})
    published = Q(**{f"{prefix}prepared_outcome__isnull": True}) | Q(
        **{f"{prefix}prepared_outcome__published_at__isnull": False}
    )
    return readable & Q(**{f"{prefix}state": "confirmed"}) & published


def can_decide_demand_link(user, link) -> bool:
    """A thread between two demands: the secretariat, or an editor of the organisation
    that made both (an organisation never links another's demands)."""
    roles = roles_of(user)
    if roles.is_secretary:
        return True
    return (
        link.earlier.organisation_id == link.later.organisation_id
        and link.later.organisation_id in roles.editor_of
    )


def demand_link_visibility_q(user, prefix: str = "") -> Q:
    """Threads ``user`` may read: confirmed, between demands they may read (suggestions
    also for those who may decide them)."""
    roles = roles_of(user)
    readable = demand_visibility_q(user, prefix=f"{prefix}earlier__") & demand_visibility_q(
        user, prefix=f"{prefix}later__"
    )
    confirmed = Q(**{f"{prefix}state": "confirmed"})
    if roles.is_secretary:
        return readable & ~Q(**{f"{prefix}state": "rejected"})
    if roles.editor_of:
        own = Q(**{f"{prefix}later__organisation_id__in": roles.editor_of}) & Q(
            **{f"{prefix}earlier__organisation_id__in": roles.editor_of}
        )
        return readable & (confirmed | (own & Q(**{f"{prefix}state": "suggested"})))
    return readable & confirmed


# --- The API and open data ---------------------------------------------------------


def status_change_visibility_q(user, prefix: str = "") -> Q:
    """Status changes ``user`` may read, as a filter on StatusChange.

    Those of demands the user may read; a step into the draft stage is the
    organisation's own record (as ``StatusChange.is_public`` and
    ``can_see_private_history`` say for one demand).
    """
    roles = roles_of(user)
    readable = demand_visibility_q(user, prefix=f"{prefix}demand__")
    public_step = ~Q(**{f"{prefix}to_status__in": workflow.PRIVATE})
    if roles.member_of:
        public_step |= Q(**{f"{prefix}demand__organisation_id__in": roles.member_of})
    return readable & public_step


def submission_visibility_q(user, prefix: str = "") -> Q:
    """Submissions ``user`` may see the metadata of: those behind a demand the user may
    read, and every submission of the user's own organisations."""
    from proposals.models import Demand  # the models import this module

    behind_readable = (
        Demand.objects.filter(demand_visibility_q(user))
        .exclude(submission_id=None)
        .values("submission_id")
    )
    visible = Q(**{f"{prefix}pk__in": behind_readable})
    roles = roles_of(user)
    if roles.member_of:
        visible |= Q(**{f"{prefix}organisation_id__in": roles.member_of})
    return visible


def can_hold_api_token(user) -> bool:
    """Organisation members (to sync their own demands) and the secretariat."""
    roles = roles_of(user)
    return bool(roles.member_of) or roles.is_secretary
