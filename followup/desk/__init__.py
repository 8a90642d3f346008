"""The desk, the top floor: the start page, the menu, the attention list, the reminders and
the calendar feed. The one place that reads every app."""
