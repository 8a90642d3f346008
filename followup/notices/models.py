"""Every status e-mail, kept: what was sent to whom, and what could not be sent yet."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from iop.accounts.models import NoticeKind
from iop.core.validators import CHAPTER, PARAGRAPH, TextLimit


class Notice(models.Model):
    """One status e-mail to one address. Written with the change it tells of (so a rolled
    back change leaves none), sent after the commit; one that failed keeps its error and is
    tried again by the daily command until it is sent or has used its attempts."""

    kind = models.CharField(_("kind of e-mail"), max_length=30, choices=NoticeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), validators=[TextLimit(CHAPTER)])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, validators=[TextLimit(PARAGRAPH)])

    class Meta:
        verbose_name = _("status e-mail")
        verbose_name_plural = _("status e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self):
        return f"{self.to}: {self.subject}"
