# Long module: one generator of a municipality-sized data set, table by table.
"""Benchmark data at municipal scale, in a PostgreSQL database of its own.

    .venv/bin/python bench/generate.py [--database-url URL] [--seed N] [--hour-rows N]

Drops and recreates the database (default postgres://postgres@127.0.0.1:5432/iop_bench),
migrates it (which also seeds the OPI index values) and fills it with one municipality's
worth of IOP work: 8 committees, 300 organisations, 1 000 agreements (most signed and in
force for five years, some ended, some not yet in force, some still being drafted) with
parties, signatures, texts, activities, contributions, finance terms, distributions and
five years of payments; 1 000 000 hour entries in month reports spread over the
organisations, agreements and months; 5 000 follow-up meetings filling the slots the
follow-up rules plan; and the users the load test logs in as (see PERSONAS below).

Written with bulk_create in batches of 5 000, and the hour entries with PostgreSQL's COPY.
Bulk inserts bypass the models' save() guards (a signed version refuses changes), the
services' validation and django-simple-history: that is fine for benchmark data, which is
built consistent here instead, and leaves the history tables empty. Running it again
starts from an empty database. Takes about a minute on the 2-core benchmark machine.
"""

import argparse
import csv
import datetime
import io
import os
import random
import sys
import tempfile
import time
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from iop.core.dates import month_end  # noqa: E402  (pure date arithmetic: no Django needed)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/iop_bench"
BATCH = 5000
PASSWORD = "bench"  # noqa: S105  (of every benchmark user; the database is a throwaway)
PERSONAS = {"planner": "bench-planner", "partner": "bench-partner", "administrator": "bench-admin"}
D = datetime.date

# (name, abbreviation, share of the agreements): a large social committee down to a small one.
COMMITTEES = [
    ("Socialnämnden", "SN", 0.22),
    ("Äldrenämnden", "ÄN", 0.18),
    ("Omsorgsnämnden", "ON", 0.15),
    ("Arbetsmarknadsnämnden", "AMN", 0.12),
    ("Barn- och ungdomsnämnden", "BUN", 0.11),
    ("Kultur- och fritidsnämnden", "KFN", 0.10),
    ("Bildningsnämnden", "BIN", 0.07),
    ("Samhällsbyggnadsnämnden", "SBN", 0.05),
]
ADMINISTRATIONS = [
    ("Socialförvaltningen", ["SN", "ON", "ÄN"]),
    ("Utbildningsförvaltningen", ["BUN", "BIN"]),
    ("Kultur- och fritidsförvaltningen", ["KFN"]),
    ("Arbetsmarknadsförvaltningen", ["AMN"]),
    ("Samhällsbyggnadsförvaltningen", ["SBN"]),
]
ORG_KINDS = [
    "föreningen",
    "stadsmission",
    "idrottsförening",
    "kvinnojour",
    "studieförbund",
    "församling",
    "ungdomsförbund",
    "pensionärsförening",
    "hjälporganisation",
    "kooperativ",
]
ORG_WORDS = [
    "Ryd",
    "Ekholmen",
    "Lambohov",
    "Skäggetorp",
    "Berga",
    "Johannelund",
    "Tannefors",
    "Vasastaden",
    "Gottfridsberg",
    "Hjulsbro",
    "Malmslätt",
    "Ljungsbro",
    "Linghem",
    "Sturefors",
    "Vikingstad",
    "Ullstämma",
    "Innerstaden",
    "Majelden",
    "Hejdeby",
    "Vidingsjö",
    "Mjärdevi",
    "Valla",
    "Kärna",
    "Slaka",
    "Bankekind",
    "Gistad",
    "Askeby",
    "Örtomta",
    "Rystad",
    "Östra Harg",
]
THEMES = [
    ("Träffpunkt för äldre", ["Träffpunktsverksamhet", "Promenadgrupper", "Snickeriverksamhet"]),
    ("Läxhjälp och fritid", ["Läxhjälp", "Öppen fritidsverksamhet", "Föräldraträffar"]),
    ("Stöd till våldsutsatta", ["Stödsamtal", "Skyddat boende", "Jourtelefon"]),
    ("Vägar till arbete", ["Praktikplatser", "Språkcafé", "Jobbcoachning"]),
    ("Mat och gemenskap", ["Matutdelning", "Sociala måltider", "Klädbytardagar"]),
    ("Idrott för alla", ["Spontanidrott", "Simskola", "Tränarutbildning"]),
    ("Hemlöshet och boende", ["Härbärge", "Boendestöd", "Uppsökande verksamhet"]),
    ("Kultur i förorten", ["Musikverkstad", "Bibliotekskvällar", "Teatergrupper"]),
]
PARAGRAPH = (
    "Partnerskapet bygger på att parterna gemensamt ser ett samhällsbehov som ingen av dem ensam kan möta. "
    "Organisationen bidrar med engagemang, frivilliga och kunskap om målgruppen; kommunen bidrar med "
    "ekonomiska medel, lokaler och samordning. Verksamheten följs upp årligen och parterna träffas "
    "regelbundet för att utveckla samarbetet. "
)


def luhn(digits):
    total = 0
    for position, char in enumerate(digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def org_number(rng, taken):
    while True:
        nine = f"80{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
        number = f"{nine[:6]}-{nine[6:]}{luhn(nine)}"
        if number not in taken:
            taken.add(number)
            return number


def add_years(day, years):
    return day.replace(year=day.year + years)


def month_starts(first, last):
    """The first day of each month from first's month to last's month."""
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def recreate_database(url):
    """Drop and create the database the URL names, connected to the server's "postgres"."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing an odd database name: {name!r}")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


class Generator:
    def __init__(self, seed, hour_rows, meetings, today):
        self.rng = random.Random(seed)
        self.hour_rows = hour_rows
        self.meeting_count = meetings
        self.today = today
        self.numbers = set()

    def bulk(self, model, objects):
        return model.objects.bulk_create(objects, batch_size=BATCH)

    # --- the register ------------------------------------------------------------------------

    def register(self):
        from partners.models import Administration, Committee, Contact, Municipality, Organisation

        rng = self.rng
        self.municipality = Municipality.objects.create(
            name="Linköpings kommun", org_number=org_number(rng, self.numbers)
        )
        self.committees = self.bulk(
            Committee, [Committee(municipality=self.municipality, name=n, abbreviation=a) for n, a, _ in COMMITTEES]
        )
        self.committee_weights = [share for _n, _a, share in COMMITTEES]
        by_abbreviation = {c.abbreviation: c for c in self.committees}
        administrations = self.bulk(
            Administration, [Administration(municipality=self.municipality, name=n) for n, _ in ADMINISTRATIONS]
        )
        self.administration_of = {}
        through = Administration.committees.through
        links = []
        for administration, (_name, abbreviations) in zip(administrations, ADMINISTRATIONS, strict=True):
            for abbreviation in abbreviations:
                committee = by_abbreviation[abbreviation]
                links.append(through(administration_id=administration.pk, committee_id=committee.pk))
                self.administration_of[committee.pk] = administration
        self.bulk(through, links)

        names, organisations = set(), []
        while len(organisations) < 300:
            name = f"{rng.choice(ORG_WORDS)}s {rng.choice(ORG_KINDS)}"
            if rng.random() < 0.3:
                name = f"{name} {rng.choice(['ideell förening', 'i Linköping', 'Östergötland'])}"
            if name in names:
                continue
            names.add(name)
            organisations.append(
                Organisation(
                    name=name,
                    org_number=org_number(rng, self.numbers),
                    street_address=f"{rng.choice(ORG_WORDS)}gatan {rng.randint(1, 80)}",
                    postal_code=f"58{rng.randint(100, 799)}",
                    city="Linköping",
                    email=f"info{len(organisations)}@example.org",
                    phone=f"013-{rng.randint(100000, 999999)}",
                    description="Idéburen organisation i Linköping.",
                )
            )
        self.organisations = self.bulk(Organisation, organisations)
        # A few organisations are partners in many agreements, most in a handful (Zipf-like).
        self.organisation_weights = [1 / (rank + 8) for rank in range(len(self.organisations))]
        rng.shuffle(self.organisation_weights)

        contacts = [
            Contact(committee=c, name=f"Ordförande {c.abbreviation}", title="Ordförande", is_signatory=True)
            for c in self.committees
        ]
        contacts += [
            Contact(organisation=o, name=f"Kontakt {o.pk}", title="Verksamhetsledare", is_signatory=True)
            for o in self.organisations
        ]
        contacts = self.bulk(Contact, contacts)
        self.committee_contact = {c.committee_id: c for c in contacts if c.committee_id}
        self.organisation_contact = {c.organisation_id: c for c in contacts if c.organisation_id}

    # --- the agreements ----------------------------------------------------------------------

    def _plan(self, number):
        """(phase, start) of the number-th agreement: 72 % in force, 10 % ended, 5 % signed and
        starting next year, 13 % still in drafting, decision or signing."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.72:
            year = rng.randint(2022, self.today.year)
            month = rng.choice([1, 7]) if D(year, 7, 1) <= self.today else 1
            return "in_force", D(year, month, 1)
        if draw < 0.82:
            return "ended", D(rng.randint(2017, 2021), rng.choice([1, 7]), 1)
        if draw < 0.87:
            return "signed", D(self.today.year + 1, 1, 1)
        return rng.choice(["draft", "draft", "ready", "decided"]), D(self.today.year + 1, rng.choice([1, 7]), 1)

    def agreements(self, count=1000):
        from agreements.models import (
            CRITERIA,
            Activity,
            Agreement,
            AgreementVersion,
            CriterionAssessment,
            Judgement,
            Party,
            Responsibility,
            Section,
            Signature,
            Status,
        )

        rng = self.rng
        plans, agreements, serials = [], [], {}
        for number in range(count):
            committee = rng.choices(self.committees, weights=self.committee_weights)[0]
            phase, start = self._plan(number)
            year = start.year - 1
            serials[(committee.pk, year)] = serial = serials.get((committee.pk, year), 0) + 1
            registry_number = f"{committee.abbreviation} {year}-{100 + serial * 7}"
            plans.append((committee, phase, start))
            agreements.append(Agreement(municipality=self.municipality, registry_number=registry_number))
        self.agreement_rows = self.bulk(Agreement, agreements)

        versions = []
        for agreement, (committee, phase, start) in zip(self.agreement_rows, plans, strict=True):
            theme, _activities = rng.choice(THEMES)
            end = add_years(start, 5) - datetime.timedelta(days=1)
            status = Status.SIGNED if phase in ("in_force", "ended", "signed") else phase
            decided = status in (Status.DECIDED, Status.SIGNED)
            decision_date = min(start - datetime.timedelta(days=rng.randint(30, 90)), self.today)
            signed_on = min(decision_date + datetime.timedelta(days=rng.randint(5, 20)), self.today)
            extension = rng.random() < 0.5
            versions.append(
                AgreementVersion(
                    agreement=agreement,
                    number=1,
                    status=status,
                    title=f"{theme} i {rng.choice(ORG_WORDS)}",
                    committee=committee,
                    administration=self.administration_of[committee.pk],
                    start_date=start,
                    end_date=end,
                    extension_months=36 if extension else None,
                    extension_count=1 if extension else 0,
                    notice_months=6,
                    decision_deadline=end - datetime.timedelta(days=270),
                    background=PARAGRAPH * 3,
                    challenge=PARAGRAPH * 2,
                    purpose=PARAGRAPH,
                    objectives=PARAGRAPH * 2,
                    target_group="Äldre, barn och unga, personer i utsatthet.",
                    value_base=PARAGRAPH,
                    value_base_references="Barnkonventionen\nAgenda 2030\nÖverenskommelsen mellan regeringen och idéburna organisationer",
                    gender_equality=PARAGRAPH,
                    starting_points=PARAGRAPH,
                    referral="Eget initiativ, socialtjänsten, vårdcentraler.",
                    planned_participants=rng.randint(20, 400),
                    participants_note="Ungefär lika många kvinnor som män.",
                    follow_up=PARAGRAPH,
                    economy=PARAGRAPH,
                    conditions="Överenskommelsen gäller när samtliga parter har undertecknat den.",
                    changes_clause="Ändringar och tillägg ska vara skriftliga och undertecknade av parterna.",
                    signing_place="Linköping",
                    legal_review="Ingen upphandlingspliktig tjänst; inget otillåtet statsstöd.",
                    decision_body=committee.name if decided else "",
                    decision_date=decision_date if decided else None,
                    decision_reference=f"§ {rng.randint(1, 200)}" if decided else "",
                    signed_on=signed_on if status == Status.SIGNED else None,
                )
            )
        self.versions = self.bulk(AgreementVersion, versions)
        self.phase = {v.pk: phase for v, (_c, phase, _s) in zip(self.versions, plans, strict=True)}

        parties = []
        for version in self.versions:
            parties.append(
                Party(
                    version=version,
                    committee=version.committee,
                    order=0,
                    contact=self.committee_contact[version.committee_id],
                    signatory=self.committee_contact[version.committee_id],
                    description="Den offentliga parten.",
                )
            )
            partner_count = rng.choices([1, 2, 3], weights=[60, 28, 12])[0]
            chosen = set()
            while len(chosen) < partner_count:
                chosen.add(rng.choices(self.organisations, weights=self.organisation_weights)[0])
            for order, organisation in enumerate(sorted(chosen, key=lambda o: o.pk), start=1):
                contact = self.organisation_contact[organisation.pk]
                parties.append(
                    Party(
                        version=version,
                        organisation=organisation,
                        order=order,
                        contact=contact,
                        signatory=contact,
                        description="Idéburen part.",
                    )
                )
        parties = self.bulk(Party, parties)
        self.parties_of = {}
        for party in parties:
            self.parties_of.setdefault(party.version_id, []).append(party)

        children = {"signatures": [], "activities": [], "sections": [], "responsibilities": [], "criteria": []}
        for version in self.versions:
            own = self.parties_of[version.pk]
            if version.status == Status.SIGNED:
                for party in own:
                    children["signatures"].append(
                        Signature(
                            party=party,
                            signatory_name=(party.signatory.name if party.signatory else "Firmatecknare"),
                            signatory_title="Ordförande",
                            place="Linköping",
                            date=version.signed_on,
                        )
                    )
            theme = next(activities for title, activities in THEMES if version.title.startswith(title))
            for order, name in enumerate(theme[: rng.randint(2, 3)]):
                children["activities"].append(Activity(version=version, name=name, order=order))
            for order, heading in enumerate(["Uppsökande verksamhet", "Samverkan med andra aktörer"]):
                children["sections"].append(Section(version=version, heading=heading, body=PARAGRAPH, order=order))
            for order, party in enumerate([None, *own]):
                children["responsibilities"].append(
                    Responsibility(
                        version=version, party=party, text="Ansvarar för sin del av verksamheten.", order=order
                    )
                )
            if version.status != Status.DRAFT:
                children["criteria"] += [
                    CriterionAssessment(
                        version=version, criterion=n, judgement=Judgement.MET, motivation="Bedömt vid beredningen."
                    )
                    for n in CRITERIA
                ]
        self.bulk(Signature, children["signatures"])
        activities = self.bulk(Activity, children["activities"])
        self.bulk(Section, children["sections"])
        self.bulk(Responsibility, children["responsibilities"])
        self.bulk(CriterionAssessment, children["criteria"])
        self.activities_of = {}
        for activity in activities:
            self.activities_of.setdefault(activity.version_id, []).append(activity)

    # --- the money ---------------------------------------------------------------------------

    def money(self):
        from finance import figures
        from finance.models import Contribution, ContributionKind, Distribution, FinanceTerms

        rng = self.rng
        table = figures.index_table()
        contributions, terms, distributions = [], [], []
        self.hours_parties = set()  # party pks with a volunteer-hours commitment
        for version in self.versions:
            own = self.parties_of[version.pk]
            public, partners = own[0], own[1:]
            base = Decimal(rng.randint(100, 3000) * 1000)
            contributions.append(Contribution(version=version, party=public, kind=ContributionKind.MONEY, amount=base))
            if rng.random() < 0.3:
                contributions.append(
                    Contribution(
                        version=version,
                        party=public,
                        kind=ContributionKind.COMMITMENT,
                        description="Lokaler i kommunens träffpunkt",
                        order=1,
                    )
                )
            for order, party in enumerate(partners, start=2):
                if rng.random() < 0.85:
                    self.hours_parties.add(party.pk)
                    contributions.append(
                        Contribution(
                            version=version,
                            party=party,
                            kind=ContributionKind.HOURS,
                            hours=Decimal(rng.randint(5, 200) * 100),
                            hourly_value=Decimal("214"),
                            order=order,
                        )
                    )
                else:
                    contributions.append(
                        Contribution(
                            version=version,
                            party=party,
                            kind=ContributionKind.IN_KIND,
                            amount=Decimal(rng.randint(50, 1500) * 1000),
                            description="Lokaler och material",
                            order=order,
                        )
                    )
            first_year = version.start_date.year + 1 if rng.random() < 0.8 else None
            months = rng.choices(["1", "1,7", "3,6,9,12"], weights=[60, 30, 10])[0]
            terms.append(FinanceTerms(version=version, indexation_from_year=first_year, payment_months=months))
            if len(partners) > 1:
                distributions += self._distributions(version, partners, base, first_year, months, table)
        self.bulk(Contribution, contributions)
        self.bulk(FinanceTerms, terms)
        self.bulk(Distribution, distributions)

    def _distributions(self, version, partners, base, first_year, months, table):
        """One row per partner and calendar year of the agreement: the year's instalments
        split by fixed shares (the last partner takes the rest), as a planner enters them."""
        from finance import figures
        from finance.models import Distribution

        months = sorted(int(m) for m in months.split(","))
        shares = [Decimal(self.rng.randint(1, 5)) for _ in partners]
        years = range(version.start_date.year, version.end_date.year + 1)
        rows = []
        for yearly in figures.indexed_amounts(base, first_year, years, table):
            if yearly.amount is None:
                continue  # the OPI of that year is not known yet: nothing to split
            per = (yearly.amount / len(months)).quantize(Decimal("1"), rounding=ROUND_DOWN)
            due = 0
            for position, month in enumerate(months):
                day = month_end(D(yearly.year, month, 1))
                if version.start_date <= day and D(yearly.year, month, 1) <= version.end_date:
                    due += yearly.amount - per * (len(months) - 1) if position == len(months) - 1 else per
            if not due:
                continue
            given = Decimal(0)
            for index, (party, share) in enumerate(zip(partners, shares, strict=True)):
                amount = due - given if index == len(partners) - 1 else figures.whole_kronor(due * share / sum(shares))
                given += amount
                rows.append(
                    Distribution(
                        version=version,
                        party=party,
                        period_start=max(D(yearly.year, 1, 1), version.start_date),
                        period_end=min(D(yearly.year, 12, 31), version.end_date),
                        amount=amount,
                    )
                )
        return rows

    def payments(self):
        """What the committees paid: each instalment of the schedule due by today, read back
        through the application's own figures so the two agree; about 3 % left unpaid."""
        from agreements.models import Agreement, Status
        from agreements.state import state, with_state
        from finance import figures, series
        from finance.loading import load_money
        from finance.models import Payment, Repayment

        rng = self.rng
        table = figures.index_table()
        payments, repayments = [], []
        signed = list(with_state(Agreement.objects.filter(versions__status=Status.SIGNED).distinct()))
        load_money(signed, payments=False)
        for agreement in signed:
            current = state(agreement, self.today)
            money = series.agreement_series(agreement, current, table, today=self.today, money=False)
            for item in money.instalments:
                if item.due > self.today or item.amount is None or item.recipient is None or rng.random() < 0.03:
                    continue
                payments.append(
                    Payment(
                        agreement=agreement,
                        recipient=item.recipient,
                        instalment_due=item.due,
                        date=item.due - datetime.timedelta(days=rng.randint(0, 20)),
                        amount=item.amount,
                        reference=f"V{rng.randint(100000, 999999)}",
                    )
                )
                if rng.random() < 0.01:
                    repayments.append(
                        Repayment(
                            agreement=agreement,
                            debtor=item.recipient,
                            claimed_on=item.due + datetime.timedelta(days=200),
                            amount=figures.whole_kronor(item.amount / 10),
                            reason="Medel som inte använts enligt överenskommelsen.",
                            settled_on=item.due + datetime.timedelta(days=260) if rng.random() < 0.7 else None,
                        )
                    )
        repayments = [r for r in repayments if r.claimed_on <= self.today]
        for repayment in repayments:
            if repayment.settled_on and repayment.settled_on > self.today:
                repayment.settled_on = None
        self.bulk(Payment, payments)
        self.bulk(Repayment, repayments)
        return len(payments)

    # --- users ---------------------------------------------------------------------------------

    def users(self):
        from django.contrib.auth.hashers import make_password

        from iop.accounts.models import Role, User

        password = make_password(PASSWORD)  # hashed once: every user has the same one

        def user(username, role, first, last, **extra):
            return User(
                username=username,
                password=password,
                role=role,
                first_name=first,
                last_name=last,
                email=f"{username}@example.se",
                **extra,
            )

        # The planner works on the largest committee: the heaviest planner pages there are.
        planner_committee = self.committees[0]
        partner_counts = {}
        for version in self.versions:
            for party in self.parties_of[version.pk][1:]:
                partner_counts[party.organisation_id] = partner_counts.get(party.organisation_id, 0) + 1
        ranked = sorted(partner_counts.items(), key=lambda item: (item[1], item[0]))
        self.partner_organisation_id, self.partner_agreements = ranked[len(ranked) // 2]  # the median one
        rows = [
            user(PERSONAS["administrator"], Role.ADMINISTRATOR, "Bänk", "Administratör"),
            user(PERSONAS["planner"], Role.PLANNER, "Bänk", "Planerare", title="Handläggare"),
            user(PERSONAS["partner"], Role.PARTNER, "Bänk", "Partner", title="Verksamhetsledare"),
        ]
        rows += [
            user(f"planerare-{c.pk}", Role.PLANNER, "Planerare", c.abbreviation, title="Handläggare")
            for c in self.committees
        ]
        rows += [user(f"rapportor-{o.pk}", Role.PARTNER, "Rapportör", str(o.pk)) for o in self.organisations]
        users = {u.username: u for u in User.objects.bulk_create(rows, batch_size=BATCH)}
        committee_links = [
            User.committees.through(user_id=users[f"planerare-{c.pk}"].pk, committee_id=c.pk) for c in self.committees
        ]
        committee_links.append(
            User.committees.through(user_id=users[PERSONAS["planner"]].pk, committee_id=planner_committee.pk)
        )
        organisation_links = [
            User.organisations.through(user_id=users[f"rapportor-{o.pk}"].pk, organisation_id=o.pk)
            for o in self.organisations
        ]
        organisation_links.append(
            User.organisations.through(
                user_id=users[PERSONAS["partner"]].pk, organisation_id=self.partner_organisation_id
            )
        )
        self.bulk(User.committees.through, committee_links)
        self.bulk(User.organisations.through, organisation_links)
        self.reporter_of = {o.pk: users[f"rapportor-{o.pk}"].pk for o in self.organisations}
        self.approver_of = {c.pk: users[f"planerare-{c.pk}"].pk for c in self.committees}
        self.planner_committee = planner_committee

    # --- hours ---------------------------------------------------------------------------------

    def _month_status(self, month):
        """Older months are approved; last month is mostly submitted; this month is open."""
        from followup.models import MonthStatus

        this_month = self.today.replace(day=1)
        last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
        draw = self.rng.random()
        if month == this_month:
            return MonthStatus.OPEN
        if month == last_month:
            return MonthStatus.SUBMITTED if draw < 0.55 else MonthStatus.OPEN if draw < 0.9 else MonthStatus.APPROVED
        if month == (last_month - datetime.timedelta(days=1)).replace(day=1):
            return (
                MonthStatus.APPROVED if draw < 0.85 else MonthStatus.SUBMITTED if draw < 0.95 else MonthStatus.RETURNED
            )
        return MonthStatus.APPROVED if draw < 0.997 else MonthStatus.SUBMITTED

    def month_reports(self):
        from django.utils import timezone

        from followup.models import MonthReport, MonthStatus

        reports, self.report_info = [], []
        for version in self.versions:
            if self.phase[version.pk] not in ("in_force", "ended"):
                continue
            last = min(version.end_date, self.today)
            for party in self.parties_of[version.pk][1:]:
                if party.pk not in self.hours_parties:
                    continue
                for month in month_starts(version.start_date, last):
                    status = self._month_status(month)
                    reporter = self.reporter_of[party.organisation_id]
                    after = month_end(month) + datetime.timedelta(days=3)
                    submitted = status != MonthStatus.OPEN
                    decided = status in (MonthStatus.APPROVED, MonthStatus.RETURNED)
                    moment = timezone.make_aware(datetime.datetime.combine(min(after, self.today), datetime.time(10)))
                    reports.append(
                        MonthReport(
                            agreement_id=version.agreement_id,
                            organisation_id=party.organisation_id,
                            month=month,
                            status=status,
                            comment="Timmarna för en aktivitet står två gånger."
                            if status == MonthStatus.RETURNED
                            else "",
                            submitted_by_id=reporter if submitted else None,
                            submitted_at=moment if submitted else None,
                            decided_by_id=self.approver_of[version.committee_id] if decided else None,
                            decided_at=moment if decided else None,
                        )
                    )
                    self.report_info.append((version.pk, reporter, month, last))
        self.reports = self.bulk(MonthReport, reports)

    def hour_entries(self):
        """self.hour_rows entries over the month reports, written with COPY."""
        from django.db import connection

        from followup.models import HourEntry

        rng = self.rng
        weights = [rng.uniform(0.5, 1.5) for _ in self.reports]
        scale = self.hour_rows / sum(weights)
        counts = [int(w * scale) for w in weights]
        for index in rng.sample(range(len(counts)), self.hour_rows - sum(counts)):
            counts[index] += 1
        columns = ["report_id", "activity_id", "date", "whole_month", "hours", "volunteers", "place", "note"]
        columns.append("created_by_id")
        sql = f"COPY {HourEntry._meta.db_table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (place, note))"
        places = ["", "", "Träffpunkten", "Föreningslokalen", "Stadsdelsbiblioteket"]
        written, buffer = 0, io.StringIO()
        out = csv.writer(buffer)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg2's cursor, for copy_expert
            for report, count, (version_pk, reporter, month, last) in zip(
                self.reports, counts, self.report_info, strict=True
            ):
                activities = self.activities_of[version_pk]
                days = max(1, (min(month_end(month), last) - month).days + 1)
                for _ in range(count):
                    volunteers = rng.randint(1, 6)
                    if rng.random() < 0.02:
                        day, whole, hours = month, "t", volunteers * rng.randint(10, 40)
                    else:
                        day, whole = month + datetime.timedelta(days=rng.randrange(days)), "f"
                        hours = volunteers * rng.choice((1, 1.5, 2, 2.5, 3, 4))
                    out.writerow(
                        (
                            report.pk,
                            rng.choice(activities).pk,
                            day.isoformat(),
                            whole,
                            f"{hours:.1f}",
                            volunteers,
                            rng.choice(places),
                            "",
                            reporter,
                        )
                    )
                written += count
                if buffer.tell() > 8_000_000:
                    buffer.seek(0)
                    raw.copy_expert(sql, buffer)
                    buffer = io.StringIO()
                    out = csv.writer(buffer)
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
        return written

    # --- follow-up -----------------------------------------------------------------------------

    def follow_up(self):
        """Rules on every signed agreement (the yearly follow-up in December; twice-yearly
        operational meetings on as many agreements as it takes), and meetings held in all
        but about 4 % of the slots that have passed, self.meeting_count in all."""
        from followup.meetings.planning import slots
        from followup.models import (
            ActionItem,
            Convener,
            FollowUpMeeting,
            FollowUpRule,
            MeetingKind,
            YearlyFollowUp,
        )

        rng = self.rng
        signed = [v for v in self.versions if self.phase[v.pk] in ("in_force", "ended", "signed")]

        def past_slots(version, months, cut):
            end = version.end_date
            return [(opens, due) for opens, due in slots(months, version.start_date, end, cut=cut) if due < self.today]

        rules, candidates = [], []
        for version in signed:
            rules.append(
                FollowUpRule(
                    agreement_id=version.agreement_id,
                    kind=MeetingKind.FOLLOW_UP,
                    months="12",
                    convened_by=Convener.ADMINISTRATION,
                )
            )
            candidates += [(version, MeetingKind.FOLLOW_UP, s) for s in past_slots(version, [12], True)]
        target = int(self.meeting_count / 0.96)
        for version in rng.sample(signed, len(signed)):
            if len(candidates) >= target:
                break
            rules.append(
                FollowUpRule(
                    agreement_id=version.agreement_id,
                    kind=MeetingKind.OPERATIONAL,
                    months="4,10",
                    convened_by=Convener.PARTNERS,
                )
            )
            candidates += [(version, MeetingKind.OPERATIONAL, s) for s in past_slots(version, [4, 10], False)]
        self.bulk(FollowUpRule, rules)

        held = rng.sample(candidates, min(self.meeting_count, len(candidates)))
        while len(held) < self.meeting_count:  # too few slots: strategic meetings outside any plan
            version = rng.choice([v for v in signed if v.start_date < self.today])
            day = version.start_date + datetime.timedelta(days=rng.randrange((self.today - version.start_date).days))
            held.append((version, MeetingKind.STRATEGIC, (day, day)))
        meetings = []
        for version, kind, (opens, due) in held:
            day = opens + datetime.timedelta(days=rng.randrange((due - opens).days + 1))
            meetings.append(
                FollowUpMeeting(
                    agreement_id=version.agreement_id,
                    kind=kind,
                    date=day,
                    place="Stadshuset" if kind == MeetingKind.FOLLOW_UP else "Föreningslokalen",
                    convened_by=Convener.ADMINISTRATION if kind == MeetingKind.FOLLOW_UP else Convener.PARTNERS,
                    participants="Handläggare och verksamhetsledare för samtliga parter.",
                    agenda="1. Verksamheten sedan sist\n2. Ekonomi\n3. Timmar\n4. Övrigt",
                    minutes=PARAGRAPH * 2,
                    decisions="Parterna fortsätter enligt plan.",
                )
            )
        meetings = self.bulk(FollowUpMeeting, meetings)

        actions, versions_by_agreement = [], {v.agreement_id: v for v in signed}
        for meeting in meetings:
            if rng.random() < 0.4:
                partners = self.parties_of[versions_by_agreement[meeting.agreement_id].pk][1:]
                owner = rng.choice(partners).organisation_id if rng.random() < 0.5 else None
                due = meeting.date + datetime.timedelta(days=rng.randint(14, 90))
                actions.append(
                    ActionItem(
                        meeting=meeting,
                        text="Ta fram underlag inför nästa möte",
                        owner="Verksamhetsledaren" if owner else "Handläggaren",
                        owner_organisation_id=owner,
                        due_date=due,
                        done_on=due - datetime.timedelta(days=3) if due < self.today and rng.random() < 0.95 else None,
                    )
                )
        self.bulk(ActionItem, actions)

        yearly = []
        for version in signed:
            for year in range(version.start_date.year, min(version.end_date.year, self.today.year - 1) + 1):
                yearly.append(
                    YearlyFollowUp(
                        agreement_id=version.agreement_id,
                        year=year,
                        participants_reached=rng.randint(10, 400),
                        indicators="Deltagarna uppger att de fått ett större socialt nätverk.",
                    )
                )
        self.bulk(YearlyFollowUp, yearly)
        return len(meetings)


def main(database_url, seed, hour_rows, meetings):
    started = time.perf_counter()

    def step(text):
        print(f"{time.perf_counter() - started:6.1f} s  {text}", flush=True)

    recreate_database(database_url)
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "VAR_DIR": tempfile.mkdtemp(prefix="iop-bench-"),
            "DEBUG": "true",
            "FREEZE_SIGNED_PDF": "false",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iop.settings")

    import django
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    django.setup()
    call_command("migrate", verbosity=0)
    step(f"migrated {database_url}")

    generator = Generator(seed, hour_rows, meetings, timezone.localdate())
    with transaction.atomic():
        generator.register()
        step("register: 8 committees, 300 organisations, contacts")
        generator.agreements()
        step("1 000 agreements with versions, parties, signatures, activities, chapters, criteria")
        generator.money()
        step("contributions, finance terms, distributions")
        paid = generator.payments()
        step(f"{paid} payments")
        generator.users()
        step("users")
        generator.month_reports()
        step(f"{len(generator.reports)} month reports")
        entries = generator.hour_entries()
        step(f"{entries} hour entries (COPY)")
        held = generator.follow_up()
        step(f"{held} follow-up meetings, rules, actions, yearly follow-ups")
    connection.close()
    connection.ensure_connection()
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    step("vacuum analyze")

    from agreements.models import Agreement
    from followup.models import FollowUpMeeting, HourEntry
    from partners.models import Organisation

    partner_agreements = generator.partner_agreements
    print(
        f"\nDone: {Organisation.objects.count()} organisations, {Agreement.objects.count()} agreements, "
        f"{HourEntry.objects.count()} hour entries, {FollowUpMeeting.objects.count()} meetings.\n"
        f"Logins (password {PASSWORD!r}): {PERSONAS['planner']} (planner of {generator.planner_committee.name}), "
        f"{PERSONAS['partner']} (partner of organisation {generator.partner_organisation_id}, "
        f"party to {partner_agreements} agreements), {PERSONAS['administrator']}."
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--hour-rows", type=int, default=1_000_000)
    parser.add_argument("--meetings", type=int, default=5_000)
    arguments = parser.parse_args()
    main(arguments.database_url, arguments.seed, arguments.hour_rows, arguments.meetings)
