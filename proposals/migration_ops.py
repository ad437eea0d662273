"""Migration operations shared by the app's migrations."""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """Raw SQL run only on PostgreSQL (full-text and ordering indexes); SQLite skips it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
