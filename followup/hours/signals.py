"""What happens to a month of hours, told to whoever listens (followup.notices e-mails it).

Sent inside the service's transaction with `report` (or `reports`) and `by`; a receiver that e-mails waits
for the commit."""

from django.dispatch import Signal

month_submitted = Signal()
months_approved = Signal()  # with `reports`: the months one decision approved
month_returned = Signal()
