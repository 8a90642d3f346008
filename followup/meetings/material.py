"""The yearly follow-up material of one agreement: what the parties look at together when
they follow up a year. Everything is compiled here from the functions that own the
figures (the money from `finance.figures`, the hours from `followup.hours.progress`, the
meetings from `followup.meetings.planning`); the page, the PDF and the CSV only print it.

Nothing here is stored and nothing is recomputed: a figure that differs from the finance
page or the hours progress page would be a bug in one place, not two.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from agreements.models import Agreement
from agreements.state import state, with_state
from finance import readmodel, series
from followup.hours.progress import Progress, agreement_hours, value_of_hours
from followup.meetings.models import ActionItem, FollowUpMeeting, YearlyFollowUp
from followup.meetings.planning import PlannedMeeting, planned_meetings


def agreements_for_material(queryset=None):
    """Agreements with everything the material reads fetched up front, so compiling it
    costs the same few queries however many payments, meetings and parties there are.
    Load their money with `finance.readmodel.load` (`yearly_material` does)."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    return with_state(queryset, version_related=("finance_terms",)).prefetch_related("follow_up_rules", "meetings")


def period_years(agreement, today=None) -> list[int]:
    """The years the agreement's period touches (after extensions and termination)."""
    period = state(agreement, today).period
    if period is None:
        return []
    start, end = period
    return list(range(start.year, end.year + 1))


@dataclass
class PartyNarrative:
    """One party of the agreement and its account of the year, if written."""

    party_name: str
    organisation: object  # Organisation, or None for the committee
    text: str = ""

    @property
    def is_public(self):
        return self.organisation is None


@dataclass
class Material:
    agreement: Agreement
    year: int
    version: object  # the AgreementVersion in force that year
    end: datetime.date
    money: series.YearMoney | None  # the committee's money of the periods starting in the year
    hours: Progress
    follow_up: YearlyFollowUp | None  # participants reached and indicators, once recorded
    meetings: list[PlannedMeeting] = field(default_factory=list)  # the plan's meetings due in the year
    meetings_held: list[FollowUpMeeting] = field(default_factory=list)  # every meeting held in the year
    open_actions: list[ActionItem] = field(default_factory=list)
    narratives: list[PartyNarrative] = field(default_factory=list)

    @property
    def registry_number(self):
        return self.agreement.registry_number

    @property
    def title(self):
        return self.version.title

    @property
    def objectives(self):
        return self.version.objectives

    @property
    def planned_participants(self):
        return self.version.planned_participants

    @property
    def participants_note(self):
        return self.version.participants_note

    @property
    def participants_reached(self):
        return self.follow_up.participants_reached if self.follow_up else None

    @property
    def indicators(self):
        return self.follow_up.indicators if self.follow_up else ""

    @property
    def planned_count(self):
        return len(self.meetings)

    @property
    def held_count(self):
        """How many of the planned meetings were held."""
        return sum(1 for item in self.meetings if item.held is not None)

    @property
    def commitment_value(self):
        """The value of the hours promised for a year, at the agreed hourly value."""
        return value_of_hours(self.hours.commitment, self.hours.hourly_value)


def _narratives(version, follow_up) -> list[PartyNarrative]:
    written = {narrative.party_name: narrative.text for narrative in (follow_up.narratives.all() if follow_up else [])}
    return [
        PartyNarrative(party.name, party.organisation, written.get(party.name, ""))
        for party in sorted(version.parties.all(), key=lambda party: (party.order, party.pk))
    ]


def yearly_material(agreement, year, today=None, *, user) -> Material:
    """The material of `year` (one of `period_years(agreement)`), with the hours `user`
    follows (`agreement_hours`). Fetch the agreement with `agreements_for_material()` to
    keep the number of queries fixed."""
    today = today or timezone.localdate()
    current = state(agreement, today)
    version = current.shown
    if year not in period_years(agreement, today):
        raise ValueError(f"{year} is outside the agreement's period.")
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    if "payments" not in getattr(agreement, "_prefetched_objects_cache", {}):
        money = readmodel.load([agreement], true_ups=False)[agreement.pk]
    else:
        money = readmodel.of_agreement(agreement, true_ups=False)
    # the year's amounts, split and what was paid; true-ups are the finance page's
    money = series.money_series(money, current, today=today, true_ups=False)
    hours = agreement_hours(user=user, agreement=agreement, year=year, today=today)
    follow_up = YearlyFollowUp.objects.filter(agreement=agreement, year=year).prefetch_related("narratives").first()
    # Actions still open that were agreed on by the end of the year.
    open_actions = list(
        ActionItem.objects.filter(meeting__agreement=agreement, done_on__isnull=True, meeting__date__lte=year_end)
        .select_related("meeting", "owner_organisation")
        .order_by("due_date", "pk")
    )
    return Material(
        agreement=agreement,
        year=year,
        version=version,
        end=current.end,
        money=money.year_money(year),
        hours=hours,
        follow_up=follow_up,
        meetings=[item for item in planned_meetings(agreement, today=today) if item.due.year == year],
        meetings_held=sorted(
            (meeting for meeting in agreement.meetings.all() if year_start <= meeting.date <= year_end),
            key=lambda meeting: (meeting.date, meeting.pk),
        ),
        open_actions=open_actions,
        narratives=_narratives(version, follow_up),
    )
