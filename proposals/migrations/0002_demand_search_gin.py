from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """Raw SQL run only on PostgreSQL; other databases have no full-text index."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [
        PostgreSQLOnly(
            sql="CREATE INDEX demand_search_gin ON proposals_demand USING gin (search_vector);",
            reverse_sql="DROP INDEX IF EXISTS demand_search_gin;",
        ),
    ]
