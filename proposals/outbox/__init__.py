"""Work that follows a commit, delivered from a table so that nothing is lost.

``outbox_enqueue(kind=..., payload=...)`` inside the writing transaction; the
periodic ``deliver_outbox`` task (and a best-effort kick after the commit) runs
the handler named in ``kinds.HANDLERS``.
"""

from proposals.outbox.delivery import outbox_deliver, outbox_enqueue

__all__ = ["outbox_enqueue", "outbox_deliver"]
