"""Demo follow-up: the follow-up rules the seed agreements state, and INVENTED meetings
with an action item for the renewal of the Resurspoolen agreement, marked as demo material.
Entered through followup.meetings.services by the system (by=None); loading again changes nothing."""

import datetime

from agreements.models import Agreement
from followup.demo.hours import NOTE, ORGANISATION, REGISTRY_NUMBER
from followup.meetings import services as meetings
from followup.models import Convener, FollowUpMeeting, FollowUpRule, MeetingKind
from partners.demo import MUNICIPALITY

STADSMISSION = "ON 2018-229"
RESURSPOOLEN = "ÄN 2019-878"


def load(*, today):
    """The seeds' follow-up rules, and invented meetings for the renewal (marked as demo)."""
    by_number = {a.registry_number: a for a in Agreement.objects.filter(municipality__name=MUNICIPALITY["name"])}
    rules = {
        # "minst en (1) gång per år ... Social- och omsorgsförvaltningen ansvarar för att bjuda in"
        RESURSPOOLEN: [(MeetingKind.FOLLOW_UP, "12", Convener.ADMINISTRATION)],
        REGISTRY_NUMBER: [(MeetingKind.FOLLOW_UP, "12", Convener.ADMINISTRATION)],
        # quarterly operational meetings convened by the partners; a knowledge platform in
        # April and October; follow-up at least once a year convened by the administration
        STADSMISSION: [
            (MeetingKind.FOLLOW_UP, "12", Convener.ADMINISTRATION),
            (MeetingKind.OPERATIONAL, "3,6,9,12", Convener.PARTNERS),
            (MeetingKind.STRATEGIC, "4,10", Convener.ADMINISTRATION),
        ],
    }
    for number, kinds in rules.items():
        agreement = by_number.get(number)
        if agreement is None or FollowUpRule.objects.filter(agreement=agreement).exists():
            continue
        for kind, months, convener in kinds:
            meetings.rule_save(by=None, agreement=agreement, kind=kind, months=months, convened_by=convener)

    renewal = by_number.get(REGISTRY_NUMBER)
    if renewal is None or FollowUpMeeting.objects.filter(agreement=renewal).exists():
        return
    organisation = renewal.versions.get().parties.filter(organisation__name=ORGANISATION).first().organisation
    for year in (2023, 2024, 2025):
        meeting = meetings.meeting_save(
            by=None,
            agreement=renewal,
            kind=MeetingKind.FOLLOW_UP,
            date=datetime.date(year, 11, 14),
            place="Social- och omsorgsförvaltningen",
            convened_by=Convener.ADMINISTRATION,
            participants="Äldrenämnden (planeringsledare), Resurspoolen (ordförande, verksamhetsledare)",
            agenda="- Året som gått\n- Timmar och volontärer\n- Ekonomi\n- Nästa år",
            minutes=f"{NOTE} Uppföljning {year}: verksamheten når målgruppen; promenadgrupperna växer.",
            decisions="Partnerskapet fortsätter enligt överenskommelsen.",
        )
    meetings.action_item_add(
        by=None,
        meeting=meeting,
        text=f"{NOTE} Ta fram förslag på fler träffpunkter i servicehusen.",
        owner="Resurspoolens verksamhetsledare",
        owner_organisation=organisation,
        due_date=today + datetime.timedelta(days=21),
    )
