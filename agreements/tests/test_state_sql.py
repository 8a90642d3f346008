"""The phase rules in SQL (`annotate_state` and its filters, which the agreement list uses)
give what `state()` gives in Python: for agreements in every phase, on many days.

If this fails, one of the two was changed without the other.
"""

import datetime

import pytest

from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementVersion
from agreements.state import (
    Phase,
    annotate_state,
    ends_within_filter,
    in_force_on_filter,
    phase_filter,
    state,
    with_state,
)
from agreements.tests.factories import answer_all_criteria, make_agreement
from partners.tests.factories import MunicipalityFactory, OrganisationFactory

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def sign_version(version, *, decided, signed):
    answer_all_criteria(version)
    services.version_submit(by=None, version=version)
    services.version_decide(by=None, version=version, decision_body="ÄN", decision_date=decided, today=signed)
    for party in version.parties.all():
        services.version_sign(
            by=None, party=party, signatory_name="N", signatory_title="", place="L", date=signed, today=signed
        )


def partner_party(agreement):
    return agreement.versions.order_by("-number").first().parties.get(organisation__isnull=False)


def agreements_in_every_situation(committee):
    """{name: agreement}: every phase, and the events that move the end or the phase."""
    number = iter(range(1, 100))

    def agreement(**options):
        options.setdefault("state", "signed")
        return make_agreement(
            committee=committee, registry_number=f"SQL {next(number)}", partners=[OrganisationFactory()], **options
        )

    made = {
        "draft": agreement(state="draft"),
        "ready": agreement(state="ready"),
        "decided": agreement(state="decided"),
        # 2020-01-01 – 2022-12-31, one extension of 36 months, six months' notice
        "signed": agreement(),
        "without end date": agreement(state="draft", end=None),
        "without notice or extension": agreement(notice_months=None, extension_months=None, extension_count=0),
    }
    made["no version"] = Agreement.objects.create(municipality=MunicipalityFactory(), registry_number="SQL 0")
    # as an import may leave it: two versions, none signed; the latest one's status counts
    imported = made["two unsigned versions"] = agreement(state="ready")
    AgreementVersion.objects.create(agreement=imported, number=2, title="Ny", committee=committee, status="draft")

    extended = made["extended"] = agreement()
    services.agreement_extend(
        by=None, agreement=extended, decision_body="ÄN", decision_date=D(2022, 5, 19), today=D(2022, 6, 1)
    )
    # two extensions of a year: the later end counts
    twice = made["extended twice"] = agreement(extension_months=12, extension_count=2)
    for decided in (D(2022, 5, 19), D(2023, 5, 19)):
        services.agreement_extend(
            by=None, agreement=twice, decision_body="ÄN", decision_date=decided, today=decided + ONE_DAY
        )

    terminated = made["terminated"] = agreement()
    services.agreement_terminate(
        by=None, agreement=terminated, party=partner_party(terminated), notice_date=D(2021, 8, 31), today=D(2021, 9, 1)
    )
    # notice given on the last day that still ends it on its own end date: no earlier end
    at_end = made["terminated at its end"] = agreement()
    services.agreement_terminate(
        by=None, agreement=at_end, party=partner_party(at_end), notice_date=D(2022, 11, 1), today=D(2022, 11, 2)
    )
    extended_then_terminated = made["extended, then terminated"] = agreement()
    services.agreement_extend(
        by=None,
        agreement=extended_then_terminated,
        decision_body="ÄN",
        decision_date=D(2022, 5, 19),
        today=D(2022, 6, 1),
    )
    services.agreement_terminate(
        by=None,
        agreement=extended_then_terminated,
        party=partner_party(extended_then_terminated),
        notice_date=D(2023, 3, 15),
        today=D(2023, 3, 16),
    )

    # an amendment being drafted: the signed version stays the one in force
    amending = made["amendment open"] = agreement()
    services.agreement_amend(by=None, agreement=amending, today=D(2021, 6, 1))
    # an amendment signed: the latest signed version (with its own dates) is the one in force
    amended = made["amended"] = agreement()
    second = services.agreement_amend(by=None, agreement=amended, today=D(2021, 6, 1))
    services.version_update(
        by=None, version=second, lock_version=second.lock_version, start_date=D(2020, 1, 1), end_date=D(2023, 6, 30)
    )
    sign_version(second, decided=D(2021, 6, 10), signed=D(2021, 6, 20))

    # renewed: the old one is replaced when the signed renewal starts (2023-01-01); a renewal
    # still in draft replaces nothing
    old = made["renewed"] = agreement()
    renewal = made["renewal"] = services.agreement_renew(by=None, agreements=[old], registry_number="SQL 90")
    version = renewal.versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, end_date=D(2025, 12, 31))
    sign_version(version, decided=D(2022, 11, 1), signed=D(2022, 12, 1))
    # a renewal that starts before the old one's end: replaced while its end is still ahead
    early = made["renewed early"] = agreement()
    early_renewal = services.agreement_renew(by=None, agreements=[early], registry_number="SQL 92")
    version = early_renewal.versions.get()
    services.version_update(
        by=None, version=version, lock_version=version.lock_version, start_date=D(2022, 7, 1), end_date=D(2025, 6, 30)
    )
    sign_version(version, decided=D(2022, 5, 1), signed=D(2022, 6, 1))
    made["renewal in draft"] = services.agreement_renew(
        by=None, agreements=[agreement()], registry_number="SQL 91", today=D(2022, 6, 1)
    )
    return made


def days_to_check(made):
    """Every date the rules turn on, the day before and after it, and a day a quarter."""
    dates = set()
    for agreement in with_state(Agreement.objects.filter(pk__in=[a.pk for a in made.values()])):
        current = state(agreement, D(2021, 1, 1))
        for version in agreement.versions.all():
            dates |= {version.start_date, version.end_date}
        dates |= {extension.new_end for extension in agreement.extensions.all()}
        dates.add(current.end)
        if hasattr(agreement, "termination"):
            dates.add(agreement.termination.end_date)
    dates.discard(None)
    days = {day + delta for day in dates for delta in (-ONE_DAY, datetime.timedelta(0), ONE_DAY)}
    days |= {D(year, month, 15) for year in range(2019, 2028) for month in (1, 4, 7, 10)}
    return sorted(days)


@pytest.fixture
def made(db, committee_x):
    return agreements_in_every_situation(committee_x)


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_the_sql_rules_give_what_state_gives_for_every_phase_on_every_day(made):
    agreements = list(with_state(Agreement.objects.filter(pk__in=[a.pk for a in made.values()])))
    everything = Agreement.objects.filter(pk__in=[a.pk for a in made.values()])
    names = {agreement.pk: name for name, agreement in made.items()}
    phases_seen = set()
    for today in days_to_check(made):
        states = {agreement.pk: state(agreement, today) for agreement in agreements}
        annotated = annotate_state(everything, today)
        rows = {row["pk"]: row for row in annotated.values("pk", "state_phase", "state_end", "state_start")}
        for pk, python in states.items():
            where = f"{names[pk]} on {today}"
            assert rows[pk]["state_phase"] == python.phase, where
            if python.in_force is not None:
                assert rows[pk]["state_end"] == python.end, where
                assert rows[pk]["state_start"] == python.in_force.start_date, where
        for phase in Phase.LABELS:
            expected = {pk for pk, python in states.items() if python.phase == phase}
            assert ids(annotated.filter(phase_filter(phase))) == expected, f"{phase} on {today}"
        expected = {pk for pk, python in states.items() if python.in_force_on(today)}
        assert ids(annotated.filter(in_force_on_filter(today))) == expected, f"in force on {today}"
        for months in (1, 6, 12, 36):
            expected = {pk for pk, python in states.items() if python.ends_within(months, today)}
            found = ids(annotated.filter(ends_within_filter(months, today)))
            assert found == expected, f"ending within {months} months of {today}"
        phases_seen |= {python.phase for python in states.values()}
    # the set is varied enough: every phase occurs on some day
    assert phases_seen == set(Phase.LABELS)


def test_the_list_filters_agree_with_state_through_the_page(client_as, viewer, made):
    """The page's filters give the agreements `state()` puts in the phase, today."""
    client = client_as(viewer)
    listing = reverse("agreements:agreement-list")
    today = datetime.date.today()
    agreements = list(with_state(Agreement.objects.all()))

    def listed(**params):
        return {agreement.pk for agreement, _state in client.get(listing, params).context["page"]}

    # the page's rows (read without the versions' texts) have the states with_state() gives
    rows = client.get(listing).context["page"]
    assert {agreement.pk: (row.phase, row.end, row.extensions_left, row.draft) for agreement, row in rows} == {
        agreement.pk: (row.phase, row.end, row.extensions_left, row.draft)
        for agreement, row in ((agreement, state(agreement, today)) for agreement in agreements)
    }
    for phase in Phase.LABELS:
        assert listed(status=phase) == {a.pk for a in agreements if state(a, today).phase == phase}, phase
    day = D(2021, 6, 1)
    assert listed(in_force_on=day.isoformat()) == {a.pk for a in agreements if state(a, today).in_force_on(day)}
    assert listed(in_force_on=day.isoformat()), "the day has agreements in force"
