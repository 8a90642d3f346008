"""May user U do action A to object O? Answered here, and only here.

Views, querysets and templates all ask this module:

- `visible(user, Model)`: the queryset of objects the user may see at all;
- `working_on(user, Model)`: of those, what the user works on (`following` for the
  progress of hours, where viewers follow everything they see);
- `can(user, action, obj)`: whether the user may do the action (obj may be a model
  class for CREATE);
- `access(user, action, Model, pk=...)`: the object, or Http404 for an outsider (it
  does not exist for them) and PermissionDenied (403) for a reader who may not write;
- `narrow_choices(user, form)`: a form's choice lists limited to what the user sees.

Every model that a view shows has a policy below; a model without one is visible to
no one, so forgetting a policy leaks nothing.

Several municipalities share an installation strictly apart: a municipality's staff
(administrators, planners, viewers) see and change only what belongs to their own
municipality (`in_municipality`); organisations, their contacts and the OPI are shared,
and partners see their organisations' agreements wherever they are. The installation's
superuser alone sees across municipalities.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from iop.accounts.models import Role
from iop.core.audit import refuse

VIEW = "view"
CREATE = "create"
CHANGE = "change"
APPROVE = "approve"  # a planner's approval of what a partner reported
ACTIONS = (VIEW, CREATE, CHANGE, APPROVE)

# Named groups of roles.
MUNICIPAL_USERS = (Role.ADMINISTRATOR, Role.PLANNER, Role.VIEWER)  # the municipality's side: reads every agreement
CASEWORKERS = (Role.ADMINISTRATOR, Role.PLANNER)  # work on the municipality's agreements; viewers only read
MUNICIPALITY_WIDE = (Role.ADMINISTRATOR, Role.VIEWER)  # look across the municipality, not from a committee

_POLICIES = {}


def policy(label):
    def register(cls):
        _POLICIES[label] = cls()
        return cls

    return register


def _policy_for(model):
    policy_obj = _POLICIES.get(model._meta.label)
    if policy_obj is None:
        return _Nobody()
    return policy_obj


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_administrator(user):
    return _active(user) and user.is_administrator


def role_of(user):
    if not _active(user):
        return None
    return Role.ADMINISTRATOR if user.is_administrator else user.role


def in_municipality(user, queryset, path="municipality"):
    """The part of the queryset that belongs to the user's municipality (`path` leads from
    the model to it); all of it for the installation's superuser, none for a user of none."""
    if user.is_superuser:
        return queryset
    if user.municipality_id is None:
        return queryset.none()
    return queryset.filter(**{path: user.municipality_id})


def same_municipality(user, municipality_id):
    """Whether an object of that municipality is the user's (a superuser's always)."""
    return user.is_superuser or (user.municipality_id is not None and user.municipality_id == municipality_id)


def visible(user, model_or_queryset):
    queryset = getattr(model_or_queryset, "_default_manager", None)
    queryset = queryset.all() if queryset is not None else model_or_queryset
    if not _active(user):
        return queryset.none()
    return _policy_for(queryset.model).scope(user, role_of(user), queryset)


def can(user, action, obj):
    if action not in ACTIONS:
        raise ValueError(f"Unknown action {action!r}")
    if not _active(user):
        return False
    model = obj if isinstance(obj, type) else type(obj)
    instance = None if isinstance(obj, type) else obj
    return _policy_for(model).allows(user, role_of(user), action, instance)


def narrow_choices(user, form):
    """The form with each list of objects to choose from narrowed to what the user sees: a
    municipality's administrator chooses among its own committees, not another's (a choice
    outside the list is refused at the field)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model._meta.label in _POLICIES:
            field.queryset = visible(user, queryset)
    return form


def access(user, action, model, **lookup):
    """The object the lookup names, if the user may see it and do the action."""
    obj = visible(user, model).filter(**lookup).first()
    if obj is None:
        # Recorded as a refused access if the object exists for someone else.
        everything = getattr(model, "model", model)._base_manager
        hidden = everything.filter(**lookup).values_list("pk", flat=True).first()
        raise refuse(Http404(), everything.model, hidden) if hidden is not None else Http404
    if not can(user, action, obj):
        raise refuse(PermissionDenied(), type(obj), obj.pk)
    return obj


# How each model that belongs to an agreement reaches it, for `working_on`.
_AGREEMENT_PATHS = {
    "agreements.Agreement": "pk",
    "followup.MonthReport": "agreement",
    "followup.HourEntry": "report__agreement",
}


def _committees_agreements(user):
    """The agreements of the user's committees (a version under one of them), as a subquery."""
    versions = apps.get_model("agreements", "AgreementVersion").objects
    return versions.filter(committee__in=user.committees.values("pk")).values("agreement")


def working_on(user, model_or_queryset):
    """Of what the user may see, what they work on: an administrator everything, a planner
    what belongs to the agreements of their committees, a partner their organisations' (all
    they see). A viewer only reads and works on nothing."""
    queryset = visible(user, model_or_queryset)
    role = role_of(user)
    if role == Role.PLANNER:
        path = _AGREEMENT_PATHS[queryset.model._meta.label]
        return queryset.filter(**{f"{path}__in": _committees_agreements(user)})
    if role in (Role.ADMINISTRATOR, Role.PARTNER):
        return queryset
    return queryset.none()


def following(user, model_or_queryset):
    """What the user follows on the progress of hours: what they work on, and for a viewer,
    who works on nothing, everything they may see."""
    if role_of(user) == Role.VIEWER:
        return visible(user, model_or_queryset)
    return working_on(user, model_or_queryset)


class _Nobody:
    def scope(self, user, role, queryset):
        return queryset.none()

    def allows(self, user, role, action, obj):
        return False


class _Register:
    """Reference data of the municipality: everyone in the municipality reads it,
    its administrators keep it."""

    path = "municipality"

    def _municipality_id(self, obj):
        return obj.municipality_id

    def scope(self, user, role, queryset):
        return in_municipality(user, queryset, self.path) if role != Role.PARTNER else queryset.none()

    def allows(self, user, role, action, obj):
        if role == Role.PARTNER:
            return False
        if obj is not None and not same_municipality(user, self._municipality_id(obj)):
            return False
        return action == VIEW or role == Role.ADMINISTRATOR


@policy("partners.Municipality")
class _MunicipalityPolicy(_Register):
    """A municipality's administrators keep its settings; only the installation's superuser
    adds municipalities (or the first-run command)."""

    path = "pk"

    def _municipality_id(self, obj):
        return obj.pk

    def allows(self, user, role, action, obj):
        if action == CREATE:
            return user.is_superuser
        return super().allows(user, role, action, obj)


policy("partners.Committee")(_Register)
policy("partners.Administration")(_Register)


@policy("partners.Organisation")
class _OrganisationPolicy:
    """Municipal users read the whole register; planners and administrators keep it.
    A partner sees only the organisations they represent, and reads them."""

    def scope(self, user, role, queryset):
        if role == Role.PARTNER:
            return queryset.filter(pk__in=user.organisations.values("pk"))
        return queryset

    def allows(self, user, role, action, obj):
        if action == VIEW:
            if role == Role.PARTNER and obj is not None:
                return user.organisations.filter(pk=obj.pk).exists()
            return True
        return role in (Role.ADMINISTRATOR, Role.PLANNER)


@policy("partners.Contact")
class _ContactPolicy:
    """A contact is seen by whoever sees its party, and kept by planners and administrators
    (a committee's or administration's contacts by those of its municipality)."""

    def scope(self, user, role, queryset):
        if role == Role.PARTNER:
            return queryset.filter(organisation__in=user.organisations.values("pk"))
        if user.is_superuser:
            return queryset
        return queryset.filter(
            Q(organisation__isnull=False)
            | Q(committee__municipality=user.municipality_id)
            | Q(administration__municipality=user.municipality_id)
        )

    def allows(self, user, role, action, obj):
        if obj is not None and obj.organisation_id is None and not can(user, VIEW, obj.party):
            return False
        if action == VIEW:
            return obj is None or can(user, VIEW, obj.party)
        return role in (Role.ADMINISTRATOR, Role.PLANNER)


@policy("accounts.User")
class _UserPolicy:
    """Only administrators see and manage users: the staff of their own municipality, and the
    partners' users, who belong to the shared organisations and to no municipality."""

    def scope(self, user, role, queryset):
        if role != Role.ADMINISTRATOR:
            return queryset.none()
        if user.is_superuser:
            return queryset
        return queryset.filter(Q(municipality=user.municipality_id) | Q(role=Role.PARTNER, municipality__isnull=True))

    def allows(self, user, role, action, obj):
        if role != Role.ADMINISTRATOR:
            return False
        if obj is None or user.is_superuser:
            return True
        return obj.municipality_id == user.municipality_id or (
            obj.role == Role.PARTNER and obj.municipality_id is None and not obj.is_superuser
        )


@policy("accounts.AccessEvent")
class _AccessEventPolicy:
    """The log of logins and refused access: administrators read it; no one writes it."""

    def scope(self, user, role, queryset):
        # An administrator reads the events of their municipality's staff; names typed at a
        # failed login belong to no one and are for the installation's superuser.
        if role != Role.ADMINISTRATOR:
            return queryset.none()
        return in_municipality(user, queryset, "user__municipality")

    def allows(self, user, role, action, obj):
        if obj is not None and not (
            user.is_superuser or (obj.user and same_municipality(user, obj.user.municipality_id))
        ):
            return False
        return action == VIEW and role == Role.ADMINISTRATOR


def _committee_ids(user):
    return set(user.committees.values_list("pk", flat=True))


@policy("agreements.Agreement")
class _AgreementPolicy:
    """Municipal users read every agreement; planners work on those of their committees,
    administrators on all. A partner reads the agreements their organisation is party to."""

    def scope(self, user, role, queryset):
        if role == Role.PARTNER:
            return queryset.filter(versions__parties__organisation__in=user.organisations.values("pk")).distinct()
        return in_municipality(user, queryset)

    def allows(self, user, role, action, obj):
        if action == VIEW:
            if role == Role.PARTNER and obj is not None:
                return visible(user, type(obj)).filter(pk=obj.pk).exists()
            return obj is None or same_municipality(user, obj.municipality_id)
        if obj is not None and not same_municipality(user, obj.municipality_id):
            return False
        if role == Role.ADMINISTRATOR:
            return True
        if role != Role.PLANNER:
            return False
        if obj is None:  # create: any planner, for one of their committees (the form limits the choice)
            return True
        return obj.versions.filter(committee__in=_committee_ids(user)).exists()


class _AgreementContentPolicy:
    """A version and what belongs to it follow the agreement they belong to."""

    path = "agreement"

    def scope(self, user, role, queryset):
        return queryset.filter(**{f"{self.path}__in": visible(user, _agreement_model()).values("pk")})

    def allows(self, user, role, action, obj):
        if obj is None:
            return can(user, action, _agreement_model())
        agreement = obj
        for attribute in self.path.split("__"):
            agreement = getattr(agreement, attribute)
        return can(user, action, agreement)


def _agreement_model():
    return apps.get_model("agreements", "Agreement")


@policy("agreements.AgreementVersion")
class _VersionPolicy(_AgreementContentPolicy):
    path = "agreement"


for _label in ("Party", "Responsibility", "Activity", "Section", "CriterionAssessment"):

    @policy(f"agreements.{_label}")
    class _ChildPolicy(_AgreementContentPolicy):
        path = "version__agreement"


@policy("agreements.Signature")
class _SignaturePolicy(_AgreementContentPolicy):
    path = "party__version__agreement"


@policy("agreements.DefaultText")
class _DefaultTextPolicy:
    """The municipality's standard wording: planners read it, administrators keep it."""

    def scope(self, user, role, queryset):
        return in_municipality(user, queryset) if role in (Role.ADMINISTRATOR, Role.PLANNER) else queryset.none()

    def allows(self, user, role, action, obj):
        if obj is not None and not same_municipality(user, obj.municipality_id):
            return False
        if action == VIEW:
            return role in (Role.ADMINISTRATOR, Role.PLANNER)
        return role == Role.ADMINISTRATOR


for _label in ("Contribution", "Distribution", "FinanceTerms"):

    @policy(f"finance.{_label}")
    class _VersionMoneyPolicy(_AgreementContentPolicy):
        path = "version__agreement"


for _label in ("Payment", "Repayment"):

    @policy(f"finance.{_label}")
    class _AgreementMoneyPolicy(_AgreementContentPolicy):
        path = "agreement"


@policy("finance.IndexValue")
class _IndexValuePolicy:
    """The OPI is public reference data: everyone reads it. It is national and shared, and
    drives every municipality's money: the installation's superuser keeps it, and a
    municipality's administrator only while theirs is the installation's one municipality."""

    def scope(self, user, role, queryset):
        return queryset

    def allows(self, user, role, action, obj):
        if action == VIEW or user.is_superuser:
            return True
        municipalities = apps.get_model("partners", "Municipality").objects
        return role == Role.ADMINISTRATOR and not municipalities.exclude(pk=user.municipality_id).exists()


@policy("followup.MonthReport")
class _MonthReportPolicy:
    """Hours are the partner's to report and the committee's planners' to approve. A partner
    sees only their own organisations' months; municipal users see all."""

    organisation_path = "organisation"
    agreement_path = "agreement"

    def _organisation_id(self, obj):
        return obj.organisation_id

    def _agreement(self, obj):
        return obj.agreement

    def scope(self, user, role, queryset):
        if role == Role.PARTNER:
            return queryset.filter(**{f"{self.organisation_path}__in": user.organisations.values("pk")})
        return in_municipality(user, queryset, f"{self.agreement_path}__municipality")

    def allows(self, user, role, action, obj):
        if role != Role.PARTNER and obj is not None:
            if not same_municipality(user, self._agreement(obj).municipality_id):
                return False
        if role == Role.ADMINISTRATOR:
            return True
        if action == VIEW:
            if role == Role.PARTNER and obj is not None:
                return user.organisations.filter(pk=self._organisation_id(obj)).exists()
            return True
        if action in (CREATE, CHANGE):
            if role != Role.PARTNER:
                return False
            return obj is None or user.organisations.filter(pk=self._organisation_id(obj)).exists()
        if action == APPROVE and role == Role.PLANNER:
            return obj is None or can(user, CHANGE, self._agreement(obj))
        return False


@policy("followup.HourEntry")
class _HourEntryPolicy(_MonthReportPolicy):
    organisation_path = "report__organisation"
    agreement_path = "report__agreement"

    def _organisation_id(self, obj):
        return obj.report.organisation_id

    def _agreement(self, obj):
        return obj.report.agreement


# The follow-up of an agreement is read like the agreement and kept by those who may change it;
# the services let partners add their own material, narratives and mark their own actions done.
for _label, _path in (
    ("FollowUpRule", "agreement"),
    ("FollowUpMeeting", "agreement"),
    ("YearlyFollowUp", "agreement"),
    ("ActionItem", "meeting__agreement"),
    ("MeetingMaterial", "meeting__agreement"),
    ("YearlyNarrative", "follow_up__agreement"),
):

    @policy(f"followup.{_label}")
    class _FollowUpPolicy(_AgreementContentPolicy):
        path = _path
