"""The register as the seed documents describe it (../shared/seeds/). Org numbers only
where the seeds give them; descriptions are the seeds' own words. Beside Linköping, one
INVENTED municipality (EXEMPELBY), so that two municipalities can be seen apart."""

from partners import services
from partners.models import Administration, Committee, Municipality, Organisation

MUNICIPALITY = {"name": "Linköpings kommun", "org_number": "212000-0449"}

# INVENTED: a second municipality, so that two can be seen apart in one installation. Its
# org number is Luhn-correct in the municipalities' 212000 series, at the unused end
# 212000-99xx, and marked invented like the demo's invented organisation numbers.
EXEMPELBY = {"name": "Exempelby kommun", "org_number": "212000-9994", "slug": "exempelby"}
EXEMPELBY_COMMITTEES = [("Vård- och omsorgsnämnden", "VON")]
EXEMPELBY_ADMINISTRATIONS = [("Vård- och omsorgsförvaltningen", ["Vård- och omsorgsnämnden"], True)]
# A partner of Linköping's that also works in Exempelby: organisations are shared.
SHARED_ORGANISATION = "Resurspoolen"

# name, abbreviation as used in the seeds' registry numbers
COMMITTEES = [
    ("Äldrenämnden", "ÄN"),
    ("Omsorgsnämnden", "ON"),
    ("Arbetsmarknadsnämnden", ""),
    ("Bildningsnämnden", ""),
]

# name, committees served, active
ADMINISTRATIONS = [
    ("Social- och omsorgsförvaltningen", ["Äldrenämnden", "Omsorgsnämnden"], True),
    ("Utbildnings- och arbetsmarknadsförvaltningen", ["Arbetsmarknadsnämnden", "Bildningsnämnden"], True),
    # Named in the 2018 Stadsmission agreement; since reorganised.
    ("Omsorgs- och äldreförvaltningen", ["Omsorgsnämnden", "Äldrenämnden"], False),
]

ORGANISATIONS = [
    {
        "name": "Resurspoolen",
        "org_number": "822003-0913",
        "city": "Linköping",
        "description": (
            "Resurspoolen är inte vinstdrivande, partipolitiskt obunden och arbetar utifrån alla "
            "människors lika värde. Verksamheten utgör ett komplement till Linköpings kommuns ordinarie "
            "verksamheter främst avseende aktiviteter och fritidsverksamhet för äldre."
        ),
    },
    {
        "name": "Linköpings stadsmission",
        "city": "Linköping",
        "description": (
            "Linköpings stadsmission möter människor som behöver stöd och hjälp i sin hemlöshet, "
            "beroendeproblematik, våldsutsatthet, psykiska ohälsa, arbetslöshet, isolering, ensamhet, "
            "fattigdom eller annan utsatthet."
        ),
    },
    {
        "name": "Biståndsorganisationen Hjärta till hjärta",
        "description": (
            "Biståndsorganisationen Hjärta till hjärta har lång erfarenhet av att arbeta med utsatta "
            "EU-medborgare såväl i Sverige som i Rumänien och Bulgarien. Hjärta till hjärta arbetar även "
            "med arbetsintegration för målgruppen."
        ),
    },
    {
        "name": "Linköpings domkyrkopastorat",
        "city": "Linköping",
        "description": (
            "Linköpings domkyrkopastorat möter utsatta människor, bland annat papperslösa och asylsökande "
            "i sin verksamhet. Genom kyrkorna runt om i Linköping har Diakonicentrum kontakt med flera "
            "asylsökande barnfamiljer."
        ),
    },
    {"name": "Bilda", "description": "Kompletterande språkträning för föräldralediga och nyanlända."},
    {"name": "Erikshjälpen", "description": "Bromodellen – vägen till anställningsbarhet, tillsammans med Bilda."},
    {"name": "IKF", "description": "Inkludering på lika villkor: hälsogrupper och utflykter för vuxna nyanlända."},
    {"name": "Linköping södra Röda korskrets", "description": "Språkvänner."},
]


def load():
    """Create what is missing; leave what exists as it is (running twice changes nothing)."""
    _load_municipality(MUNICIPALITY, COMMITTEES, ADMINISTRATIONS)
    _load_municipality(EXEMPELBY, EXEMPELBY_COMMITTEES, EXEMPELBY_ADMINISTRATIONS)
    for fields in ORGANISATIONS:
        if not Organisation.objects.filter(name=fields["name"]).exists():
            services.organisation_create(by=None, **fields)


def _load_municipality(fields, committee_rows, administration_rows):
    municipality = Municipality.objects.filter(name=fields["name"]).first() or services.municipality_create(
        by=None, **fields
    )
    committees = {}
    for name, abbreviation in committee_rows:
        committees[name] = Committee.objects.filter(municipality=municipality, name=name).first() or (
            services.committee_create(by=None, municipality=municipality, name=name, abbreviation=abbreviation)
        )
    for name, served, active in administration_rows:
        if not Administration.objects.filter(municipality=municipality, name=name).exists():
            services.administration_create(
                by=None,
                municipality=municipality,
                name=name,
                active=active,
                committees=[committees[c] for c in served],
            )
