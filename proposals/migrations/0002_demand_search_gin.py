from django.db import migrations

from proposals.migration_ops import PostgreSQLOnly


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [
        PostgreSQLOnly(
            sql="CREATE INDEX demand_search_gin ON proposals_demand USING gin (search_vector);",
            reverse_sql="DROP INDEX IF EXISTS demand_search_gin;",
        ),
    ]
