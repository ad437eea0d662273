from django.db import migrations

from proposals.migration_ops import PostgreSQLOnly

# The public's rule (organizations.permissions.published_demands_q) as an index predicate.
PUBLIC = "WHERE hidden_from_public = false AND status <> 'draft' AND duplicate_of_id IS NULL"

INDEXES = {
    # Every column a public facet groups or filters by, in a narrow index: the facets
    # read it with index-only scans instead of the wide demand rows (text, vectors).
    "demand_public_facts": (
        "(document_id, organisation_id, status, stance, submitted_at) " + PUBLIC
    ),
    # One index per sort of /demands/, so a page reads its rows in order and stops.
    "demand_public_newest": "(submitted_at DESC NULLS LAST, created_at DESC, id DESC) " + PUBLIC,
    "demand_public_changed": "(status_changed_at DESC NULLS LAST, id DESC) " + PUBLIC,
    "demand_public_title": "(title, id) " + PUBLIC,
    "demand_public_oldest": "(submitted_at ASC NULLS LAST, created_at, id) " + PUBLIC,
    "demand_public_amount": "(requested_amount_nok DESC NULLS LAST, id DESC) " + PUBLIC,
    "demand_org_title": "(organisation_id, title, id)",
}


class Migration(migrations.Migration):
    """Narrow indexes for the portal's facets and one for each sort (PostgreSQL only)."""

    dependencies = [("proposals", "0014_merge_harden")]

    operations = [
        PostgreSQLOnly(
            sql=f"CREATE INDEX {name} ON proposals_demand {definition};",
            reverse_sql=f"DROP INDEX IF EXISTS {name};",
        )
        for name, definition in INDEXES.items()
    ]
