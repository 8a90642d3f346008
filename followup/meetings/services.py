"""Writes to the follow-up of an agreement: its rules, meetings and minutes, action items,
the parties' material and the yearly follow-up. Same habits as every services module:
access checked, validated, who recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.state import state
from followup.meetings import signals
from followup.meetings.models import (
    ActionItem,
    DefaultFollowUpRule,
    FollowUpMeeting,
    FollowUpRule,
    MeetingMaterial,
    YearlyFollowUp,
    YearlyNarrative,
)
from iop.accounts import access
from iop.core.services import locked, require, validated_save


def _within_period(agreement, day, field):
    period = state(agreement).period
    if period is None or not (period[0] <= day <= period[1]):
        raise ValidationError({field: _("The date is outside the agreement's period.")})


@transaction.atomic
def rule_save(*, by, agreement, kind, months, convened_by) -> FollowUpRule:
    require(by, access.CHANGE, agreement)
    rule = FollowUpRule.objects.filter(agreement=agreement, kind=kind).first() or FollowUpRule(
        agreement=agreement, kind=kind
    )
    rule.months, rule.convened_by = months, convened_by
    try:
        numbers = rule.month_numbers
    except ValueError:
        numbers = []
    if not numbers or any(not 1 <= number <= 12 for number in numbers):
        raise ValidationError({"months": _("Months as numbers 1–12, separated by commas.")})
    return validated_save(rule, by=by)


@transaction.atomic
def rule_remove(*, by, rule) -> None:
    require(by, access.CHANGE, rule.agreement)
    rule._history_user = by
    rule.delete()


def _months_check(months, field):
    try:
        numbers = [int(month) for month in months.replace(" ", "").split(",") if month]
    except ValueError:
        numbers = []
    if not numbers or any(not 1 <= number <= 12 for number in numbers):
        raise ValidationError({field: _("Months as numbers 1–12, separated by commas.")})


@transaction.atomic
def default_rules_save(*, by, municipality, rules) -> list[DefaultFollowUpRule]:
    """Keep the follow-up rules each new agreement of the municipality starts with. `rules`:
    {kind: (months, convened_by)}, or None for a kind it has no rule for. A refusal names
    its field as "<kind>_months"."""
    require(by, access.CHANGE, municipality)
    locked(municipality)  # one rule per kind: two saves do not both create it
    for kind, rule in rules.items():
        if rule is not None:
            _months_check(rule[0], f"{kind}_months")
    saved = []
    for kind, rule in rules.items():
        existing = DefaultFollowUpRule.objects.filter(municipality=municipality, kind=kind).first()
        if rule is None:
            if existing:
                existing._history_user = by
                existing.delete()
            continue
        default = existing or DefaultFollowUpRule(municipality=municipality, kind=kind)
        default.months = ",".join(str(int(month)) for month in rule[0].replace(" ", "").split(",") if month)
        default.convened_by = rule[1]
        saved.append(validated_save(default, by=by))
    return saved


def rules_from_defaults(agreement, *, by) -> None:
    """A new agreement starts with its municipality's follow-up rules (a kind it already
    has a rule for keeps its own)."""
    own = set(agreement.follow_up_rules.values_list("kind", flat=True))
    for default in DefaultFollowUpRule.objects.filter(municipality=agreement.municipality_id):
        if default.kind not in own:
            rule = FollowUpRule(
                agreement=agreement, kind=default.kind, months=default.months, convened_by=default.convened_by
            )
            validated_save(rule, by=by)


@transaction.atomic
def meeting_save(*, by, agreement, meeting=None, **fields) -> FollowUpMeeting:
    """Record a meeting (or change its record): it must lie within the agreement's period."""
    require(by, access.CHANGE, agreement)
    meeting = meeting or FollowUpMeeting(agreement=agreement)
    # As stored: a form bound to the meeting has already changed the instance's minutes.
    stored = FollowUpMeeting.objects.filter(pk=meeting.pk).values_list("minutes", flat=True).first() or ""
    for name, value in fields.items():
        setattr(meeting, name, value)
    if meeting.date:
        _within_period(agreement, meeting.date, "date")
    validated_save(meeting, by=by)
    if meeting.minutes.strip() and meeting.minutes != stored:
        signals.minutes_recorded.send(sender=FollowUpMeeting, meeting=meeting, by=by)
    return meeting


@transaction.atomic
def action_item_add(*, by, meeting, text, owner, due_date, owner_organisation=None) -> ActionItem:
    require(by, access.CHANGE, meeting.agreement)
    if (
        owner_organisation is not None
        and not meeting.agreement.versions.filter(parties__organisation=owner_organisation).exists()
    ):
        raise ValidationError({"owner_organisation": _("Choose one of the agreement's partners.")})
    item = ActionItem(meeting=meeting, text=text, owner=owner, due_date=due_date, owner_organisation=owner_organisation)
    return validated_save(item, by=by)


@transaction.atomic
def action_item_done(*, by, item, done_on=None) -> ActionItem:
    """Mark an action as done: by the municipality, or by the partner who owns it."""
    user_owns = (
        by is not None
        and item.owner_organisation_id
        and by.organisations.filter(pk=item.owner_organisation_id).exists()
    )
    if not user_owns:
        require(by, access.CHANGE, item.meeting.agreement)
    item.done_on = done_on or timezone.localdate()
    return validated_save(item, by=by)


@transaction.atomic
def material_add(*, by, meeting, organisation, text) -> MeetingMaterial:
    """A party's own material for a meeting: partners add theirs, planners anyone's."""
    require(by, access.VIEW, meeting.agreement)
    is_partner_of_it = by is not None and by.organisations.filter(pk=organisation.pk).exists()
    if by is not None and not is_partner_of_it:
        require(by, access.CHANGE, meeting.agreement)
    if not meeting.agreement.versions.filter(parties__organisation=organisation).exists():
        raise ValidationError({"organisation": _("Choose one of the agreement's partners.")})
    material = validated_save(
        MeetingMaterial(meeting=meeting, organisation=organisation, text=text, created_by=by), by=by
    )
    signals.material_added.send(sender=MeetingMaterial, material=material, by=by)
    return material


@transaction.atomic
def yearly_follow_up_save(*, by, agreement, year, participants_reached=None, indicators="") -> YearlyFollowUp:
    require(by, access.CHANGE, agreement)
    record = YearlyFollowUp.objects.filter(agreement=agreement, year=year).first() or YearlyFollowUp(
        agreement=agreement, year=year
    )
    record.participants_reached, record.indicators = participants_reached, indicators
    return validated_save(record, by=by)


@transaction.atomic
def narrative_save(*, by, follow_up, party_name, text, organisation=None) -> YearlyNarrative:
    """A party's account of the year: a partner writes its own, planners any party's."""
    is_partner_of_it = (
        by is not None and organisation is not None and by.organisations.filter(pk=organisation.pk).exists()
    )
    if not is_partner_of_it:
        require(by, access.CHANGE, follow_up.agreement)
    narrative = YearlyNarrative.objects.filter(follow_up=follow_up, party_name=party_name).first() or YearlyNarrative(
        follow_up=follow_up, party_name=party_name, organisation=organisation
    )
    narrative.text = text
    return validated_save(narrative, by=by)
