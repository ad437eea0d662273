from django.db import migrations

from proposals.migration_ops import PostgreSQLOnly


class Migration(migrations.Migration):
    """Indexes in the exact order /demands/ sorts by, so a page reads 50 rows, not all."""

    dependencies = [("proposals", "0003_summaries")]

    operations = [
        PostgreSQLOnly(
            sql=(
                "CREATE INDEX demand_newest ON proposals_demand "
                "(submitted_at DESC NULLS LAST, created_at DESC, id DESC);"
            ),
            reverse_sql="DROP INDEX IF EXISTS demand_newest;",
        ),
        PostgreSQLOnly(
            sql=(
                "CREATE INDEX demand_status_changed_desc ON proposals_demand "
                "(status_changed_at DESC NULLS LAST, id DESC);"
            ),
            reverse_sql="DROP INDEX IF EXISTS demand_status_changed_desc;",
        ),
    ]
