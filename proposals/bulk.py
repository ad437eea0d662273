"""Rows as plain tuples into a table, at the speed of the database.

On PostgreSQL with COPY, elsewhere with batched ``executemany``. Used where
thousands of rows are written at once: the synthetic data and the stored charts.
No model instances, no per-row ``save``; the caller has validated the values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models


class RowWriter:
    """Tuples into a table: COPY on PostgreSQL, batched executemany elsewhere.

    Columns the generator does not know (added by later models) get their
    field's default, so a new nullable or defaulted column needs no change here.
    """

    def __init__(self, model: type[models.Model], values: Sequence[str]):
        self.model = model
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if f.column != "search_vector"]
        known = {f.attname for f in fields if f.attname in values}
        missing = set(values) - known
        if missing:
            raise ImproperlyConfigured(f"{self.table}: unknown columns {sorted(missing)}")
        self.fields = [f for f in fields if f.attname in values] + [
            f for f in fields if f.attname not in values and not f.primary_key
        ]
        self.columns = [f.column for f in self.fields]
        self.extra = tuple(self._default(f) for f in self.fields[len(values) :])
        self.order = list(values)

    @staticmethod
    def _default(field: models.Field):
        default = field.get_default()
        if isinstance(field, models.JSONField):
            return json.dumps(default)
        return default

    def write(self, rows: Iterable[tuple], *, table: str | None = None) -> int:
        """Write ``rows`` (values in the order given to the constructor)."""
        target = table or self.table
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.extra)
                        count += 1
                return count
            marks = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {target} ({columns}) VALUES ({marks})"  # noqa: S608 - model tables
            batch = []
            for row in rows:
                batch.append(self._prepared(row + self.extra))
                if len(batch) >= 1000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def _prepared(self, row: tuple) -> tuple:
        prepared = []
        for field, value in zip(self.fields, row, strict=True):
            if isinstance(field, models.JSONField):
                prepared.append(value)
            else:
                prepared.append(field.get_db_prep_save(value, connection))
        return tuple(prepared)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys, taken from the table's sequence on PostgreSQL."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - model table
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))
