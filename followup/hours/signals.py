"""What happens to a month of hours, told to whoever listens (followup.notices e-mails it).

Sent inside the service's transaction with `report` and `by`; a receiver that e-mails waits
for the commit."""

from django.dispatch import Signal

month_submitted = Signal()
month_approved = Signal()
month_returned = Signal()
