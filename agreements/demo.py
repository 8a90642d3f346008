"""Demo agreements, entered through agreements.services as a planner would enter them.

What is real and what is not:

- The Resurspoolen agreement (Äldrenämnden, Dnr ÄN 2019-878) and the Stadsmission /
  Hjärta till hjärta / Domkyrkopastoratet agreement (Omsorgsnämnden, Dnr ON 2018-229)
  are the seed documents (../shared/seeds/), every text word for word in its field,
  except the sentences that state money and dates: the amounts, indexation, payment
  months, split, period, extension and notice are entered as figures (here and in
  finance/demo.py) and the printed agreement states them from there, once. The texts
  keep what the figures cannot say.
  The seeds give no decision dates, and the Resurspoolen seed dates its signatures
  "2019-xx-xx": those dates are assumed and marked where they are set. The criteria
  assessments and legal reviews are not in the seeds; they are marked as reconstructions.
- The five arbetsmarknadsnämnden partnerships hold what "Information om IOP,
  arbetsmarknadsnämnden februari 2020" gives (target group, referral, participants,
  activities, value and cost per year). Their registry numbers, periods, decisions and
  signatures are invented (marked DEMO), chosen only so that they were in force in
  February 2020, as the document says.
- A renewal of the Resurspoolen agreement, in force today, and one draft for
  Bildningsnämnden are invented demo material and say so in their background text.

The seeds give organisation numbers only for Linköpings kommun and Resurspoolen; an
organisation cannot sign without one, so the other signing organisations get INVENTED
numbers here (see INVENTED_ORG_NUMBERS), marked in their description.

Text fields use the application's simple markup: a blank line starts a paragraph, a
line starting with "- " is a bullet. The constants below are written wrapped for
reading; `_prose()` joins the wrapped lines back into whole paragraphs and bullets.

`load()` creates what is missing and skips an agreement whose registry number exists,
so running it twice changes nothing.
"""

import datetime
import textwrap

from agreements import services
from agreements.models import Agreement, DefaultText, Judgement
from finance import demo as finance_demo
from partners import services as partners_services
from partners.demo import MUNICIPALITY
from partners.models import Administration, Committee, Municipality, Organisation

D = datetime.date

# The day the demo describes. Passed as `today` to the services that refuse dates in the
# future, so that loading does not depend on the clock of the machine.
TODAY = D(2026, 11, 22)

MET, PARTLY = Judgement.MET, Judgement.PARTLY

KOMMUN = "kommun"  # a responsibility of the committee party ("Linköpings kommun:")
GEMENSAMT = None  # a joint responsibility ("Gemensamt ansvar:")

# INVENTED demo numbers (Luhn-correct, 8-series, visibly artificial 899999-00N-): the
# register has none for these organisations, and an organisation must have one to sign.
INVENTED_ORG_NUMBERS = {
    "Linköpings stadsmission": "899999-0016",
    "Biståndsorganisationen Hjärta till hjärta": "899999-0024",
    "Linköpings domkyrkopastorat": "899999-0032",
    "Bilda": "899999-0040",
    "Erikshjälpen": "899999-0057",
    "IKF": "899999-0065",
    "Linköping södra Röda korskrets": "899999-0073",
}
INVENTED_ORG_NUMBER_NOTE = "(Demo: organisationsnumret är påhittat; registret saknar uppgiften.)"


def _prose(text):
    """Wrapped constant text → the simple markup: paragraphs on one line, one bullet a line."""
    blocks = []
    for block in textwrap.dedent(text).strip().split("\n\n"):
        lines = []
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            if lines and not line.startswith("- "):
                lines[-1] += " " + line
            else:
                lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


# --- Default texts: the common wording of the two seed agreements --------------------------

DEFAULT_TEXTS = {
    # Both agreements' value base, in the newer (2019) wording.
    "value_base": _prose("""
        Partnerskapet ska bygga på respekt inför varandras olika förutsättningar. Det ska präglas av
        öppenhet och dialog som karaktäriseras av ömsesidig tillit, lyhördhet och förståelse. Även
        långsiktighet, transparens och acceptans för kritik är centralt i värdegrunden som denna
        överenskommelse vilar på. Vidare bygger överenskommelsen på varsam och respektfull hantering av de
        offentliga medlen som möjliggör verksamheten.

        Samverkande parter behöver ha en samsyn kring arbetsmetoder och förhållningssätt. Den gemensamma
        värdegrunden tar sig uttryck i hur vi bemöter utsatta människor.

        Den gemensamma värdegrund som varje samverkande part förväntas dela och bära utgår från:
    """),
    "value_base_references": "\n".join(
        [
            "FN:s konvention om mänskliga rättigheter",
            "Barnkonventionen",
            "CEMR deklarationen (Europeiska deklarationen för jämställdhet mellan kvinnor och män på lokal "
            "och regional nivå)",
            "Kommunens policys och riktlinjer",
        ]
    ),
    # Only the Stadsmission agreement has a gender equality chapter, and it is specific to
    # that agreement; the general wording is the municipality's own, from the
    # arbetsmarknadsnämnden information of February 2020 ("Jämställdhet").
    "gender_equality": _prose("""
        Linköpings kommuns olika partnerskap och överenskommelser med tredje part grundar sig i att alla
        kommuninvånare oavsett kön, etnicitet, ålder eller annan diskrimineringsgrund ska ha tillgång till
        och möjlighet till att delta i relevant insats.
    """),
    "starting_points": _prose("""
        Överenskommelsen utgår från politiska beslut som:

        - Överenskommelse om samverkan mellan Linköpings kommun och idéburen sektor
        - Kommunfullmäktiges budget samt kommunala mål och inriktningsdokument
    """),
    "follow_up": _prose("""
        Avstämning och uppföljning av denna överenskommelse sker minst en (1) gång per år eller då någon
        av parterna påkallar behov. Förvaltningen ansvarar för att bjuda in till uppföljning. Parterna
        bidrar gemensamt med underlag till denna uppföljning. Syftet med uppföljningen är att utvärdera
        resultatet i förhållande till överenskommelsens målsättning samt få underlag för att utveckla
        partnerskapet.
    """),
    "conditions": _prose("""
        Överenskommelsen gäller under förutsättning att samtliga parter undertecknat överenskommelsen.
        Parterna har möjlighet att kräva återbetalning om medel inte används för avsett ändamål.
    """),
    "changes_clause": _prose("""
        Om någon av parterna på grund av väsentligt förändrade förutsättningar har svårighet att uppfylla
        sin del kan överenskommelsen behöva att förändras. Förändringar i överenskommelsen ska ske i dialog
        mellan parterna. Väsentliga förändringar kan t ex vara problem inom organisationen eller att de
        tänkta eller planerade verksamheterna inte lyckats nå den övergripande målsättningen.
    """),
    "signing_place": "Linköping",
}


# --- Resurspoolen, Äldrenämnden, Dnr ÄN 2019-878 (seeds/iop-resurspoolen-aldrenamnden-2019.txt) ---

RP_DNR = "ÄN 2019-878"
RP_TITLE = "Idéburet offentligt partnerskap (IOP) mellan Resurspoolen och Linköpings kommun"

RP_BACKGROUND_GENERAL = _prose("""
    IOP togs fram av organisationen Forum Idéburna organisationer med social inriktning år 2010. Det är
    en överenskommelse mellan en eller flera idéburna organisationer och den offentliga sektorn. Modellen
    för partnerskap kan i vissa fall användas när varken traditionellt föreningsbidrag eller upphandling
    är lämpligt.

    I Linköpings kommun finns sedan 2012 en övergripande överenskommelse med den idéburna sektorn. Denna
    togs fram av kommunen och sektorn gemensamt och bygger i stort på den nationella överenskommelsen med
    samma uppbyggnad kring olika principer för hur kommunen och sektorn bör samverka. Syftet med den
    övergripande överenskommelsen är:

    - att stärka samverkan mellan kommunen och den idéburna sektorns organisationer för demokratisk
      förankring och vitalisering
    - att stärka organisationernas självständighet och möjlighet att ge röst åt och bilda opinion för
      sina intressen
    - att underlätta lokal utveckling i stadsdelar och kommundelar
    - att utveckla möjligheterna för den idéburna sektorns organisationer att utgöra viktiga aktörer
      inom välfärdsutvecklingen
""")

RP_BACKGROUND = (
    RP_BACKGROUND_GENERAL
    + "\n\n"
    + _prose("""
    Mellan social- och omsorgsnämnden och Resurspoolen finns en samarbetsöverenskommelse för perioden
    2017-01-01 - 2019-12-31, som kommer att upphöra. Mellan äldreomsorgsnämnden och Resurspoolen finns en
    treårig IOP upprättad för tiden 2018-01-01 – 2020-12-31. Senast 2019-12-31 ska ställning tas till
    förändring, förlängning eller upphörande av den överenskommelsen.

    Resurspoolens arbete är i stor utsträckning riktat till äldre även om arbetet till viss del också
    görs gentemot andra målgrupper.
""")
)

# "Överenskommelsens gemensamma samhällsutmaning och syfte", up to its last paragraph
# (which is the purpose). The seed's *Lag (2010:427)* is italic in the original; the
# markup has no italics, so the asterisks are left out.
RP_CHALLENGE = _prose("""
    I socialtjänstlagens femte kapitel finns särskilda bestämmelser för vissa grupper, bland annat äldre.
    Där anges i 4 § att socialtjänstens omsorg om äldre ska inriktas på att äldre personer får leva ett
    värdigt liv och känna välbefinnande (värdegrund). Socialnämnden ska verka för att äldre människor får
    möjlighet att leva och bo självständigt under trygga förhållanden och ha en aktiv och meningsfull
    tillvaro i gemenskap med andra samt i 6 § att kommunen ska planera sina insatser för äldre. I
    planeringen ska kommunen samverka med landstinget samt andra samhällsorgan och organisationer. Lag
    (2010:427).

    Ideella organisationer blir, framförallt i arbete att skapa trygghetsfrämjande åtgärder och bryta
    ensamhetsproblematik, ett viktigt komplement och ett alternativ till myndigheternas stödinsatser.

    Idéburna organisationer och det ideella arbetet bygger på ett engagemang och samlar människor utifrån
    en tydlig värdegrund. De idéburna kan agera oberoende och som en självständig aktör vilket ger dem en
    viktig roll som röstbärare och opinionsbildare. Detta leder även till att de erövrar en speciell
    kunskap inom en särskild fråga eller område. De frivilligas engagemang och idealitet är i sig ett
    tecken till att vilja bidra till att skapa förändring, ett engagemang som är till ett mervärde inom
    välfärden.
""")

RP_PURPOSE = _prose("""
    Överenskommelsen syftar till att bidra till positiv utveckling, meningsfullhet och trygghet för
    kommunens medborgare, främst avseende den äldre befolkningen.
""")

RP_OBJECTIVES = _prose("""
    Äldrenämnden och Resurspoolen har som mål att det sociala innehållet i vardagen för äldre personer
    utvecklas genom att Resurspoolen i sitt ideella arbete bland annat verkar för att stödja, stimulera
    och förmedla frivilliguppdrag.
""")

RP_TARGET_GROUP = _prose("""
    Målgruppen för verksamheten är äldre kommuninvånare i Linköpings kommun som har behov av och önskemål
    om social samvaro i gemenskap med andra, för att främja hälsa och välbefinnande.
""")

RP_VALUE_BASE = _prose("""
    Ett samhälle där människors ideella och idéburna engagemang tillvaratas är grunden för en stark
    demokrati. En levande demokrati präglas av mångfald, alla människors lika värde, medmänsklighet,
    ansvarstagande, idealitet samt möjlighet till påverkan.

    Partnerskapet ska bygga på respekt inför varandras olika förutsättningar. Det ska präglas av öppenhet
    och dialog som karaktäriseras av ömsesidig tillit, lyhördhet och förståelse. Även långsiktighet,
    transparens och acceptans för kritik är centralt i värdegrunden som denna överenskommelse vilar på.
    Vidare bygger överenskommelsen på varsam och respektfull hantering av de offentliga medlen som
    möjliggör verksamheten.

    Samverkande parter behöver ha en samsyn kring arbetsmetoder och förhållningssätt. Den gemensamma
    värdegrunden tar sig uttryck i hur vi bemöter utsatta människor.

    Den gemensamma värdegrund som varje samverkande part förväntas dela och bära utgår från:
""")

# The seed's "CEMR deklARATIONEN (Europeiska deklARATIONEN …" is small capitals garbled
# by the text extraction; written here as the Stadsmission seed spells it.
RP_VALUE_BASE_REFERENCES = "\n".join(
    [
        "FN:s konvention om mänskliga rättigheter",
        "Barnkonventionen",
        "CEMR deklarationen (Europeiska deklarationen för jämställdhet mellan kvinnor och män på lokal och "
        "regional nivå)",
        "Kommunens policys och riktlinjer",
    ]
)

RP_STARTING_POINTS = _prose("""
    Överenskommelsen utgår från politiska beslut som:

    - Överenskommelse om samverkan mellan Linköpings kommun och idéburen sektor
    - Kommunfullmäktiges budget samt kommunala mål och inriktningsdokument

    Resurspoolen ansvarar för sin del av insatsen.

    Social- och omsorgsförvaltningen bär ansvaret för att skapa förutsättningar för god samverkan på
    olika nivåer med kommunens egna verksamheter.
""")

# "Aktörer i överenskommelsen": the organisation's own paragraph goes with its party. The
# chapter's sentence about both parties has no field of its own; it is kept with the
# public party, which the chapter names first. ("Offentlig sektor: …, org nr …" and
# "Idéburen sektor: …" follow from the parties and the register.)
RP_COMMITTEE_DESCRIPTION = (
    "Kontaktpersoner för denna IOP är planeringsledare vid äldrenämnden och firmatecknare för Resurspoolen."
)
RP_PARTNER_DESCRIPTION = _prose("""
    Resurspoolen är inte vinstdrivande, partipolitiskt obunden och arbetar utifrån alla människors lika
    värde. Organisationens arbete utgör i sig ett mervärde för de människor de möter. Resurspoolens
    verksamhet utgör ett komplement till Linköpings kommuns ordinarie verksamheter främst avseende
    aktiviteter och fritidsverksamhet för äldre.
""")

# "Partnerskapets innehåll": (whose, text), one bullet each, in the seed's order.
RP_RESPONSIBILITIES = [
    (KOMMUN, "Har det yttersta ansvaret för de som bor och vistas i kommunen."),
    (
        KOMMUN,
        "Har ett långsiktigt ansvar för att äldre människor får möjlighet att leva och bo självständigt under "
        "trygga förhållanden och ha en aktiv och meningsfull tillvaro i gemenskap med andra",
    ),
    (
        KOMMUN,
        "Ska genom Social- och omsorgsförvaltningen underlätta så att Resurspoolen får vara en del i olika "
        "kommunala arrangemang där de kan bidra i det förebyggande arbetet",
    ),
    (
        GEMENSAMT,
        "Båda parterna ska verka för att upprätthålla ett gott samarbete mellan kommunen och Resurspoolen i det "
        "operativa arbetet.",
    ),
    (
        GEMENSAMT,
        "Båda parter har ett gemensamt ansvar för att delta i ändamålsenliga arbetsgrupper, nätverk och andra "
        "samverkansstrukturer inom området.",
    ),
    (GEMENSAMT, "Båda parterna ska identifiera behov hos målgruppen och kontinuerligt utveckla insatser"),
    ("Resurspoolen", "Ge stöd till enskilda och grupper, med tonvikt på grupper"),
    (
        "Resurspoolen",
        "Rekrytering av volontärer, förmedling av insatser samt information och samordning av frivilliginsatser",
    ),
    (
        "Resurspoolen",
        "Bedriva verksamhet vid servicehus/trygghetsboenden till exempel träffpunktsverksamhet, promenadgrupper, "
        "snickeriverksamhet",
    ),
    (
        "Resurspoolen",
        "Samverkan med utförare, företag och andra delar i den idéburna sektorn med gemensam inriktning att "
        "medverka till meningsfull tillvaro för äldre",
    ),
]

RP_ACTIVITIES = [
    ("Träffpunktsverksamhet", "Vid servicehus/trygghetsboenden."),
    ("Promenadgrupper", "Vid servicehus/trygghetsboenden."),
    ("Snickeriverksamhet", "Vid servicehus/trygghetsboenden."),
]

RP_FOLLOW_UP = _prose("""
    Avstämning och uppföljning av denna överenskommelse sker minst en (1) gång per år eller då någon av
    parterna påkallar behov. Social- och omsorgsförvaltningen ansvarar för att bjuda in till uppföljning.
    Resurspoolen och Linköpings kommun bidrar gemensamt med underlag till denna uppföljning. Syftet med
    uppföljningen är att utvärdera resultatet i förhållande till överenskommelsens målsättning samt få
    underlag för att utveckla partnerskapet.
""")

# The seed's "Ekonomi" without its figures: the scope (4 785 000 kr/år), äldrenämnden's
# 933 000 kr/år, Resurspoolen's 3 852 000 kr/år, payment in January and OPI from
# 2021-01-01 are entered as figures (finance/demo.py) and printed from them.
RP_ECONOMY = _prose("""
    Parternas insats i överenskommelsen redovisas nedan. Det är fritt för Resurspoolen att söka medel från
    andra finansiärer eller andra samarbetsorganisationer.
""")

# The parties' contributions, which the seed sets under "Ekonomi" with their own headings.
# Their amounts ("ca 18 000 timmar per år till ett värde av 3 852 000 kr", "933 000 kr per
# kalenderår") are the contributions' figures, printed from there.
RP_SECTIONS = [
    (
        "Resurspoolens insats",
        _prose("""
            Resurspoolen bidrar genom sina specifika kunskaper och erfarenhet. De ideellt arbetande personerna
            har en unik möjlighet att ge tillitsfullt, lättillgängligt och flexibelt stöd till äldre personer.
            De utgör därmed ett värdefullt komplement och mervärde till det arbete som Linköpings kommun kan
            erbjuda sina medborgare.

            Ca 100 volontärer är aktiva.
        """),
    ),
    (
        "Linköpings kommuns insats",
        _prose("""
            Enligt 5 kap 4§ Socialtjänstlagen har kommunen ansvar för att socialtjänstens omsorg om äldre ska
            inriktas på att äldre personer får leva ett värdigt liv och känna välbefinnande (värdegrund).

            Socialnämnden ska verka för att äldre människor får möjlighet att leva och bo självständigt under
            trygga förhållanden och ha en aktiv och meningsfull tillvaro i gemenskap med andra.

            Lag (2010:427).

            Äldrenämnden tillhandahåller lokaler i servicehus för de aktiviteter som Resurspoolen genomför.

            Linköpings kommun ger utförarna på servicehusen ansvar att samverka med ideell sektor för
            aktiviteter.
        """),
    ),
]

# "Period för överenskommelsen", except its last paragraph (the changes clause) and its
# figures: the period 2020-01-01 – 2022-12-31, the option of three more years and the
# notice of six months, in writing, are entered as figures below and printed from them.
RP_CONDITIONS = _prose("""
    Överenskommelse med social- och omsorgsnämnden som gäller t.o.m. 191231 samt pågående IOP med
    äldrenämnden slås samman och omformas till denna överenskommelse. Utvärdering av överenskommelsen sker
    regelbundet tillsammans med Social-omsorgsförvaltningen.

    Parterna har möjlighet att kräva återbetalning om medel inte används för avsett ändamål.
""")

RP_CHANGES_CLAUSE = _prose("""
    Om någon av parterna på grund av väsentligt förändrade förutsättningar har svårighet att uppfylla sin
    del kan överenskommelsen behöva att förändras. Förändringar i överenskommelsen ska ske i dialog mellan
    parterna. Väsentliga förändringar kan t ex vara problem inom organisationen, lokalproblem eller att de
    tänkta eller planerade verksamheterna inte lyckats nå den övergripande målsättningen.
""")

RECONSTRUCTED = "(Demo: rekonstruerad bedömning)"

RP_ASSESSMENTS = {
    1: (
        MET,
        "Resurspoolen bedriver verksamheten på eget initiativ och har tidigare samarbetat med kommunen i två "
        "överenskommelser, som nu slås samman.",
    ),
    2: (
        MET,
        "Verksamheten är ett led i Överenskommelse om samverkan mellan Linköpings kommun och idéburen sektor, "
        "där de idéburna organisationerna särskilt nämns.",
    ),
    3: (MET, "Volontärernas insatser ger äldre en aktiv och meningsfull tillvaro i gemenskap med andra."),
    4: (
        MET,
        "Verksamheten är ett komplement till kommunens ordinarie verksamheter, inte en del av det normerade "
        "föreningsbidraget.",
    ),
    5: (MET, "Det finns ingen marknad för förmedling och samordning av frivilliginsatser av detta slag."),
    6: (
        MET,
        "Äldrenämnden bidrar med 933 000 kr/år; Resurspoolen med ca 18 000 ideellt arbetade timmar till ett "
        "värde av 3 852 000 kr/år.",
    ),
    7: (MET, "Överenskommelsen anger ansvar och inriktning; aktiviteterna utformar Resurspoolen själv."),
    8: (MET, "Båda parter vill ha ett långsiktigt partnerskap som bygger på tillit, inte ett köp av tjänster."),
}
RP_LEGAL_REVIEW_TEXT = (
    "Ingen upphandlingspliktig tjänst: kommunen köper inget, och verksamheten bygger på ideella "
    "insatser. Kommunens bidrag är en mindre del av parternas sammanlagda insats och bedöms inte utgöra otillåtet "
    "statsstöd."
)
RP_LEGAL_REVIEW = f"{RECONSTRUCTED} {RP_LEGAL_REVIEW_TEXT}"

# Assumed: the seed gives no decision date; Äldrenämnden decides in November 2019, after
# the document of October 2019 and before the old agreements' deadline 2019-12-31.
RP_DECISION_DATE = D(2019, 11, 21)
# Assumed: the seed says "Linköping 2019-xx-xx"; a date in December 2019, before the start.
RP_SIGNED_ON = D(2019, 12, 16)
RP_SIGNATORIES = {
    "Äldrenämnden": ("Linda Ljungqvist", "social- och omsorgsdirektör"),
    "Resurspoolen": ("Siv Nordqvist", "ordförande"),
}


# --- Stadsmission m.fl., Omsorgsnämnden, Dnr ON 2018-229 (seeds/iop-stadsmission-omsorgsnamnden-2018.txt) ---

SM_DNR = "ON 2018-229"
SM_TITLE = (
    "Idéburet offentligt partnerskap (IOP) – För människor som lever i en socialt och ekonomiskt utsatt "
    "situation i Linköping"
)
SM_PARTNERS = [
    "Linköpings stadsmission",
    "Biståndsorganisationen Hjärta till hjärta",
    "Linköpings domkyrkopastorat",
]

# Left out of the background: the unfilled form placeholder "Klicka här för att ange text."
# and the page header ("2 (8)", "Dnr ON 2018-229") that the seed carries.
SM_BACKGROUND = _prose("""
    Idéburet offentligt partnerskap, IOP, är en samverkansmodell mellan offentlig verksamhet och
    civilsamhällets organisationer i frågor som bl.a. rör komplexa samhällsutmaningar. I Linköping finns
    sedan 2012 en samverkansöverenskommelse mellan kommunen och den idéburna sektorn där bl.a. Linköpings
    domkyrkopastorat, Linköpings stadsmission och Biståndsorganisationen Hjärta till Hjärta ingår.
    Kommunstyrelsen antog i januari 2017 riktlinjer för upprättande av IOP.

    Linköpings stadsmission har inom sin verksamhet uppmärksammat att det finns såväl utsatta
    EU-medborgare som andra människor som lever i en socialt och ekonomiskt utsatt situation i Linköping.
    Det är oklart i vilken grad dessa människor är kända av kommunen och har tillgång till kommunens
    skyddsnät. Av detta skäl vände sig Linköpings stadsmission till Linköpings kommun. Verksamma
    organisationer och myndigheter i Linköpings kommun bjöds in till ett brett dialogmöte utifrån
    frågeställningarna

    - Hur ser vår samlade kunskap ut idag, kring ovan beskrivna målgrupp?
    - Kan vi genom bredare samverkan finna nya former för att nå personer i denna målgrupp?

    Vid detta dialogmöte uttrycktes en oro över att när människor lever i en utsatt situation, kan detta
    bidra till ett växande parallellsamhälle. Detta sätter press på kommunen att arbeta medvetet med
    trygghetsskapande åtgärder av varierande slag för att nå en sammanhållen kommun. Under dialogen
    framkom en gemensam bild av att det i Linköping finns flera grupper av människor som lever i utsatta
    situationer. De exempel som gavs var utsatta EU-medborgare, människor som bor på adresser eller i
    bostäder där ett stort antal okända personer bor eller vistas, människor som utnyttjas sexuellt eller
    som svart arbetskraft och människor som har utvisningsbeslut men där det finns verkställighetshinder.

    Utöver Linköpings Stadsmission är Biståndsorganisationen Hjärta till hjärta och Linköpings
    domkyrkopastorat intresserade av att utforma en nära samverkan och ett konkret samarbete genom ett
    Idéburet offentligt partnerskap, IOP för att möta de människor som är utsatta samt gemensamt bidra
    till att synliggöra den situation som dessa människor lever i.
""")

SM_PURPOSE = _prose("""
    Överenskommelsens övergripande syfte är att genom nära samverkan mellan kommun och idéburna
    organisationer

    - skapa en plattform för samverkan och kunskapsbyggande på en operativ och strategisk nivå för frågor
      som ska bidra till en socialt hållbar kommun
    - nå en ökad kunskap om den målgrupp som organisationerna möter, vilket bedöms leda till ökade
      insikter och klokare användning av såväl organisationernas som kommunens resurser
    - nå en ökad kunskap om utsatta personer och grupper som leder till att målgruppen nås, ses och
      uppmärksammas tidigare
""")

SM_OBJECTIVES = _prose("""
    Målsättningen med rubricerat partnerskap är att öka den gemensamma kunskapen för att både på individ-
    och samhällsnivå skapa förutsättningar för ett hållbart samhälle. Enligt socialtjänstlagen hör till
    kommunens uppgifter bl.a. att göra sig väl förtrogen med levnadsförhållandena i kommunen och att
    medverka i samhällsplaneringen och i samarbete med andra samhällsorgan, organisationer, föreningar och
    enskilda främja goda miljöer i kommunen. Vidare har kommunen till uppgift att genom uppsökande
    verksamhet och på annat sätt främja förutsättningarna för goda levnadsförhållanden samt att svara för
    omsorg och service, upplysningar och råd m.m.

    Detta är utgångspunkten för denna gemensamma överenskommelse mellan kommunen och samverkande aktörer.
    Målsättning med denna överenskommelse är att, i samverkan bidra till en socialt hållbar och
    sammanhållen kommun genom att:

    - främja goda miljöer i kommunen och minska risken för att parallella samhällen växer fram
    - förebygga brottslighet genom trygghetsskapande åtgärder
    - minska riskerna för utnyttjande, exploatering och människohandel
    - nå kunskap om levnadsförhållanden och behov för målgruppen
    - öka människors trygghet, tillit och säkerhet
    - vara en alternativ och möjlig kontaktväg för personer som inte söker samhällets stöd och hjälp på
      traditionellt sätt
    - ge målgruppen korrekt information och vägledning
    - motverka utanförskap och segregering
""")

SM_TARGET_GROUP = _prose("""
    - Människor som lever i en socialt och ekonomiskt utsatt situation i Linköping, men inte söker kontakt
      med samhällets stödfunktioner
    - Människor som lever i eller riskerar att hamna i utnyttjande, exploatering och människohandel
    - Människor som lever i eller riskerar att hamna i utanförskap och segregering
    - Människor som behöver information och kunskap om skyldigheter och rättigheter för att de ska öka sin
      motivation och se möjligheterna att göra alternativa livsval.
""")

# The seed's paragraph after the list of references ("Samarbeten mellan …") is placed
# before the lead-in to the list, since the references are shown after the value base.
SM_VALUE_BASE = _prose("""
    Partnerskapet ska bygga på respekt inför varandras olika förutsättningar, öppenhet och dialog som
    karaktäriseras av ömsesidig tillit, lyhördhet, förståelse. Även långsiktighet, transparens och
    acceptans för kritik är centrala i värdegrunden som denna överenskommelse vilar på. Vidare bygger
    överenskommelsen på varsam och respektfull hantering av de offentliga medel som möjliggör
    verksamheten.

    Samverkande aktörer behöver ha en samsyn kring arbetsmetoder och förhållningssätt. Den gemensamma
    värdegrunden tar sig uttryck i hur vi bemöter utsatta människor.

    Samarbeten mellan de samverkande aktörerna ska kännetecknas av öppenhet och gemensamt lärande och
    strävan efter ett öppet, flexibelt och prestigelöst förhållningssätt till varandra som
    samverkansaktörer, samt samverkan för ett gemensamt lärande kring målgruppen och metoder. Detta för
    utveckling av arbetsmetoder och för att sprida erfarenheterna och kunskap vidare.

    Den gemensamma värdegrund som varje samverkande aktör förväntas dela och bära utgår från:
""")

SM_VALUE_BASE_REFERENCES = "\n".join(
    [
        "FNs konvention om mänskliga rättigheter",
        "Barnkonventionen",
        "CEMR deklarationen (Europeiska deklarationen för jämställdhet mellan kvinnor och män på lokal och "
        "regional nivå)",
    ]
)

SM_GENDER_EQUALITY = _prose("""
    Det idéburna offentliga partnerskapets öppna verksamhet, uppsökande verksamhet och kunskapsbyggande
    ska ägna sig åt att synliggöra och nå såväl män som kvinnor och pojkar som flickor som lever i en
    socialt och ekonomiskt utsatt situation. Detta underlättas bland annat av att verksamheterna bemannas
    av både kvinnor och män.
""")

# "Aktörer i överenskommelsen": each organisation's paragraph goes with its party; the
# chapter's closing paragraphs about all parties are kept with the public party (see RP).
SM_COMMITTEE_DESCRIPTION = _prose("""
    Samtliga organisationer är icke vinstdrivande, partipolitiskt obundna och arbetar utifrån alla
    människors lika värde. Organisationernas arbete utgör i sig ett mervärde för de människor de möter. De
    idéburna organisationerna är komplement till Linköpings kommuns ordinarie verksamheter genom sin form
    och organisering.

    Samtliga aktörer kommer att verka för en nära samverkan och samarbete med polisen på operativ och
    strategisk nivå. Polisen värnar om samarbetet och uttryckt att de ska ingå i samverkan.
""")
SM_PARTNER_DESCRIPTIONS = {
    "Linköpings stadsmission": _prose("""
        Linköpings stadsmission möter människor som behöver stöd och hjälp i sin hemlöshet,
        beroendeproblematik, våldsutsatthet, psykiska ohälsa, arbetslöshet, isolering, ensamhet, fattigdom
        eller annan utsatthet.
    """),
    "Biståndsorganisationen Hjärta till hjärta": _prose("""
        Biståndsorganisationen Hjärta till hjärta har lång erfarenhet av att arbeta med utsatta
        EU-medborgare såväl i Sverige som i Rumänien och Bulgarien. Hjärta till hjärta arbetar även med
        arbetsintegration för målgruppen.
    """),
    "Linköpings domkyrkopastorat": _prose("""
        Linköpings domkyrkopastorat möter utsatta människor, bland annat papperslösa och asylsökande i sin
        verksamhet. Genom kyrkorna runt om i Linköping har Diakonicentrum kontakt med flera asylsökande
        barnfamiljer.
    """),
}

SM_STARTING_POINTS = _prose("""
    Överenskommelsen utgår från politiska beslut som:

    - Överenskommelse om samverkan mellan Linköpings kommun och idéburen sektor
    - Kommunfullmäktiges budget samt kommunala mål och inriktningsdokument

    Alla organisationer i överenskommelsen bär ansvaret för sin del av insatserna.

    Omsorgs- och äldreförvaltningen ska verka för att skapa förutsättningar för god samverkan på olika
    nivåer, genom kommunens egna verksamheter såsom socialtjänst, skola, fritidsverksamheter. Aktiviteter
    inom överenskommelsen får inte bidra till eller underlätta för personer utan vistelserätt att kvarvara
    i Sverige.
""")

# The agreement-specific chapters, in the seed's order. (The seed has no "Partnerskapets
# innehåll" list: what each party does is said in these chapters, so the agreement has
# no Responsibility rows.)
SM_SECTIONS = [
    (
        "De idéburnas verksamhet",
        _prose("""
            Samtliga aktörer i denna överenskommelse arbetar gemensamt för att nå ovan beskrivna målsättning,
            vad gäller t ex tillgång till mänskliga basbehov, mötesplatser, bemanning av personal och
            volontärer etc. Verksamheten ska vara av sådan art att det är möjligt att vara flexibel utifrån de
            behov som framkommer när verksamheten är igång.

            Därför kommer Linköpings Stadsmission genom denna överenskommelse ta ansvar för en öppen
            verksamhet där fokus ligger på mänskliga basbehov och medmänskliga möten, för dem som har små
            eller inga möjligheter att tillgodose dessa på annat sätt.

            Biståndsorganisationen Hjärta till hjärta bidrar, genom denna överenskommelse, att tillhandahålla
            mötesplatser riktade till målgruppen bl.a. för att möjliggöra språkträning. Linköpings
            Domkyrkopastorat bidrar med öppen verksamhet i sina åtta församlingar.
        """),
    ),
    (
        "Uppsökande verksamhet",
        _prose("""
            För att kommunen ska kunna ta sitt ansvar ifråga om att främja förutsättningarna för goda
            levnadsförhållanden och miljöer i kommunen etc., behöver kommunen ha god kännedom om vilka som bor
            och vistas i den, men också hur levnadsförhållandena ser ut för de människor som av olika
            anledningar inte söker kontakt med samhällets stödfunktioner.

            Linköpings Stadsmission bidrar med uppsökande verksamhet för att synliggöra och få en rättvisande
            bild av målgruppen i Linköpings kommun. Med denna förståelse och kunskap kommer man sedan att i
            samverkan med resterande aktörer där så är möjligt, att ge förslag på lösningar på individ-,
            grupp-, och samhällsnivå.
        """),
    ),
    (
        "Rådgivning",
        _prose("""
            För att möjliggöra att människor ska kunna efterleva de lagar och förordningar som Sverige har,
            men även för att förstå mer svårtydda kulturella beteenden, behövs korrekt, tydlig och
            lättillgänglig information. Med sådan information som grund ges individen möjlighet att fatta
            välgrundade beslut.

            Linköpings stadsmission bistår, genom sin öppna verksamhet och genom ett uppsökande arbete, med
            relevant samhällsinformation och rådgivning.

            Genom denna överenskommelse får Hjärta till hjärta möjlighet att bidra med såväl information till
            målgruppen om rättigheter och försörjningsalternativ i hemlandet som integrationssluss med
            information om Sverige, den svenska arbetsmarknaden samt hälso- och sjukvård.

            Genom denna överenskommelse får Linköpings domkyrkopastorat möjlighet att bidra med en öppen
            mottagning två gånger per vecka för juridisk rådgivning. Vid särskilda behov kan en individ också
            boka tider utöver dessa öppna mottagningstider.

            För barn under 18 år som kommer i kontakt med verksamheten gäller barnkonventionen. Vid misstanke
            om att barn far illa eller då brott begåtts exempelvis våld eller människohandel ska detta
            hanteras enligt aktuella handlingsplaner och rutiner.

            Genom denna överenskommelse får aktörerna från den idéburna sektorn möjlighet att i samverkan
            stödja och komplettera varandra vid rådgivning.
        """),
    ),
    (
        "Samverkan med utsatta EU-medborgares hemländer",
        _prose("""
            För att möjliggöra en god samverkan med europeiska länder vars invånare visats i Linköpings kommun
            bidrar biståndsorganisationen Hjärta till hjärta med kunskap om och organisatoriskt samarbete med
            invånarnas hemländer. Biståndsorganisationen Hjärta till hjärta svarar för service, upplysning och
            råd till enskilda.

            Linköpings domkyrkopastorat bidrar med motiverande samtal samt förmedlande av kontakter inför ett
            eventuellt återvändande.
        """),
    ),
    (
        "Operativ samverkan",
        _prose("""
            Den operativa samverkan ska vara ett stöd för aktörerna i praktiskt operativa frågor. Samverkan
            ska syfta till att planera, genomföra och förbättra de insatser som ges till enskilda vid akuta
            situationer. Den operativa samverkan sammankallas av de idéburna organisationerna en gång i
            kvartalet eller då någon av aktörerna påkallar behov.

            Omsorgsnämnden ska initiera kommunintern samverkan och erfarenhetsutbyte.
        """),
    ),
    (
        "Strategisk samverkan",
        _prose("""
            Baserat på verkliga situationer och erfarenheter från de idéburna organisationernas arbete ska
            samverkan leda till att målgruppens behov och problem beskrivs på ett systematiskt och
            strukturerat sätt samt att i de fall i de fall det är möjligt och lämpligt komma fram till
            lösningar på en övergripande nivå. Linköpings kommun får på detta sätt ytterligare underlag för
            sitt arbete att uppfylla sitt ansvar enligt socialtjänstlagen samt att åstadkomma en sammanhållen
            kommun.

            Genom denna överenskommelse får aktörerna från den idéburna sektorn möjlighet att i samverkan
            gemensamt synliggöra, skapa förståelse för och kunskap om målgruppens situation, samt ge förslag
            på lösningar på individ-, grupp- och samhällsnivå.

            Genom denna överenskommelse får Linköpings kommun, omsorgs- och äldreförvaltningen möjlighet att
            bistå med och genomföra en mötesplattform för kunskapsspridning och lärande, två ggr/ år: oktober
            och april.
        """),
    ),
]

# The organisations' activities as the chapters above name them, in the seed's words.
SM_ACTIVITIES = [
    (
        "Öppen verksamhet",
        "Linköpings stadsmission: en öppen verksamhet där fokus ligger på mänskliga basbehov och medmänskliga "
        "möten. Linköpings domkyrkopastorat: öppen verksamhet i sina åtta församlingar.",
    ),
    (
        "Uppsökande verksamhet",
        "Linköpings stadsmission: uppsökande verksamhet för att synliggöra och få en rättvisande bild av "
        "målgruppen i Linköpings kommun.",
    ),
    (
        "Mötesplatser för språkträning",
        "Biståndsorganisationen Hjärta till hjärta: mötesplatser riktade till målgruppen bl.a. för att "
        "möjliggöra språkträning.",
    ),
    (
        "Rådgivning",
        "Linköpings stadsmission: relevant samhällsinformation och rådgivning. Hjärta till hjärta: information "
        "om rättigheter och försörjningsalternativ i hemlandet samt integrationssluss. Linköpings "
        "domkyrkopastorat: öppen mottagning två gånger per vecka för juridisk rådgivning.",
    ),
    (
        "Samverkan med hemländerna",
        "Biståndsorganisationen Hjärta till hjärta: kunskap om och organisatoriskt samarbete med invånarnas "
        "hemländer. Linköpings domkyrkopastorat: motiverande samtal samt förmedlande av kontakter inför ett "
        "eventuellt återvändande.",
    ),
]

SM_FOLLOW_UP = _prose("""
    Avstämning och uppföljning av denna överenskommelse sker minst 1 gång/ år eller då någon av aktörerna
    påkallar behov. Omsorgs- och äldreförvaltningen ansvarar för att bjuda in till gemensamma träffar. Alla
    berörda aktörer bidrar med underlag till denna uppföljning efter en gemensamt framtagen och
    strukturerad modell. Syftet med uppföljningen är att utvärdera hur genomförandet av överenskommelsen
    bidrar till att nå målsättningen samt att få underlag för att utveckla verksamheten.
""")

# The seed's "Ekonomi" without its figures: the scope (4 232 475 kr per år), each party's
# contribution, OPI from 2019-01-01, the split of 2018-07-01 – 2019-06-30 (1 500 000 /
# 300 000 / 0 kr) and payment in July are entered as figures (finance/demo.py) and
# printed from them; the later years' split "kan förändras" stays in words.
SM_ECONOMY = _prose("""
    Det är fritt för de idéburna organisationerna att söka medel från andra finansiärer eller andra
    samarbetsorganisationer.

    Fördelningen av medel för de följande avtalsåren kan förändras genom överenskommelse mellan aktörerna.

    Eventuella medel som inte använts/kunnat användas för avsatt ändamål ska återbetalas till Linköpings
    kommun.
""")

# The period, 2018-07-01 – 2021-06-30, is entered as figures and printed from them.
SM_CONDITIONS = _prose("""
    Överenskommelsen gäller under förutsättning att samtliga aktörer undertecknat överenskommelsen.
""")

SM_CHANGES_CLAUSE = _prose("""
    Om någon av aktörerna på grund av väsentligt förändrade förutsättningar har svårighet att uppfylla sin
    del kan överenskommelsen behöva att förändras eller upphävas. Förändringar i överenskommelsen ska ske i
    dialog mellan aktörerna. Väsentliga förändringar kan t ex vara problem inom organisationen, ändrad
    lagstiftning eller praxis, eller att de tänkta eller planerade verksamheterna inte lyckats nå den
    övergripande målsättningen.
""")

SM_ASSESSMENTS = {
    1: (MET, "Initiativet kom från Linköpings stadsmission, som vände sig till kommunen (se bakgrunden)."),
    2: (
        MET,
        "Överenskommelsen är ett led i samverkansöverenskommelsen med den idéburna sektorn från 2012 och "
        "kommunstyrelsens riktlinjer för IOP från 2017, där de idéburna organisationerna särskilt nämns.",
    ),
    3: (MET, "Verksamheten ska motverka utanförskap och segregering och bidra till en sammanhållen kommun."),
    4: (
        MET,
        "Uppsökande verksamhet, rådgivning och samverkan med hemländerna för en särskild målgrupp är ingen "
        "del av det normerade föreningsbidraget.",
    ),
    5: (MET, "Det finns ingen marknad för att nå människor som inte söker kontakt med samhällets stödfunktioner."),
    6: (
        MET,
        "Omsorgsnämnden bidrar med 1 800 000 kr per år; organisationerna med insatser till ett värde av "
        "sammanlagt 2 432 475 kr per år.",
    ),
    7: (
        MET,
        "Överenskommelsen anger mål och inriktning; organisationerna bedriver verksamheten flexibelt utifrån "
        "de behov som framkommer.",
    ),
    8: (
        MET,
        "Parterna vill bygga kunskap tillsammans i operativ och strategisk samverkan, inte köpa och sälja tjänster.",
    ),
}
SM_LEGAL_REVIEW = (
    f"{RECONSTRUCTED} Ingen upphandlingspliktig tjänst: det finns ingen marknad för verksamheten och kommunen "
    "köper ingen tjänst. Bidraget bedöms inte som otillåtet statsstöd, eftersom verksamheten inte är av "
    "ekonomisk karaktär. Aktiviteterna får inte bidra till eller underlätta för personer utan vistelserätt att "
    "kvarvara i Sverige."
)

# Assumed: the seed gives no decision date; a meeting of Omsorgsnämnden two weeks before
# the signatures of 2018-05-30.
SM_DECISION_DATE = D(2018, 5, 17)
SM_SIGNED_ON = D(2018, 5, 30)  # "Linköping 2018-05-30"
# The seed names only the committee's signatory, without a title; the organisations'
# lines are blank, so they get a placeholder.
SM_SIGNATORIES = {"Omsorgsnämnden": ("Linda Ljungqvist", "")} | {
    name: (f"Firmatecknare för {name}", "firmatecknare") for name in SM_PARTNERS
}


# --- The renewal of the Resurspoolen agreement: INVENTED demo material ------------------------

RENEWAL_DNR = "ÄN 2022-DEMO"  # invented
RENEWAL_TITLE = f"{RP_TITLE} 2023–2026"
RENEWAL_BACKGROUND = (
    _prose("""
    Påhittat demomaterial: den här förnyelsen finns inte i verkligheten. Den visar hur överenskommelsen
    ÄN 2019-878 mellan äldrenämnden och Resurspoolen, som gällde 2020-01-01 – 2022-12-31, förnyas som en
    ny överenskommelse med samma innehåll, så att pengar, timmar och uppföljning har något som gäller i
    dag.
""")
    + "\n\n"
    + RP_BACKGROUND_GENERAL
)
# As the original, its money and dates stated by the figures (OPI from 2024 here).
RENEWAL_ECONOMY = _prose("""
    Påhittat demomaterial. Parternas insats i överenskommelsen redovisas nedan. Det är fritt för
    Resurspoolen att söka medel från andra finansiärer eller andra samarbetsorganisationer.
""")
RENEWAL_CONDITIONS = _prose("""
    Påhittat demomaterial. Överenskommelsen ersätter överenskommelsen ÄN 2019-878. Utvärdering av
    överenskommelsen sker regelbundet tillsammans med Social- och omsorgsförvaltningen.

    Parterna har möjlighet att kräva återbetalning om medel inte används för avsett ändamål.
""")
RENEWAL_DECISION_DATE = D(2022, 11, 24)  # invented
RENEWAL_SIGNED_ON = D(2022, 12, 12)  # invented
INVENTED = "(Demo: påhittad bedömning)"


# --- The five arbetsmarknadsnämnden partnerships (seeds/info-iop-arbetsmarknadsnamnden-2020.txt) ---

AN_SOURCE = "Information om IOP, arbetsmarknadsnämnden februari 2020"
AN_BACKGROUND = _prose(f"""
    Uppgifterna om målgrupp, anvisning, deltagare, aktiviteter och ekonomi kommer från ”{AN_SOURCE}”, som
    sammanställer de fem idéburna offentliga partnerskap som fanns inom arbetsmarknadsnämnden i februari
    2020. Avtalstexten finns inte i registret. Diarienummer, period, beslut och underskrifter är påhittade
    för demon.
""")
# Invented, marked: the document gives no dates. A period that covers February 2020, when
# the document says the partnerships were in force; decided and signed shortly before.
# They are signed (with placeholder signatories and invented organisation numbers) rather
# than left "decided", because the document describes them as agreements in force.
AN_START, AN_END = D(2019, 1, 1), D(2020, 12, 31)
AN_DECISION_DATE = D(2018, 12, 13)
AN_SIGNED_ON = D(2018, 12, 20)

# The overview table, column by column, in the document's words. Where the participants
# column gives several figures, planned_participants is the number of participants it
# counts (a comment says which); the words are kept in participants_note. The value and
# the cost per year are figures (finance/demo.py enters them, finance's demo test holds
# them equal to these), printed from there: no economy text repeats them.
AN_PARTNERSHIPS = [
    {
        "registry_number": "AN DEMO-1",
        "title": "Hoppfull framtid",
        "partners": ["Linköpings stadsmission"],
        "planned_participants": 25,
        "participants_note": "25 st.",
        "target_group": "Nyanlända, vuxna, som har eller löper risk för försörjningsstöd. >20h/v.",
        "referral": "AMC.",
        "value": "2 080 500 kr",
        "cost": "1 100 000 kr",
        "activities": [
            ("2nd hand", "Arbetsträning i arbetsteam: butik."),
            ("Café", "Arbetsträning i arbetsteam: café."),
            ("Von Dufva", "Arbetsträning i arbetsteam: restaurangkök."),
        ],
    },
    {
        "registry_number": "AN DEMO-2",
        "title": "Kompletterande språkträning",
        "partners": ["Bilda"],
        "planned_participants": 54,  # the adults who practise Swedish; their children are minded
        "participants_note": "54 st vuxna, 60 st barn",
        "target_group": "Föräldralediga, nyanlända.",
        "referral": "Familjecentralerna\nEget initiativ.",
        "value": "897 626 kr",
        "cost": "590 000 kr",
        "activities": [("Öva svenska dagtid, med barnpassning", "")],
    },
    {
        "registry_number": "AN DEMO-3",
        "title": "Bromodellen – Vägen till anställningsbarhet",
        "partners": ["Erikshjälpen", "Bilda"],
        "planned_participants": 58,
        "participants_note": "58 st (5 st vidare till jobb)",
        "target_group": "Nyanlända, vuxna, som har eller löper risk för försörjningsstöd. >10h/v.",
        "referral": "AMC.",
        "value": "1 791 200 kr",
        "cost": "1 150 000 kr",
        "activities": [("Bildande insatser", ""), ("Arbetspraktik i verkstad, butik", "")],
    },
    {
        "registry_number": "AN DEMO-4",
        "title": "Inkludering på lika villkor",
        "partners": ["IKF"],
        "planned_participants": 80,
        "participants_note": "80 (20 nya, 2 st till arbete, 10 st till annan insats t ex sfi)",
        "target_group": "Vuxna nyanlända, f a kvinnor men alla är välkomna. <10h/v.",
        "referral": "Team utreda.\nEget initiativ.",
        "value": "454 000 kr",
        "cost": "230 000 kr",
        "activities": [("Hälsogrupper m gemensam yoga, lätt jympa", ""), ("Utflykter i Linköping", "")],
    },
    {
        "registry_number": "AN DEMO-5",
        "title": "Språkvänner",
        "partners": ["Linköping södra Röda korskrets"],
        "planned_participants": 297,  # nyanlända 205 + etablerade 92
        "participants_note": "Nyanlända: 205st, Etablerade: 92st, Matchningar: 76st, Språkvänspar: 88st",
        "target_group": "Etablerade i Sverige samt nyanlända. Alla åldrar.",
        "referral": "Eget initiativ.",
        "value": "1 077 600 kr",
        "cost": "600 000 kr",
        "activities": [
            ("Språkcaféer", ""),
            ("pop-up-caféer", ""),
            ("walk n’ talk", ""),
            ("Språkvänsmatchning", ""),
        ],
    },
]


def _an_assessments(spec):
    partners = " och ".join(spec["partners"])
    return {
        1: (MET, "Enligt informationen till nämnden måste initiativet komma från civilsamhällesaktören."),
        2: (
            MET,
            "Ett led i Program för samverkan med civilsamhälle och idéburen sektor (KS 2012) och Riktlinjer "
            "för IOP i Linköpings kommun.",
        ),
        3: (MET, "Bidrar till de kommunala målen stark gemenskap och människor i arbete."),
        4: (MET, "Ett ömsesidigt åtagande mellan parterna, inte ett normerat föreningsbidrag."),
        5: (MET, "Det finns ingen kommersiell marknad för det som görs inom partnerskapet."),
        6: (
            MET,
            f"Värde per år {spec['value']}, varav arbetsmarknadsnämndens kostnad {spec['cost']}; resten bär "
            f"{partners}.",
        ),
        7: (MET, f"Aktiviteterna utformas av {partners}."),
        8: (MET, "Partnerskapet bygger på tillit och syftet att uppnå ett visst samhälleligt mål."),
    }


AN_LEGAL_REVIEW = (
    f"{RECONSTRUCTED} Bedömt av handläggare och jurist mot lagen om offentlig upphandling, EU:s statsstödsregler "
    "och kommunallagen, enligt Riktlinjer för IOP i Linköpings kommun."
)


# --- One draft for Bildningsnämnden: INVENTED demo material -------------------------------------

DRAFT_DNR = "BN DEMO-1"  # invented
DRAFT_TITLE = "Språkcirklar för vuxna nyanlända"
DRAFT_PARTNER = "Bilda"
DRAFT_BACKGROUND = _prose("""
    Påhittat demomaterial: ett utkast som visar hur en ny överenskommelse tar form. Bilda har föreslagit
    bildningsnämnden ett partnerskap om språkcirklar för vuxna nyanlända som studerar svenska för
    invandrare, som komplement till undervisningen.
""")
DRAFT_PURPOSE = _prose("""
    Att ge vuxna nyanlända fler tillfällen att öva svenska i vardagliga sammanhang, och därmed stärka
    deras delaktighet i samhället.
""")
DRAFT_TARGET_GROUP = "Vuxna nyanlända som studerar svenska för invandrare (sfi) i Linköpings kommun."
# Bildningsnämnden's municipal goals, from seeds/info-iop-bildningsnamnden.txt.
DRAFT_GOALS = _prose("""
    - Mål nr 4. En kommun där alla kan leva ett hälsosamt och meningsfullt liv
    - Mål nr 7. En sammanhållen kommun med framtidstro och delaktighet
""")
DRAFT_ASSESSMENTS = {
    1: (MET, "Initiativet kommer från Bilda."),
    3: (MET, "Språkcirklarna ger deltagarna nya kontakter och ökad delaktighet."),
    6: (PARTLY, "Bildas insats (cirkelledare, lokaler) är ännu inte värderad i kronor."),
}


# --- Building through the services ---------------------------------------------------------------


def _municipality():
    return Municipality.objects.get(name=MUNICIPALITY["name"])


def _committee(name):
    return Committee.objects.get(municipality=_municipality(), name=name)


def _administration(name):
    return Administration.objects.get(municipality=_municipality(), name=name)


def _organisation(name):
    return Organisation.objects.get(name=name)


def _exists(registry_number):
    return Agreement.objects.filter(municipality=_municipality(), registry_number=registry_number).exists()


def _agreement(registry_number):
    return Agreement.objects.get(municipality=_municipality(), registry_number=registry_number)


def _marked(marker, answers):
    return {number: (judgement, f"{marker} {text}") for number, (judgement, text) in answers.items()}


def _draft(
    *,
    committee,
    registry_number,
    title,
    fields,
    committee_description="",
    partners=(),
    responsibilities=(),
    activities=(),
    sections=(),
    start="blank",
):
    """A new agreement's first version, filled in the way the edit pages fill it."""
    agreement = services.agreement_create(
        by=None, committee=committee, title=title, registry_number=registry_number, start=start
    )
    version = agreement.versions.get()
    services.version_update(by=None, version=version, lock_version=version.lock_version, **fields)
    committee_party = version.parties.get(committee__isnull=False)
    if committee_description:
        committee_party.version = version  # item_update claims the lock on this very object
        services.item_update(
            by=None, item=committee_party, lock_version=version.lock_version, description=committee_description
        )
    parties = {KOMMUN: committee_party}
    for name, description in partners:
        parties[name] = services.item_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            kind="party",
            organisation=_organisation(name),
            description=description,
        )
    for whose, text in responsibilities:
        services.item_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            kind="responsibility",
            party=parties[whose] if whose is not GEMENSAMT else None,
            text=text,
        )
    for name, description in activities:
        services.item_add(
            by=None,
            version=version,
            lock_version=version.lock_version,
            kind="activity",
            name=name,
            description=description,
        )
    for heading, body in sections:
        services.item_add(
            by=None, version=version, lock_version=version.lock_version, kind="section", heading=heading, body=body
        )
    return agreement, version


def _assess(version, answers, legal_review):
    services.assessments_save(
        by=None, version=version, lock_version=version.lock_version, answers=answers, legal_review=legal_review
    )


def _decide_and_sign(version, *, decision_date, signed_on, signatories):
    """Ready for decision, decided by the committee, signed by every party.

    signatories: party name → (signatory name, title). The paragraph of the decision is
    unknown for every demo agreement and stays empty.
    """
    # The money is part of the text: it goes in while the version is a draft.
    finance_demo.add_money(version)
    services.version_submit(by=None, version=version)
    services.version_decide(
        by=None, version=version, decision_body=version.committee.name, decision_date=decision_date, today=TODAY
    )
    for party in version.parties.select_related("committee", "organisation"):
        name, title = signatories[party.name]
        services.version_sign(
            by=None,
            party=party,
            signatory_name=name,
            signatory_title=title,
            place=version.signing_place,
            date=signed_on,
            today=TODAY,
        )
    version.refresh_from_db()
    return version


def _placeholder_signatories(version):
    """Placeholders for parties whose signatories no document names."""
    signatories = {}
    for party in version.parties.select_related("committee", "organisation"):
        if party.is_public:
            signatories[party.name] = (f"Företrädare för {party.name}", "")
        else:
            signatories[party.name] = (f"Firmatecknare för {party.name}", "firmatecknare")
    return signatories


def load_default_texts():
    """The municipality's standard wording, where an administrator has not already set one."""
    existing = set(DefaultText.objects.values_list("field", flat=True))
    for field, text in DEFAULT_TEXTS.items():
        if field not in existing:
            services.default_text_save(by=None, field=field, text=text)


def load_invented_org_numbers():
    """INVENTED organisation numbers, so that the demo's partners can sign; marked as such."""
    for name, number in INVENTED_ORG_NUMBERS.items():
        organisation = Organisation.objects.filter(name=name, org_number__isnull=True).first()
        if organisation is None:
            continue
        description = f"{organisation.description}\n\n{INVENTED_ORG_NUMBER_NOTE}".strip()
        partners_services.organisation_update(
            by=None, organisation=organisation, org_number=number, description=description
        )


def load_resurspoolen():
    if _exists(RP_DNR):
        return _agreement(RP_DNR)
    agreement, version = _draft(
        committee=_committee("Äldrenämnden"),
        registry_number=RP_DNR,
        title=RP_TITLE,
        fields={
            "administration": _administration("Social- och omsorgsförvaltningen"),
            "start_date": D(2020, 1, 1),
            "end_date": D(2022, 12, 31),
            "extension_months": 36,
            "extension_count": 1,
            "notice_months": 6,
            # "Senast 2019-12-31 ska ställning tas …" concerns the earlier agreement: no deadline here.
            "background": RP_BACKGROUND,
            "challenge": RP_CHALLENGE,
            "purpose": RP_PURPOSE,
            "objectives": RP_OBJECTIVES,
            "target_group": RP_TARGET_GROUP,
            "value_base": RP_VALUE_BASE,
            "value_base_references": RP_VALUE_BASE_REFERENCES,
            "starting_points": RP_STARTING_POINTS,
            "follow_up": RP_FOLLOW_UP,
            "economy": RP_ECONOMY,
            "conditions": RP_CONDITIONS,
            "changes_clause": RP_CHANGES_CLAUSE,
            "signing_place": "Linköping",
        },
        committee_description=RP_COMMITTEE_DESCRIPTION,
        partners=[("Resurspoolen", RP_PARTNER_DESCRIPTION)],
        responsibilities=RP_RESPONSIBILITIES,
        activities=RP_ACTIVITIES,
        sections=RP_SECTIONS,
    )
    _assess(version, _marked(RECONSTRUCTED, RP_ASSESSMENTS), RP_LEGAL_REVIEW)
    _decide_and_sign(version, decision_date=RP_DECISION_DATE, signed_on=RP_SIGNED_ON, signatories=RP_SIGNATORIES)
    return agreement


def load_stadsmission():
    if _exists(SM_DNR):
        return _agreement(SM_DNR)
    agreement, version = _draft(
        committee=_committee("Omsorgsnämnden"),
        registry_number=SM_DNR,
        title=SM_TITLE,
        fields={
            # The administration the 2018 agreement names (since reorganised).
            "administration": _administration("Omsorgs- och äldreförvaltningen"),
            "start_date": D(2018, 7, 1),
            "end_date": D(2021, 6, 30),
            # No extension option, and the seed states no notice period.
            "background": SM_BACKGROUND,
            "purpose": SM_PURPOSE,
            "objectives": SM_OBJECTIVES,
            "target_group": SM_TARGET_GROUP,
            "value_base": SM_VALUE_BASE,
            "value_base_references": SM_VALUE_BASE_REFERENCES,
            "gender_equality": SM_GENDER_EQUALITY,
            "starting_points": SM_STARTING_POINTS,
            "follow_up": SM_FOLLOW_UP,
            "economy": SM_ECONOMY,
            "conditions": SM_CONDITIONS,
            "changes_clause": SM_CHANGES_CLAUSE,
            "signing_place": "Linköping",
        },
        committee_description=SM_COMMITTEE_DESCRIPTION,
        partners=[(name, SM_PARTNER_DESCRIPTIONS[name]) for name in SM_PARTNERS],
        activities=SM_ACTIVITIES,
        sections=SM_SECTIONS,
    )
    _assess(version, _marked(RECONSTRUCTED, SM_ASSESSMENTS), SM_LEGAL_REVIEW)
    _decide_and_sign(version, decision_date=SM_DECISION_DATE, signed_on=SM_SIGNED_ON, signatories=SM_SIGNATORIES)
    return agreement


def load_renewal(resurspoolen):
    """INVENTED: the Resurspoolen agreement renewed from 2023, in force today."""
    if _exists(RENEWAL_DNR):
        return _agreement(RENEWAL_DNR)
    agreement = services.agreement_renew(by=None, agreements=[resurspoolen], registry_number=RENEWAL_DNR)
    version = agreement.versions.get()
    services.version_update(
        by=None,
        version=version,
        lock_version=version.lock_version,
        title=RENEWAL_TITLE,
        start_date=D(2023, 1, 1),
        end_date=D(2026, 12, 31),
        extension_months=36,
        extension_count=1,
        notice_months=6,
        background=RENEWAL_BACKGROUND,
        economy=RENEWAL_ECONOMY,
        conditions=RENEWAL_CONDITIONS,
    )
    _assess(version, _marked(INVENTED, RP_ASSESSMENTS), f"{INVENTED} {RP_LEGAL_REVIEW_TEXT}")
    _decide_and_sign(
        version,
        decision_date=RENEWAL_DECISION_DATE,
        signed_on=RENEWAL_SIGNED_ON,
        signatories=_placeholder_signatories(version),
    )
    return agreement


def load_arbetsmarknad():
    committee = _committee("Arbetsmarknadsnämnden")
    administration = _administration("Utbildnings- och arbetsmarknadsförvaltningen")
    loaded = []
    for spec in AN_PARTNERSHIPS:
        if _exists(spec["registry_number"]):
            loaded.append(_agreement(spec["registry_number"]))
            continue
        agreement, version = _draft(
            committee=committee,
            registry_number=spec["registry_number"],
            title=spec["title"],
            fields={
                "administration": administration,
                "start_date": AN_START,
                "end_date": AN_END,
                "background": AN_BACKGROUND,
                "target_group": spec["target_group"],
                "referral": spec["referral"],
                "planned_participants": spec["planned_participants"],
                "participants_note": spec["participants_note"],
                "signing_place": "Linköping",
            },
            partners=[(name, "") for name in spec["partners"]],
            activities=spec["activities"],
        )
        _assess(version, _marked(RECONSTRUCTED, _an_assessments(spec)), AN_LEGAL_REVIEW)
        _decide_and_sign(
            version,
            decision_date=AN_DECISION_DATE,
            signed_on=AN_SIGNED_ON,
            signatories=_placeholder_signatories(version),
        )
        loaded.append(agreement)
    return loaded


def load_draft():
    """INVENTED: a draft for Bildningsnämnden, started from the default texts, half done."""
    if _exists(DRAFT_DNR):
        return _agreement(DRAFT_DNR)
    starting_points = DefaultText.objects.filter(field="starting_points").values_list("text", flat=True).first()
    agreement, version = _draft(
        committee=_committee("Bildningsnämnden"),
        registry_number=DRAFT_DNR,
        title=DRAFT_TITLE,
        start="defaults",
        fields={
            "administration": _administration("Utbildnings- och arbetsmarknadsförvaltningen"),
            "start_date": D(2027, 1, 1),
            "end_date": D(2029, 12, 31),
            "background": DRAFT_BACKGROUND,
            "purpose": DRAFT_PURPOSE,
            "target_group": DRAFT_TARGET_GROUP,
            "starting_points": "\n".join(filter(None, [starting_points, DRAFT_GOALS])),
            "referral": "Vuxenutbildningen\nEget initiativ.",
        },
        partners=[(DRAFT_PARTNER, "")],
        responsibilities=[
            (DRAFT_PARTNER, "Leda språkcirklar i svenska, med cirkelledare och lokaler."),
            (KOMMUN, "Informera sfi-studerande om språkcirklarna."),
            (GEMENSAMT, "Följa upp deltagandet varje termin."),
        ],
        activities=[("Språkcirklar", "Samtal på svenska i små grupper, kvällstid.")],
    )
    _assess(version, _marked("(Demo: påhittat utkast)", DRAFT_ASSESSMENTS), "")
    return agreement


# --- Two money shapes the seeds lack: INVENTED demo material --------------------------------------
#
# One agreement that starts and ends mid-year (Bildningsnämnden, 2024-07-01 – 2026-03-31) and
# one amended after it was signed, to raise the committee's money from a later year
# (Omsorgsnämnden, 2024–2027, version 2). Their money is in finance/demo.py.

MIDYEAR_DNR = "BN DEMO-2"  # invented
MIDYEAR_PARTNER = "Linköping södra Röda korskrets"
MIDYEAR_TITLE = "Läxhjälp för nyanlända elever"
MIDYEAR_BACKGROUND = _prose("""
    Påhittat demomaterial: den här överenskommelsen finns inte i verkligheten. Den visar en
    överenskommelse som börjar och slutar mitt i ett kalenderår. Bildningsnämndens bidrag för det
    första halvåret och det sista kvartalet räknas i förhållande till antalet månader, och den första
    utbetalningen sker i startmånaden, eftersom januari då redan har passerat.

    Linköping södra Röda korskrets har erbjudit bildningsnämnden läxhjälp med volontärer för
    nyanlända elever, som ett komplement till undervisningen i svenska.
""")
MIDYEAR_PURPOSE = _prose("""
    Att ge nyanlända elever i årskurs 7–9 stöd med läxor och det svenska språket, så att fler når
    godkända betyg.
""")
MIDYEAR_TARGET_GROUP = "Nyanlända elever i årskurs 7–9 i Linköpings kommunala skolor."
MIDYEAR_ECONOMY = _prose("""
    Påhittat demomaterial. Linköping södra Röda korskrets står för volontärernas tid och för material.
    Det är fritt för Röda korskretsen att söka medel från andra finansiärer.
""")
MIDYEAR_CONDITIONS = _prose("""
    Påhittat demomaterial. Överenskommelsen gäller under förutsättning att samtliga parter har
    undertecknat den. Parterna har möjlighet att kräva återbetalning om medel inte används för avsett
    ändamål.
""")
MIDYEAR_DECISION_DATE = D(2024, 5, 23)  # invented
MIDYEAR_SIGNED_ON = D(2024, 6, 13)  # invented
MIDYEAR_ASSESSMENTS = {
    1: (MET, "Initiativet kommer från Linköping södra Röda korskrets."),
    2: (MET, "Ett led i Program för samverkan med civilsamhälle och idéburen sektor."),
    3: (MET, "Bidrar till målet att fler elever når godkända betyg."),
    4: (MET, "Ett ömsesidigt åtagande: kommunen ger lokaler och bidrag, Röda korskretsen volontärer."),
    5: (MET, "Det finns ingen kommersiell marknad för läxhjälp av volontärer."),
    6: (MET, "Röda korskretsens insats är värderad i kronor."),
    7: (MET, "Läxhjälpen utformas av Röda korskretsen."),
    8: (MET, "Partnerskapet bygger på tillit och ett gemensamt mål."),
}

AMENDED_DNR = "ON DEMO-1"  # invented
AMENDED_PARTNER = "Linköpings domkyrkopastorat"
AMENDED_TITLE = "Samtalsgrupper mot ofrivillig ensamhet"
AMENDED_BACKGROUND = _prose("""
    Påhittat demomaterial: den här överenskommelsen finns inte i verkligheten. Den visar en ändring av
    en undertecknad överenskommelse: version 2 höjer omsorgsnämndens bidrag från och med ett senare år,
    medan de år som redan har betalats ut behåller beloppet i version 1.

    Linköpings domkyrkopastorat har föreslagit omsorgsnämnden samtalsgrupper för äldre som lever i
    ofrivillig ensamhet.
""")
AMENDED_PURPOSE = "Att minska ofrivillig ensamhet bland äldre genom samtal och gemenskap."
AMENDED_TARGET_GROUP = "Äldre personer i Linköpings kommun som upplever ofrivillig ensamhet."
AMENDED_ECONOMY = _prose("""
    Påhittat demomaterial. Linköpings domkyrkopastorat bidrar med samtalsledare och lokaler. Det är
    fritt för domkyrkopastoratet att söka medel från andra finansiärer.
""")
AMENDMENT_ECONOMY = _prose("""
    Påhittat demomaterial. Ändringen höjer omsorgsnämndens bidrag eftersom samtalsgrupperna utökas till
    fler stadsdelar; de år som redan har betalats ut ändras inte. Linköpings domkyrkopastorat bidrar med
    samtalsledare och lokaler. Det är fritt för domkyrkopastoratet att söka medel från andra
    finansiärer.
""")
AMENDED_DECISION_DATE = D(2023, 11, 16)  # invented
AMENDED_SIGNED_ON = D(2023, 12, 7)  # invented
AMENDMENT_DECISION_DATE = D(2025, 10, 23)  # invented
AMENDMENT_SIGNED_ON = D(2025, 11, 12)  # invented
AMENDED_ASSESSMENTS = {
    1: (MET, "Initiativet kommer från Linköpings domkyrkopastorat."),
    2: (MET, "Ett led i Program för samverkan med civilsamhälle och idéburen sektor."),
    3: (MET, "Bidrar till målet att äldre ska kunna leva ett meningsfullt liv."),
    4: (MET, "Ett ömsesidigt åtagande: kommunen bidrar med medel, pastoratet med samtalsledare och lokaler."),
    5: (MET, "Det finns ingen kommersiell marknad för samtalsgrupperna."),
    6: (MET, "Pastoratets insats är värderad i kronor."),
    7: (MET, "Samtalsgrupperna utformas av pastoratet."),
    8: (MET, "Partnerskapet bygger på tillit och ett gemensamt mål."),
}


def load_mid_year():
    """INVENTED: an agreement from July to March, paid in January."""
    if _exists(MIDYEAR_DNR):
        return _agreement(MIDYEAR_DNR)
    agreement, version = _draft(
        committee=_committee("Bildningsnämnden"),
        registry_number=MIDYEAR_DNR,
        title=MIDYEAR_TITLE,
        fields={
            "administration": _administration("Utbildnings- och arbetsmarknadsförvaltningen"),
            "start_date": D(2024, 7, 1),
            "end_date": D(2026, 3, 31),
            "notice_months": 3,
            "background": MIDYEAR_BACKGROUND,
            "purpose": MIDYEAR_PURPOSE,
            "target_group": MIDYEAR_TARGET_GROUP,
            "referral": "Elevhälsan\nEget initiativ.",
            "economy": MIDYEAR_ECONOMY,
            "conditions": MIDYEAR_CONDITIONS,
            "signing_place": "Linköping",
        },
        partners=[(MIDYEAR_PARTNER, "")],
        responsibilities=[
            (MIDYEAR_PARTNER, "Rekrytera, utbilda och samordna volontärer som läxhjälpare."),
            (KOMMUN, "Upplåta skolbibliotekens lokaler och informera eleverna om läxhjälpen."),
            (GEMENSAMT, "Följa upp deltagandet varje termin."),
        ],
        activities=[("Läxhjälp", "Två eftermiddagar i veckan i skolbiblioteken.")],
    )
    _assess(version, _marked(INVENTED, MIDYEAR_ASSESSMENTS), f"{INVENTED} {RP_LEGAL_REVIEW_TEXT}")
    _decide_and_sign(
        version,
        decision_date=MIDYEAR_DECISION_DATE,
        signed_on=MIDYEAR_SIGNED_ON,
        signatories=_placeholder_signatories(version),
    )
    return agreement


def load_amended():
    """INVENTED: an agreement signed for 2024–2027 and amended in 2025 (version 2), its
    money raised from 2026 (finance/demo.py)."""
    if _exists(AMENDED_DNR):
        agreement = _agreement(AMENDED_DNR)
    else:
        agreement, version = _draft(
            committee=_committee("Omsorgsnämnden"),
            registry_number=AMENDED_DNR,
            title=AMENDED_TITLE,
            fields={
                "administration": _administration("Social- och omsorgsförvaltningen"),
                "start_date": D(2024, 1, 1),
                "end_date": D(2027, 12, 31),
                "notice_months": 6,
                "background": AMENDED_BACKGROUND,
                "purpose": AMENDED_PURPOSE,
                "target_group": AMENDED_TARGET_GROUP,
                "referral": "Biståndshandläggare\nEget initiativ.",
                "economy": AMENDED_ECONOMY,
                "conditions": MIDYEAR_CONDITIONS,
                "signing_place": "Linköping",
            },
            partners=[(AMENDED_PARTNER, "")],
            responsibilities=[
                (AMENDED_PARTNER, "Leda samtalsgrupperna och upplåta lokaler."),
                (KOMMUN, "Informera om samtalsgrupperna genom biståndshandläggare och träffpunkter."),
                (GEMENSAMT, "Följa upp deltagandet varje år."),
            ],
            activities=[("Samtalsgrupper", "Sex till åtta deltagare som träffas varje vecka med en samtalsledare.")],
        )
        _assess(version, _marked(INVENTED, AMENDED_ASSESSMENTS), f"{INVENTED} {RP_LEGAL_REVIEW_TEXT}")
        _decide_and_sign(
            version,
            decision_date=AMENDED_DECISION_DATE,
            signed_on=AMENDED_SIGNED_ON,
            signatories=_placeholder_signatories(version),
        )
    if agreement.versions.filter(number__gt=1).exists():
        return agreement
    amendment = services.agreement_amend(by=None, agreement=agreement, today=TODAY)
    services.version_update(by=None, version=amendment, lock_version=amendment.lock_version, economy=AMENDMENT_ECONOMY)
    _decide_and_sign(
        amendment,
        decision_date=AMENDMENT_DECISION_DATE,
        signed_on=AMENDMENT_SIGNED_ON,
        signatories=_placeholder_signatories(amendment),
    )
    return agreement


def load():
    """Create the demo agreements that are missing; what exists stays as it is."""
    load_default_texts()
    load_invented_org_numbers()
    resurspoolen = load_resurspoolen()
    load_stadsmission()
    load_renewal(resurspoolen)
    load_arbetsmarknad()
    load_draft()
    load_mid_year()
    load_amended()
