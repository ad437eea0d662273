from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """Raw SQL run only on PostgreSQL (SQLite cannot say NULLS LAST in an index)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


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
