"""Cursor pages in id order: stable while rows are added, and no OFFSET to grow slow."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = "-pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_description = "The position in the list, from the `next` or `previous` link."
    page_size_query_description = "Rows per page (1–200, default 50)."


class AscendingIdCursorPagination(IdCursorPagination):
    ordering = "pk"
