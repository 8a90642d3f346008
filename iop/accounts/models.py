from simple_history.models import HistoricalRecords

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from iop.core.collation import swedish


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PLANNER = "planner", _("Planner")
    PARTNER = "partner", _("Partner")
    VIEWER = "viewer", _("Viewer")


class User(AbstractUser):
    """A person who logs in. What they may do follows from the role and the bindings:

    planners work on the agreements of their committees, partners represent their
    organisations. Access itself is decided in iop.accounts.access, nowhere else.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # Staff (administrators, planners, viewers) belong to one municipality and see only its
    # data; partners belong to none (they see their organisations' agreements wherever they
    # are), nor does the installation's superuser.
    municipality = models.ForeignKey(
        "partners.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    committees = models.ManyToManyField(
        "partners.Committee",
        verbose_name=_("committees"),
        blank=True,
        related_name="planners",
        help_text=_("For planners: the committees whose agreements they work on."),
    )
    organisations = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("organisations"),
        blank=True,
        related_name="representatives",
        help_text=_("For partners: the organisations they represent."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = [swedish("last_name"), swedish("first_name"), "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_administrator(self):
        return self.is_active and (self.role == Role.ADMINISTRATOR or self.is_superuser)


class AccessKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login-failed", _("Failed login")
    LOGIN_THROTTLED = "login-throttled", _("Login refused: too many failed attempts")
    LOGOUT = "logout", _("Logged out")
    REFUSED = "refused", _("Access refused")
    PASSWORD_RESET = "password-reset", _("Asked for a password-reset e-mail")
    PASSWORD_RESET_HELD = "password-reset-held", _("Password-reset e-mail held back: asked for too often")


class AccessEvent(models.Model):
    """A login, a failed login or a refused access: who, when, from where, to what.

    Written once (a database trigger refuses changes on PostgreSQL); the changes
    themselves are in each model's history table."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=AccessKind.choices)
    user = models.ForeignKey(
        User, verbose_name=_("user"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The name typed at a failed login, which may belong to no user.
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("address in IOP"), max_length=500, blank=True)
    # What was refused, when the refusal concerned a particular object.
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["kind", "at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class NoticeKind(models.TextChoices):
    """The status e-mails IOP sends as work moves on (sent by followup.notices); each user
    may turn any of them off."""

    MONTH_SUBMITTED = "month-submitted", _("A month of volunteer hours is submitted")
    MONTH_APPROVED = "month-approved", _("A month of volunteer hours is approved")
    MONTH_RETURNED = "month-returned", _("A month of volunteer hours is returned to be corrected")
    MATERIAL_ADDED = "material-added", _("A partner adds material to a meeting")
    AGREEMENT_DECIDED = "agreement-decided", _("An agreement is decided")
    AGREEMENT_SIGNED = "agreement-signed", _("An agreement is signed by all parties")
    MINUTES_RECORDED = "minutes-recorded", _("The minutes of a meeting are recorded")


# The kinds each role can get, offered on their e-mail choices page: a partner's users hear
# of their months and meetings, a committee's planners of what partners hand in, anyone of
# an agreement's decision and signatures when they are a contact of one of its parties.
NOTICES_BY_ROLE = {
    Role.PARTNER: [
        NoticeKind.MONTH_APPROVED,
        NoticeKind.MONTH_RETURNED,
        NoticeKind.MINUTES_RECORDED,
        NoticeKind.AGREEMENT_DECIDED,
        NoticeKind.AGREEMENT_SIGNED,
    ],
    Role.PLANNER: [
        NoticeKind.MONTH_SUBMITTED,
        NoticeKind.MATERIAL_ADDED,
        NoticeKind.MINUTES_RECORDED,
        NoticeKind.AGREEMENT_DECIDED,
        NoticeKind.AGREEMENT_SIGNED,
    ],
    Role.ADMINISTRATOR: [NoticeKind.AGREEMENT_DECIDED, NoticeKind.AGREEMENT_SIGNED],
    Role.VIEWER: [NoticeKind.AGREEMENT_DECIDED, NoticeKind.AGREEMENT_SIGNED],
}


class NoticeOptOut(models.Model):
    """A kind of status e-mail the user has turned off. No row: the user gets it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notice_opt_outs")
    kind = models.CharField(_("kind of e-mail"), max_length=30, choices=NoticeKind.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("e-mail turned off")
        verbose_name_plural = _("e-mails turned off")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once_per_kind")]

    def __str__(self):
        return f"{self.user} {self.kind}"
