# Long module: the life cycle is one chain of steps sharing the draft lock and the version rules.
"""Writes to an agreement: drafting, the life cycle (decision, signatures, extension,
termination, amendment, renewal) and the rules that keep it honest, each checked for
access and validated in one transaction.

`by` is the user acting (None for the system: imports and demo data); who changed
what is recorded in the history of each row.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import parts, signals
from agreements.models import (
    BASIC_FIELDS,
    CRITERIA,
    TEXT_FIELDS,
    Activity,
    Agreement,
    AgreementVersion,
    CriterionAssessment,
    DefaultText,
    Extension,
    Judgement,
    Party,
    Responsibility,
    Section,
    Signature,
    SignedVersionError,
    Status,
    Termination,
)
from agreements.state import notice_end, state
from iop.accounts import access
from iop.accounts.models import User
from iop.core.dates import extend_period
from iop.core.services import locked, require, validated_save
from partners.models import Committee, Municipality

# Fields of a version that the municipality keeps standard wording for.
DEFAULT_TEXT_FIELDS = (
    "value_base",
    "value_base_references",
    "gender_equality",
    "starting_points",
    "follow_up",
    "economy",
    "conditions",
    "changes_clause",
    "signing_place",
)

# What a copy (amendment, renewal, "start from an existing agreement") takes over.
COPIED_FIELDS = BASIC_FIELDS + TEXT_FIELDS

ITEM_MODELS = {"responsibility": Responsibility, "activity": Activity, "section": Section, "party": Party}
Item = Responsibility | Activity | Section | Party


class ConflictError(ValidationError):
    """Someone else saved the draft after this user opened it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else has saved changes to this draft since you opened it. Nothing of yours was saved: "
                "open the page again to see their changes, then make yours."
            ),
            code="conflict",
        )


def _today(today=None):
    return today or timezone.localdate()


def claim_draft(version: AgreementVersion, lock_version: int) -> None:
    """Optimistic locking: go on only if the version is still a draft and nobody saved it
    since `lock_version`. The row stays locked for the rest of the transaction."""
    locked(version)
    if version.status == Status.SIGNED:
        raise SignedVersionError()
    if version.status != Status.DRAFT:
        raise ValidationError(
            _(
                "Only a draft can be edited, and this agreement is no longer a draft (someone may have sent it "
                "on while you were editing). Nothing was saved."
            ),
            code="not_draft",
        )
    if version.lock_version != lock_version:
        raise ConflictError()
    version.lock_version = lock_version + 1
    # Counted without a history row of its own: the change it guards is recorded.
    AgreementVersion._base_manager.filter(pk=version.pk).update(
        lock_version=version.lock_version, updated_at=timezone.now()
    )


# --- Creating and drafting -------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    by: User | None,
    committee: Committee,
    title: str,
    start: str = "blank",
    copy_from: Agreement | None = None,
    registry_number: str = "",
) -> Agreement:
    """A new agreement with a first draft: blank, from the default texts, or a copy of another."""
    require(by, access.CREATE, Agreement)
    if by is not None and not access.same_municipality(by, committee.municipality_id):
        raise ValidationError({"committee": _("Choose a committee of your own municipality.")})
    if by is not None and not by.is_administrator and not by.committees.filter(pk=committee.pk).exists():
        raise PermissionDenied
    if copy_from is not None and copy_from.municipality_id != committee.municipality_id:
        raise ValidationError({"copy_from": _("Choose an agreement of the committee's municipality.")})
    agreement = validated_save(Agreement(municipality=committee.municipality, registry_number=registry_number), by=by)
    version = AgreementVersion(agreement=agreement, number=1, title=title, committee=committee)
    if copy_from is not None:
        source = state(copy_from).shown
        _copy_fields(source, version)
        version.title, version.committee = title, committee
    elif start == "defaults":
        defaults = DefaultText.objects.filter(municipality=committee.municipality, field__in=DEFAULT_TEXT_FIELDS)
        for default in defaults:
            setattr(version, default.field, default.text)
    validated_save(version, by=by)
    validated_save(Party(version=version, committee=committee, order=0), by=by)
    if copy_from is not None:
        _copy_content(source, version, by=by)
    _start_parts(version, by=by)
    return agreement


def _start_parts(version, *, by):
    """The first draft of a new agreement gets its municipality's defaults (payment terms,
    follow-up rules) where its content, or a copied one's, has none."""
    for part in parts.registered():
        part.start(version, by=by)


def _copy_fields(source, target):
    for name in COPIED_FIELDS:
        setattr(target, name, getattr(source, name))


def _copy_content(source, target, *, by, criteria=True):
    """Parties, responsibilities, activities, chapters and (unless `criteria` is false)
    criteria of `source` into `target`."""
    party_map = {}
    for party in source.parties.all():
        if party.committee_id:
            party_map[party.pk] = _copy_public_party(party, target, by=by)
            continue
        if target.parties.filter(organisation=party.organisation_id).exists():
            party_map[party.pk] = target.parties.get(organisation=party.organisation_id)
            continue
        party_map[party.pk] = validated_save(
            Party(
                version=target,
                organisation=party.organisation,
                description=party.description,
                contact=party.contact,
                signatory=party.signatory,
                order=party.order,
            ),
            by=by,
        )
    for item in source.responsibilities.all():
        validated_save(
            Responsibility(
                version=target,
                party=party_map.get(item.party_id),
                text=item.text,
                order=item.order,
            ),
            by=by,
        )
    for item in source.activities.all():
        validated_save(Activity(version=target, name=item.name, description=item.description, order=item.order), by=by)
    for item in source.sections.all():
        validated_save(Section(version=target, heading=item.heading, body=item.body, order=item.order), by=by)
    for part in parts.registered():  # so a copy of a version is whole
        part.copy(source, target, party_map, by=by)
    if not criteria:
        return
    judged = set(target.assessments.values_list("criterion", flat=True))
    for item in source.assessments.exclude(criterion__in=judged):
        validated_save(
            CriterionAssessment(
                version=target, criterion=item.criterion, judgement=item.judgement, motivation=item.motivation
            ),
            by=by,
        )


def _copy_public_party(party, target, *, by):
    """The committee's party of `target`, given the description, contact and signatory of
    `party` as the partners' parties get theirs, where it is the same committee and has
    none of its own yet."""
    public = target.parties.get(committee__isnull=False)
    if public.committee_id != party.committee_id or public.signatory_id or public.contact_id:
        return public
    public.description = public.description or party.description
    public.contact, public.signatory = party.contact, party.signatory
    return validated_save(public, by=by)


@transaction.atomic
def version_update(
    *, by: User | None, version: AgreementVersion, lock_version: int, registry_number: str | None = None, **fields: Any
) -> AgreementVersion:
    """Change fields of a draft (one section of the agreement at a time)."""
    require(by, access.CHANGE, version)
    if "committee" in fields and by is not None and not by.is_administrator:
        if not by.committees.filter(pk=fields["committee"].pk).exists():
            raise ValidationError({"committee": _("You can only choose one of your own committees.")})
    claim_draft(version, lock_version)
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean()
    if registry_number is not None:
        _registry_number_set(version.agreement, registry_number, by=by)
    validated_save(version, by=by, fields=[*fields, "lock_version"])
    if "committee" in fields:
        committee_party = version.parties.get(committee__isnull=False)
        committee_party.committee = version.committee
        validated_save(committee_party, by=by)
    return version


def _registry_number_set(agreement, registry_number, *, by):
    registry_number = registry_number.strip()
    if registry_number == agreement.registry_number:
        return
    if agreement.versions.filter(status=Status.SIGNED).exists():
        # The archived PDF and the scanned original bear the number it was signed with.
        raise ValidationError(
            {"registry_number": _("The registry number cannot change once a version has been signed.")},
            code="registry_number_signed",
        )
    agreement.registry_number = registry_number
    try:
        with transaction.atomic():
            validated_save(agreement, by=by, fields=["registry_number"])
    except ValidationError as error:
        raise ValidationError({"registry_number": error.messages}) from None
    except IntegrityError:
        # Another agreement took the number at the same moment.
        raise ValidationError(
            {"registry_number": _("The municipality already has an agreement with this registry number.")}
        ) from None


@transaction.atomic
def item_add(*, by: User | None, version: AgreementVersion, lock_version: int, kind: str, **fields: Any) -> Item:
    """Add a party, responsibility, activity or chapter at the end of its list."""
    model = ITEM_MODELS[kind]
    require(by, access.CHANGE, version)
    if kind == "party" and fields.get("organisation") is None:
        raise ValidationError({"organisation": _("Choose the organisation that is to be a party.")})
    if fields.get("party") is not None and fields["party"].version_id != version.pk:
        raise ValidationError({"party": _("Choose one of this agreement's parties.")})
    claim_draft(version, lock_version)
    last = model.objects.filter(version=version).aggregate(last=Max("order"))["last"]
    return validated_save(model(version=version, order=(last or 0) + 1, **fields), by=by)


@transaction.atomic
def item_update(*, by: User | None, item: Item, lock_version: int, **fields: Any) -> Item:
    version = item.version
    require(by, access.CHANGE, version)
    if fields.get("party") is not None and fields["party"].version_id != version.pk:
        raise ValidationError({"party": _("Choose one of this agreement's parties.")})
    claim_draft(version, lock_version)
    for name, value in fields.items():
        setattr(item, name, value)
    return validated_save(item, by=by)


@transaction.atomic
def item_remove(*, by: User | None, item: Item, lock_version: int) -> None:
    version = item.version
    require(by, access.CHANGE, version)
    if isinstance(item, Party) and item.committee_id:
        raise ValidationError(_("The committee is always a party of its agreement."), code="committee_party")
    claim_draft(version, lock_version)
    item._history_user = by
    item.delete()


@transaction.atomic
def item_move(*, by: User | None, item: Item, lock_version: int, direction: int) -> None:
    """Swap the item with its neighbour above (-1) or below (+1)."""
    version = item.version
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    siblings = list(type(item).objects.filter(version=version))
    index = siblings.index(item)
    other_index = index + direction
    if not 0 <= other_index < len(siblings):
        return
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            sibling.order = position
            validated_save(sibling, by=by)


@transaction.atomic
def assessments_save(
    *,
    by: User | None,
    version: AgreementVersion,
    lock_version: int,
    answers: dict[str, tuple[str, str]],
    legal_review: str,
) -> None:
    """The eligibility checklist: {criterion: (judgement, motivation)} and the legal review."""
    require(by, access.CHANGE, version)
    claim_draft(version, lock_version)
    for criterion in CRITERIA:
        judgement, motivation = answers.get(criterion, ("", ""))
        assessment = CriterionAssessment.objects.filter(version=version, criterion=criterion).first()
        assessment = assessment or CriterionAssessment(version=version, criterion=criterion)
        assessment.judgement, assessment.motivation = judgement, motivation
        validated_save(assessment, by=by)
    version.legal_review = legal_review
    validated_save(version, by=by, fields=["legal_review", "lock_version"])


@transaction.atomic
def default_text_save(*, by: User | None, municipality: Municipality, field: str, text: str) -> DefaultText:
    """Sets one of the municipality's standard texts."""
    if field not in DEFAULT_TEXT_FIELDS:
        raise ValidationError({"field": _("There is no default text for this field.")})
    default = DefaultText.objects.select_for_update().filter(municipality=municipality, field=field).first()
    default = default or DefaultText(municipality=municipality, field=field)
    require(by, access.CHANGE, default)
    default.text = text
    return validated_save(default, by=by)


# --- The life cycle ----------------------------------------------------------------------


def readiness_problems(version: AgreementVersion) -> list[str]:
    """What stops a draft from going to decision; empty when nothing does."""
    problems = []
    if not version.agreement.registry_number:
        problems.append(_("The agreement has no registry number (Dnr)."))
    if not version.start_date or not version.end_date:
        problems.append(_("The period (start and end date) is not filled in."))
    partners = [party.organisation for party in version.parties.all() if party.organisation_id]
    if not partners:
        problems.append(_("The agreement has no partner organisation."))
    # Named here, before the decision, rather than first when the organisation signs.
    problems.extend(
        _("%(organisation)s has no organisation number in the register.") % {"organisation": organisation}
        for organisation in partners
        if not organisation.org_number
    )
    answered = {a.criterion for a in version.assessments.all() if a.judgement}
    missing = [str(number) for number in CRITERIA if number not in answered]
    if missing:
        problems.append(_("Criteria not yet judged: %(numbers)s.") % {"numbers": ", ".join(missing)})
    for part in parts.registered():
        problems.extend(part.problems(version))
    return problems


def criteria_not_met(version: AgreementVersion) -> list[CriterionAssessment]:
    """The criteria judged "not met": the committee may still enter the agreement, but the one
    who sends it to decision confirms having seen them."""
    return [item for item in version.assessments.order_by("criterion") if item.judgement == Judgement.NOT_MET]


def _move(version, status, *, by, fields=()):
    """Change the status of a locked version, and the columns the step decides, nothing else.
    The lock number counts the step, so a form opened before it is refused."""
    version.status = status
    version.lock_version += 1
    return validated_save(version, by=by, fields=["status", "lock_version", *fields])


@transaction.atomic
def version_submit(*, by: User | None, version: AgreementVersion, not_met_confirmed: bool = False) -> AgreementVersion:
    """Draft → ready for decision, once it is complete. A criterion judged "not met" goes on
    only when the sender confirms it (`not_met_confirmed`)."""
    require(by, access.CHANGE, version)
    locked(version)
    _expect_status(version, Status.DRAFT)
    problems = readiness_problems(version)
    if problems:
        raise ValidationError(problems, code="not_ready")
    if criteria_not_met(version) and not not_met_confirmed:
        raise ValidationError(
            _("A criterion is judged “not met”: confirm that the agreement goes to decision all the same."),
            code="not_met_unconfirmed",
        )
    return _move(version, Status.READY, by=by)


@transaction.atomic
def version_return(*, by: User | None, version: AgreementVersion) -> AgreementVersion:
    """Ready for decision → back to draft, to be changed."""
    require(by, access.CHANGE, version)
    locked(version)
    _expect_status(version, Status.READY)
    return _move(version, Status.DRAFT, by=by)


@transaction.atomic
def version_decide(
    *,
    by: User | None,
    version: AgreementVersion,
    decision_body: str,
    decision_date: datetime.date,
    decision_reference: str = "",
    today: datetime.date | None = None,
) -> AgreementVersion:
    """Record the committee's decision: ready → decided."""
    require(by, access.CHANGE, version)
    locked(version)
    _expect_status(version, Status.READY)
    if decision_date > _today(today):
        raise ValidationError({"decision_date": _("The decision date cannot be in the future.")})
    version.decision_body = decision_body
    version.decision_date = decision_date
    version.decision_reference = decision_reference
    _move(version, Status.DECIDED, by=by, fields=["decision_body", "decision_date", "decision_reference"])
    signals.version_decided.send(sender=AgreementVersion, version=version, by=by)
    return version


@transaction.atomic
def version_sign(
    *,
    by: User | None,
    party: Party,
    signatory_name: str,
    signatory_title: str,
    place: str,
    date: datetime.date,
    today: datetime.date | None = None,
) -> Signature:
    """Record one party's signature; the version is signed when every party has signed.

    The version's row is locked first, so signatures of one version are recorded one after
    the other: the last one always sees all the others and completes the version, and the
    same signature recorded twice at once is refused the second time."""
    version = party.version
    require(by, access.CHANGE, version)
    locked(version)
    _expect_status(version, Status.DECIDED)
    if Signature.objects.filter(party=party).exists():
        raise ValidationError(_("%(party)s has already signed.") % {"party": party}, code="signed_twice")
    if date > _today(today):
        raise ValidationError({"date": _("The date of signing cannot be in the future.")})
    if version.decision_date and date < version.decision_date:
        raise ValidationError({"date": _("The agreement is signed after the decision, not before it.")})
    if party.organisation_id and not party.organisation.org_number:
        raise ValidationError(
            _("%(organisation)s has no organisation number in the register. Add it before the organisation signs.")
            % {"organisation": party.organisation},
            code="org_number_missing",
        )
    signature = validated_save(
        Signature(party=party, signatory_name=signatory_name, signatory_title=signatory_title, place=place, date=date),
        by=by,
    )
    parties = list(version.parties.select_related("organisation"))
    signed = Signature.objects.filter(party__version=version)
    if signed.count() == len(parties):
        missing_numbers = [str(p.organisation) for p in parties if p.organisation_id and not p.organisation.org_number]
        if missing_numbers:
            raise ValidationError(
                _("Organisation numbers are missing for: %(names)s.") % {"names": ", ".join(missing_numbers)}
            )
        version.signed_on = max(s.date for s in signed)
        _move(version, Status.SIGNED, by=by, fields=["signed_on"])
        if settings.FREEZE_SIGNED_PDF:
            # The signed text is archived as PDF/A now, once; downloads return these bytes.
            from agreements import document

            document.freeze(version)
        signals.version_signed.send(sender=AgreementVersion, version=version, by=by)
    return signature


def _expect_status(version, expected):
    if version.status != expected:
        raise ValidationError(
            _("This cannot be done while the agreement is “%(status)s”.") % {"status": version.get_status_display()},
            code="wrong_status",
        )


def locked_agreement(agreement: Agreement) -> Agreement:
    """The agreement's row, locked until the transaction ends and read as stored: what
    happens to a signed agreement (extension, notice, amendment, renewal, a payment or a
    true-up) is decided one at a time, each seeing the one before."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _current_in_force(agreement, today):
    current_state = state(agreement, today)
    if current_state.in_force is None:
        raise ValidationError(_("The agreement has not been signed yet."), code="not_signed")
    if current_state.ended:
        raise ValidationError(_("The agreement has ended."), code="ended")
    return current_state


@transaction.atomic
def agreement_extend(
    *,
    by: User | None,
    agreement: Agreement,
    decision_body: str,
    decision_date: datetime.date,
    decision_reference: str = "",
    today: datetime.date | None = None,
) -> Extension:
    """Use the extension option: record the decision and move the end date."""
    require(by, access.CHANGE, agreement)
    agreement = locked_agreement(agreement)
    today = _today(today)
    current_state = _current_in_force(agreement, today)
    current = current_state.in_force
    if hasattr(agreement, "termination"):
        raise ValidationError(_("The agreement has been terminated and cannot be extended."), code="terminated")
    if not current.extension_months or current_state.extensions_left == 0:
        raise ValidationError(_("The agreement has no extension option left."), code="no_option")
    if decision_date > today:
        raise ValidationError({"decision_date": _("The decision date cannot be in the future.")})
    if decision_date > current_state.end:
        raise ValidationError({"decision_date": _("The decision must be taken before the agreement ends.")})
    extension = Extension(
        agreement=agreement,
        decision_body=decision_body,
        decision_date=decision_date,
        decision_reference=decision_reference,
        previous_end=current_state.end,
        new_end=extend_period(current_state.end, current.extension_months),
    )
    return validated_save(extension, by=by)


def termination_preview(
    *,
    by: User | None,
    agreement: Agreement,
    party: Party,
    notice_date: datetime.date,
    reason: str = "",
    end_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Termination:
    """The termination `agreement_terminate` would record, checked but not saved: what the
    confirmation page shows (the end date the notice period gives)."""
    require(by, access.CHANGE, agreement)
    return _termination(agreement, party, notice_date, reason, end_date, _today(today))


def _termination(agreement, party, notice_date, reason, end_date, today):
    current_state = _current_in_force(agreement, today)
    current = current_state.in_force
    if hasattr(agreement, "termination"):
        raise ValidationError(_("Notice has already been given."), code="terminated_twice")
    if party.version_id != current.pk:
        raise ValidationError({"party": _("Choose one of the parties of the agreement in force.")})
    if current.notice_months is None and end_date is None:
        raise ValidationError(
            {"end_date": _("The agreement states no notice period: give the day it ends.")}, code="no_notice_period"
        )
    if notice_date > today:
        raise ValidationError({"notice_date": _("The date of the notice cannot be in the future.")})
    if current.signed_on and notice_date < current.signed_on:
        raise ValidationError({"notice_date": _("Notice cannot be given before the agreement was signed.")})
    if current.notice_months is not None:
        end_date = notice_end(notice_date, current.notice_months)
    elif end_date < notice_date:
        raise ValidationError({"end_date": _("The agreement cannot end before notice is given.")})
    end_date = min(end_date, current_state.end)
    termination = Termination(
        agreement=agreement, party_name=party.name, notice_date=notice_date, end_date=end_date, reason=reason
    )
    termination.full_clean()
    return termination


@transaction.atomic
def agreement_terminate(
    *,
    by: User | None,
    agreement: Agreement,
    party: Party,
    notice_date: datetime.date,
    reason: str = "",
    end_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Termination:
    """A party gives written notice; the end date follows from the notice period, or is
    given when the agreement states none."""
    require(by, access.CHANGE, agreement)
    agreement = locked_agreement(agreement)
    termination = _termination(agreement, party, notice_date, reason, end_date, _today(today))
    return validated_save(termination, by=by)


@transaction.atomic
def agreement_amend(*, by: User | None, agreement: Agreement, today: datetime.date | None = None) -> AgreementVersion:
    """Start an amendment: a new draft version with the signed text, to be decided and signed anew."""
    require(by, access.CHANGE, agreement)
    agreement = locked_agreement(agreement)
    current_state = _current_in_force(agreement, _today(today))
    if current_state.draft is not None:
        raise ValidationError(_("An amendment is already being prepared."), code="amendment_open")
    current = current_state.in_force
    version = AgreementVersion(agreement=agreement, number=current.number + 1)
    _copy_fields(current, version)
    validated_save(version, by=by)
    validated_save(Party(version=version, committee=current.committee, order=0), by=by)
    _copy_content(current, version, by=by)
    return version


@transaction.atomic
def agreement_renew(
    *, by: User | None, agreements: list[Agreement], registry_number: str = "", today: datetime.date | None = None
) -> Agreement:
    """A new agreement pre-filled from the old one(s), which it will replace once in force."""
    if not agreements:
        raise ValidationError(_("Choose the agreement to renew."))
    for old in agreements:
        require(by, access.CHANGE, old)
    if len({old.municipality_id for old in agreements}) > 1:
        raise ValidationError(
            {"also_replaces": _("A renewal replaces only agreements of its own municipality.")}, code="municipality"
        )
    # Locked in one order, so that two renewals of overlapping sets cannot wait for each other.
    rows = {old.pk: locked_agreement(old) for old in sorted(agreements, key=lambda old: old.pk)}
    agreements = [rows[old.pk] for old in agreements]
    sources = []
    for old in agreements:
        old_state = state(old, _today(today))
        if old_state.in_force is None:
            raise ValidationError(_("Only signed agreements can be renewed."), code="not_signed")
        if old.successors.exists():
            raise ValidationError(
                _("%(agreement)s has already been renewed.") % {"agreement": old}, code="renewed_twice"
            )
        sources.append((old, old_state.in_force, old_state.end))
    first = sources[0][1]
    agreement = validated_save(
        Agreement(municipality=sources[0][0].municipality, registry_number=registry_number), by=by
    )
    agreement.predecessors.set([old for old, _current, _end in sources])
    version = AgreementVersion(agreement=agreement, number=1)
    _copy_fields(first, version)
    ends = [end for _old, _current, end in sources if end]
    version.start_date = max(ends) + datetime.timedelta(days=1) if ends else None
    version.end_date = None
    version.decision_deadline = None
    validated_save(version, by=by)
    validated_save(Party(version=version, committee=first.committee, order=0), by=by)
    for _old, current, _end in sources:
        # A renewal is a new agreement: its criteria are judged afresh, not carried over.
        _copy_content(current, version, by=by, criteria=False)
    _start_parts(version, by=by)
    return agreement


# --- The public register ---------------------------------------------------------------------


@transaction.atomic
def publication_set(*, by: User | None, agreement: Agreement, listed: bool, pdf_public: bool) -> Agreement:
    """Record the committee's decision on the public register: whether the agreement is
    listed on the municipality's public page, and whether its signed PDF is published with
    it. The public page shows only signed agreements, so both may be decided before signing."""
    require(by, access.CHANGE, agreement)
    agreement = locked_agreement(agreement)
    if pdf_public and not listed:
        raise ValidationError(
            {"pdf_public": _("The signed agreement can only be published with an agreement that is listed.")},
            code="pdf_not_listed",
        )
    if (agreement.in_public_register, agreement.signed_pdf_public) == (listed, pdf_public):
        return agreement  # nothing decided anew: no history row that changes nothing
    agreement.in_public_register, agreement.signed_pdf_public = listed, pdf_public
    return validated_save(agreement, by=by, fields=["in_public_register", "signed_pdf_public"])
