"""What the life cycle tells the floors above as it happens (followup e-mails the parties).

Sent inside the step's transaction, with `version` and `by` (the user acting, None for the
system): a receiver that acts on the outside world waits for the commit
(`transaction.on_commit`), so nothing leaves when the step is rolled back."""

from django.dispatch import Signal

version_decided = Signal()  # the committee's decision is recorded
version_signed = Signal()  # the last party has signed: the version is in force
