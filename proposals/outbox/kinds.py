"""Every kind of outbox message and the function that delivers it: the one list.

A handler is called with the payload as keyword arguments, in a worker, inside
the transaction that marks the row delivered. It raises to be tried again later
(the row stays, further apart each time); it must tolerate being run twice,
because a worker can die between doing the work and committing the mark.

To add a kind: one line here, then ``outbox_enqueue(kind=..., payload=...)`` in
the service that makes the change, inside its transaction.
"""

HANDLERS: dict[str, str] = {
    # Ask for a (debounced) chart refresh after demands changed.
    "summaries_refresh": "proposals.summaries.snapshots.refresh_request",
    # E-mail the organisation's editors about a status change: {"change_id": int}.
    "status_email": "proposals.demands.notifications.status_notification_send",
    # Read an uploaded file in a worker: {"submission_id": int}.
    "submission_read": "proposals.submissions.tasks.read_submission_enqueue",
    # Split an uploaded recommendation and suggest matches:
    # {"document_id": int, "stored_name": str, "filename": str}.
    "recommendation_read": "proposals.outcomes.tasks.recommendation_read_enqueue",
    # Password reset mail: {"email": str, "language": str}.
    "password_reset": "organizations.accounts.password_reset_send",
}
