"""Import of consultation responses: text extraction, references, candidate demands.

Plain Python with no Django imports, so it can be tested and reused alone; the
``import_submission`` command and the upload view wrap it.
"""

from proposals.submissions.importing.analyse import ChapterResolver, analyse
from proposals.submissions.importing.clean import CleanText, clean_text
from proposals.submissions.importing.extract import (
    MAX_UPLOAD_BYTES,
    ImportRejected,
    check_file,
    check_size,
    extract_text,
)
from proposals.submissions.importing.references import (
    budget_year_of,
    find_amounts,
    find_budget_refs,
    find_chapter_refs,
    find_documents,
    find_programme_categories,
    normalise_identifier,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ChapterResolver",
    "CleanText",
    "ImportRejected",
    "analyse",
    "budget_year_of",
    "check_file",
    "check_size",
    "clean_text",
    "extract_text",
    "find_amounts",
    "find_budget_refs",
    "find_chapter_refs",
    "find_documents",
    "find_programme_categories",
    "normalise_identifier",
]
