"""The desk's records: the reminders sent and the calendar tokens. They are models of the
followup app: its tables, its migrations."""

from django.conf import settings
from django.db import models


class ReminderSent(models.Model):
    """A reminder e-mailed to a user about one item at one threshold (e.g. 30 days before):
    sent once, never again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    threshold = models.IntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key", "threshold"], name="remind_once")]

    def __str__(self):
        return f"{self.user} {self.key} {self.threshold}"


class CalendarToken(models.Model):
    """The secret in a user's private calendar URL. Revoking it makes the old URL a 404."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d}"
