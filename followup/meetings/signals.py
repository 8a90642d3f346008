"""What happens at a follow-up meeting, told to whoever listens (followup.notices e-mails it).

Sent inside the service's transaction with `by` and the meeting or material; a receiver
that e-mails waits for the commit."""

from django.dispatch import Signal

material_added = Signal()  # with `material`
minutes_recorded = Signal()  # with `meeting`: its minutes were written or changed
