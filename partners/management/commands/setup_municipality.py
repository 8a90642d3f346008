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

from iop.accounts import services as accounts_services
from iop.accounts.models import Role, User
from partners import services
from partners.models import Municipality
from partners.orgnr import normalise_org_number


def _pair(value, option):
    """ "Name:rest" → (name, rest); the rest may be empty, the name not."""
    name, _, rest = value.partition(":")
    if not name.strip():
        raise CommandError(f'{option} {value!r}: give it as "Name:..." with a name before the colon.')
    return name.strip(), rest.strip()


def _messages(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items())
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
        asked = {}
        for key, question in [
            ("name", "The municipality's name (e.g. Exempelby kommun): "),
            ("org_number", "Its organisation number (NNNNNN-NNNN): "),
            ("admin_username", "The first administrator's username: "),
            ("admin_email", "The first administrator's e-mail: "),
        ]:
            asked[key] = (options[key] or "").strip()
            if not asked[key] and interactive:
                asked[key] = input(question).strip()
            if not asked[key]:
                raise CommandError(f"--{key.replace('_', '-')} is required.")
        try:
            org_number = normalise_org_number(asked["org_number"])
        except ValidationError as error:
            raise CommandError(f"--org-number {asked['org_number']!r}: {_messages(error)}") from error

        existing = Municipality.objects.filter(name=asked["name"]).first() or (
            Municipality.objects.filter(org_number=org_number).first()
        )
        if existing is not None:
            raise CommandError(
                f"{existing.name} ({existing.org_number}) is already set up: nothing was changed. "
                "Its administrators change it in IOP (Municipalities, Committees, Users)."
            )
        if User.objects.filter(username=asked["admin_username"]).exists():
            raise CommandError(f"The username {asked['admin_username']!r} is taken: nothing was changed.")

        committees = [_pair(value, "--committee") for value in options["committee"]]
        administrations = []
        for value in options["administration"]:
            name, served = _pair(value, "--administration")
            served = [c.strip() for c in served.split(",") if c.strip()]
            unknown = [c for c in served if c not in dict(committees)]
            if unknown:
                raise CommandError(
                    f"--administration {name!r} serves {', '.join(unknown)}, which is not among the --committee "
                    "options: nothing was changed."
                )
            administrations.append((name, served))

        password = options["password"]
        if password is None and interactive:
            password = getpass.getpass("Password for the administrator (empty: print a one-time link instead): ")
        if password:
            try:
                validate_password(password, User(username=asked["admin_username"], email=asked["admin_email"]))
            except ValidationError as error:
                raise CommandError(f"The password: {_messages(error)}") from error

        try:
            with transaction.atomic():
                municipality = services.municipality_create(
                    by=None, name=asked["name"], org_number=org_number, slug=options["slug"]
                )
                by_name = {}
                for name, abbreviation in committees:
                    by_name[name] = services.committee_create(
                        by=None, municipality=municipality, name=name, abbreviation=abbreviation
                    )
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
            raise CommandError(f"{_messages(error)} Nothing was changed.") from error

        self.stdout.write(
            self.style.SUCCESS(f"{municipality.name} is set up ({municipality.org_number}, /{municipality.slug}/).")
        )
        self.stdout.write(f"  Committees: {', '.join(by_name) or '-'}")
        self.stdout.write(f"  Administrations: {', '.join(name for name, _ in administrations) or '-'}")
        self.stdout.write(f"  Administrator: {administrator.username} <{administrator.email}>")
        if password:
            self.stdout.write(
                f"Log in at {options['base_url'].rstrip('/')}{reverse('accounts:login')} with the password given."
            )
        else:
            self.stdout.write("Choose the administrator's password once, at this address (it works until it is used):")
            self.stdout.write(f"  {options['base_url'].rstrip('/')}{one_time_path(administrator)}")
        self.stdout.write("After logging in, the start page lists what is left to set up.")


def one_time_path(user):
    """The password-reset address for `user`: the token stops working once a password is set."""
    return reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
