"""Full-text search over demands.

On PostgreSQL each demand carries a stored ``search_vector`` (Norwegian
stemming, so «studieplass» finds «studieplasser»), kept current by the
services in the same transaction as the write and indexed with GIN. On other
databases search falls back to a case-insensitive contains-filter.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

CONFIG = "norwegian"


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# Each part is read from a bounded prefix, so no text can make the vector too long for
# PostgreSQL (1 MB) and fail the save; the fields are bounded too, this holds whatever
# they allow.
PREFIX_CHARS = 100_000


def vector_sql(demand: str, organisation: str) -> str:
    """The SQL expression of a demand's vector, for rows aliased ``demand`` and ``organisation``.

    The one definition: the services' refresh and the bulk loader both use it
    (``%(config)s`` is the text-search configuration's parameter).
    """
    d, o, n = demand, organisation, PREFIX_CHARS
    return (
        f"setweight(to_tsvector(%(config)s, left(coalesce({d}.title, ''), {n})), 'A')"
        f" || setweight(to_tsvector(%(config)s, {o}.name || ' ' || {o}.short_name), 'A')"
        f" || setweight(to_tsvector(%(config)s, left(coalesce({d}.text, ''), {n})), 'B')"
        f" || setweight(to_tsvector(%(config)s, left(coalesce({d}.rationale, ''), {n})), 'C')"
    )


# One statement: an UPDATE through the ORM cannot join the organisation's name.
_REFRESH_SQL = f"""
UPDATE proposals_demand AS d
   SET search_vector = {vector_sql("d", "o")}
  FROM organizations_organisation AS o
 WHERE o.id = d.organisation_id AND d.id = ANY(%(ids)s)
"""  # noqa: S608 - no user input in the statement


def refresh_search_vectors(demand_ids: Iterable[int]) -> None:
    """Recompute the stored vectors of these demands (a no-op without PostgreSQL)."""
    ids = list(demand_ids)
    if not ids or not uses_full_text():
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, {"config": CONFIG, "ids": ids})
