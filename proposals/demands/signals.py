"""What the demand services announce, for the domains that follow demands (summaries).

The demands domain does not know who listens: the summaries connect to
``demands_changed`` when the app is ready (``proposals.apps``).
"""

from django.dispatch import Signal

# Sent inside the writing transaction with ``demand_ids``; receivers defer their work
# with ``transaction.on_commit`` so nothing follows a change that is rolled back.
demands_changed = Signal()
