"""Demo logins, one per role, all with the password `demo`, bound to the demo register's
committees and organisations (partners.demo)."""

from django.utils.translation import gettext as _

from iop.accounts import services
from iop.accounts.models import Role, User
from partners.demo import EXEMPELBY, MUNICIPALITY
from partners.models import Committee, Municipality, Organisation

PASSWORD = "demo"  # noqa: S105  (the documented demo password; load_demo refuses production)

USERS = [
    {"username": "admin", "first_name": "Anna", "last_name": "Berg", "role": Role.ADMINISTRATOR},
    {
        "username": "planerare",
        "first_name": "Erik",
        "last_name": "Lund",
        "title": "Planeringsledare",
        "role": Role.PLANNER,
        "committees": ["Äldrenämnden", "Omsorgsnämnden"],
    },
    {
        "username": "resurspoolen",
        "first_name": "Karin",
        "last_name": "Ek",
        "role": Role.PARTNER,
        "organisations": ["Resurspoolen"],
    },
    {
        "username": "stadsmissionen",
        "first_name": "Johan",
        "last_name": "Sjö",
        "role": Role.PARTNER,
        "organisations": ["Linköpings stadsmission"],
    },
    {"username": "insyn", "first_name": "Maria", "last_name": "Holm", "role": Role.VIEWER},
    # The invented second municipality's staff: they see only Exempelby's agreements.
    {
        "username": "exempelby-admin",
        "first_name": "Sara",
        "last_name": "Dal",
        "role": Role.ADMINISTRATOR,
        "municipality": EXEMPELBY["name"],
    },
    {
        "username": "exempelby-planerare",
        "first_name": "Olle",
        "last_name": "Strand",
        "title": "Utvecklingsledare",
        "role": Role.PLANNER,
        "committees": ["Vård- och omsorgsnämnden"],
        "municipality": EXEMPELBY["name"],
    },
    # The installation's superuser: keeps the shared OPI once there are several
    # municipalities, adds municipalities, enters the Django admin; of no municipality.
    {
        "username": "drift",
        "first_name": "Drift",
        "last_name": "IOP",
        "role": Role.ADMINISTRATOR,
        "municipality": None,
        "is_superuser": True,
        "is_staff": True,
    },
]


def load():
    """Create the demo users that are missing; existing ones (and their passwords) stay."""
    created = []
    for spec in USERS:
        spec = dict(spec)
        if User.objects.filter(username=spec["username"]).exists():
            continue
        name = spec.pop("municipality", MUNICIPALITY["name"])
        municipality = Municipality.objects.get(name=name) if name else None
        committees = list(Committee.objects.filter(municipality=municipality, name__in=spec.pop("committees", [])))
        organisations = list(Organisation.objects.filter(name__in=spec.pop("organisations", [])))
        created.append(
            services.user_create(
                by=None,
                password=PASSWORD,
                email=f"{spec['username']}@example.se",
                committees=committees,
                organisations=organisations,
                municipality=municipality,
                **spec,
            )
        )
    return created


def logins():
    """(username, role label and municipality) of every demo user, for the start-up banner."""
    users = User.objects.filter(username__in=[spec["username"] for spec in USERS]).select_related("municipality")
    by_name = {user.username: user for user in users}
    return [(spec["username"], _described(by_name[spec["username"]])) for spec in USERS if spec["username"] in by_name]


def _described(user):
    role = user.get_role_display()
    if user.is_superuser:
        return _("%(role)s of the whole installation (superuser)") % {"role": role}
    return f"{role}, {user.municipality}" if user.municipality else str(role)
