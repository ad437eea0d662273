"""The app's models, defined by domain in proposals/<domain>/models.py.

Django looks for an app's models in this module; each domain package keeps its own.
"""

from proposals.api.models import ApiToken, IdempotentRequest  # noqa: F401
from proposals.demands.models import (  # noqa: F401
    CurationEvent,
    Demand,
    DemandQuerySet,
    DemandStatus,
    DemandVersion,
    InternalNote,
    PreparedOutcome,
    SharedDemand,
    Stance,
    StatusChange,
)
from proposals.outbox.models import OutboxMessage  # noqa: F401
from proposals.outcomes.models import (  # noqa: F401
    BudgetFigure,
    DemandLink,
    DocumentLink,
    MatchState,
    Outcome,
    Passage,
    PassageKind,
    PassageMatch,
)
from proposals.process.models import (  # noqa: F401
    BatchFile,
    BatchUpload,
    Case,
    Committee,
    Hearing,
    HearingSubmission,
    HearingTime,
    ImportChange,
    ImportRun,
    ProcedureStep,
    ProgrammeEntry,
    Session,
)
from proposals.reference.models import (  # noqa: F401
    BudgetPost,
    Chapter,
    ChapterQuerySet,
    PolicyDocument,
    ProgrammeCategory,
    Topic,
    document_slug,
)
from proposals.submissions.models import Submission, submission_upload_to  # noqa: F401
from proposals.summaries.models import (  # noqa: F401
    ChartKind,
    SummaryGeneration,
    SummaryRefreshLock,
    SummarySnapshot,
)
