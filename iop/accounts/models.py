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

    @property
    def is_planner(self):
        return self.is_active and self.role == Role.PLANNER

    @property
    def is_partner(self):
        return self.is_active and self.role == Role.PARTNER

    @property
    def is_viewer(self):
        return self.is_active and self.role == Role.VIEWER
