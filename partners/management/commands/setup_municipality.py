"""The first run of a new installation: a municipality, its committees and administrations,
and its first administrator, who does the rest in IOP itself (their start page lists what
is left to set up)."""

import getpass
import sys

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from iop.accounts import services as accounts_services
from iop.accounts.models import Role, User
from partners import services
from partners.models import Municipality
from partners.orgnr import normalise_org_number


def _pair(value, option):
    """'Name:rest' → (name, rest); the rest may be empty, the name not."""
    name, _colon, rest = value.partition(":")
    if not name.strip():
        raise CommandError(
            _('%(option)s "%(value)s": give it as "Name:..." with a name before the colon.')
            % {"option": option, "value": value}
        )
    return name.strip(), rest.strip()


# The option that gave each field a service may refuse.
OPTIONS = {"name": "--name", "slug": "--slug", "username": "--admin-username", "email": "--admin-email"}


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{OPTIONS.get(field, field)}: {' '.join(texts)}" for field, texts in error.message_dict.items()
        )
    return " ".join(error.messages)


class Command(BaseCommand):
    help = (
        "Set up a municipality from an empty installation: the municipality, its committees "
        '(--committee "Name:ABBR"), administrations (--administration "Name:Committee1,Committee2") '
        "and its first administrator. Asks for what is missing unless --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", help='The municipality\'s name, e.g. "Exempelby kommun".')
        parser.add_argument("--org-number", help="Its organisation number, NNNNNN-NNNN (212000-xxxx for a kommun).")
        parser.add_argument(
            "--slug", default="", help="Its part of the public register's address (from the name if left out)."
        )
        parser.add_argument(
            "--committee", action="append", default=[], metavar="NAME:ABBR", help="A committee; repeat for more."
        )
        parser.add_argument(
            "--administration",
            action="append",
            default=[],
            metavar="NAME:COMMITTEE1,COMMITTEE2",
            help="An administration and the committees it serves; repeat for more.",
        )
        parser.add_argument("--admin-username", help="The first administrator's username.")
        parser.add_argument("--admin-email", help="The first administrator's e-mail address.")
        parser.add_argument(
            "--password",
            help="The administrator's password. Without it (and with --no-input) a one-time link to choose one is printed.",
        )
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="The installation's address, for the one-time link."
        )
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Never ask; fail on what is missing."
        )

    def handle(self, *args, **options):
        interactive = options["interactive"] and sys.stdin.isatty()
        asked = self._asked(options, interactive)
        try:
            org_number = normalise_org_number(asked["org_number"])
        except ValidationError as error:
            raise CommandError(f'--org-number "{asked["org_number"]}": {_messages(error)}') from error
        self._refuse_twice(asked, org_number)
        committees = [_pair(value, "--committee") for value in options["committee"]]
        administrations = self._administrations(options["administration"], dict(committees))
        password = self._password(options["password"], asked, interactive)

        try:
            with transaction.atomic():
                municipality = services.municipality_create(
                    by=None, name=asked["name"], org_number=org_number, slug=options["slug"]
                )
                by_name = {
                    name: services.committee_create(
                        by=None, municipality=municipality, name=name, abbreviation=abbreviation
                    )
                    for name, abbreviation in committees
                }
                for name, served in administrations:
                    services.administration_create(
                        by=None, municipality=municipality, name=name, committees=[by_name[c] for c in served]
                    )
                administrator = accounts_services.user_create(
                    by=None,
                    username=asked["admin_username"],
                    email=asked["admin_email"],
                    role=Role.ADMINISTRATOR,
                    municipality=municipality,
                    password=password or None,
                )
        except ValidationError as error:
            raise CommandError(_("%(problem)s Nothing was changed.") % {"problem": _messages(error)}) from error
        self._report(municipality, by_name, administrations, administrator, password, options["base_url"])

    def _asked(self, options, interactive):
        asked = {}
        for key, question in [
            ("name", _("The municipality's name (e.g. Exempelby kommun): ")),
            ("org_number", _("Its organisation number (NNNNNN-NNNN): ")),
            ("admin_username", _("The first administrator's username: ")),
            ("admin_email", _("The first administrator's e-mail: ")),
        ]:
            asked[key] = (options[key] or "").strip()
            if not asked[key] and interactive:
                asked[key] = input(question).strip()
            if not asked[key]:
                raise CommandError(_("--%(option)s is required.") % {"option": key.replace("_", "-")})
        return asked

    def _refuse_twice(self, asked, org_number):
        existing = Municipality.objects.filter(name=asked["name"]).first() or (
            Municipality.objects.filter(org_number=org_number).first()
        )
        if existing is not None:
            raise CommandError(
                _(
                    "%(name)s (%(org_number)s) is already set up: nothing was changed. "
                    "Its administrators change it in IOP (Municipalities, Committees, Users)."
                )
                % {"name": existing.name, "org_number": existing.org_number}
            )
        if User.objects.filter(username=asked["admin_username"]).exists():
            raise CommandError(
                _('The username "%(username)s" is taken: nothing was changed.') % {"username": asked["admin_username"]}
            )

    def _administrations(self, values, committees):
        administrations = []
        for value in values:
            name, served = _pair(value, "--administration")
            served = [c.strip() for c in served.split(",") if c.strip()]
            unknown = [c for c in served if c not in committees]
            if unknown:
                raise CommandError(
                    _(
                        '--administration "%(name)s" serves %(committees)s, which is not among the --committee '
                        "options: nothing was changed."
                    )
                    % {"name": name, "committees": ", ".join(unknown)}
                )
            administrations.append((name, served))
        return administrations

    def _password(self, password, asked, interactive):
        if password is None and interactive:
            password = getpass.getpass(_("Password for the administrator (empty: print a one-time link instead): "))
        if password:
            try:
                validate_password(password, User(username=asked["admin_username"], email=asked["admin_email"]))
            except ValidationError as error:
                raise CommandError(_("The password: %(problem)s") % {"problem": _messages(error)}) from error
        return password

    def _report(self, municipality, committees, administrations, administrator, password, base_url):
        base_url = base_url.rstrip("/")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s is set up (%(org_number)s, address name %(slug)s).")
                % {"name": municipality.name, "org_number": municipality.org_number, "slug": municipality.slug}
            )
        )
        self.stdout.write("  " + _("Committees: %(names)s") % {"names": ", ".join(committees) or "-"})
        names = ", ".join(name for name, _served in administrations) or "-"
        self.stdout.write("  " + _("Administrations: %(names)s") % {"names": names})
        self.stdout.write(
            "  "
            + _("Administrator: %(username)s <%(email)s>")
            % {"username": administrator.username, "email": administrator.email}
        )
        if password:
            # The password itself is never printed: the one who typed it knows it.
            login = f"{base_url}{reverse('accounts:login')}"
            self.stdout.write(_("Log in at %(url)s with the password given.") % {"url": login})
        else:
            self.stdout.write(
                _("Choose the administrator's password once, at this address (it works until it is used):")
            )
            self.stdout.write(f"  {base_url}{one_time_path(administrator)}")
        self.stdout.write(_("After logging in, the start page lists what is left to set up."))


def one_time_path(user):
    """The password-reset address for `user`: the token stops working once a password is set."""
    return reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
