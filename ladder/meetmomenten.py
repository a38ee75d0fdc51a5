"""When a meting is taken: its aanleiding, the reasons for uitstroom, and the next date (§3.2).

§3.2 asks for a meting at least once a year and also at the start and the end of a
traject, at registration for a WWB-uitkering and when a klant leaves the ladder.
Utrecht's activeringsteams (seeds/004) add: first contact, start of the follow-up
traject, and six months after first contact.
"""

import calendar
from datetime import date

AANLEIDINGEN: dict[str, str] = {
    "intake": "Intake / eerste contact",
    "jaarlijks": "Jaarlijkse meting",
    "start_traject": "Start van een traject",
    "afronding_traject": "Afronding van een traject",
    "inschrijving_wwb": "Inschrijving voor een WWB-uitkering",
    "start_vervolgtraject": "Start van het vervolgtraject",
    "half_jaar": "Half jaar na eerste contact",
    "uitstroom": "Klant stroomt van de participatieladder af",
    "overig": "Overig",
}

UITSTROOM = "uitstroom"

UITSTROOM_INLEIDING = (
    "Een klant stroomt van de participatieladder af. Dit is het geval wanneer een klant:"
)

# The five situations of §3.2, verbatim; each completes UITSTROOM_INLEIDING.
UITSTROOMREDENEN: dict[str, str] = {
    "werk_zes_maanden": "ten minste zes maanden aan het werk is op het hoogste niveau",
    "traject_zonder_vervolg": (
        "na afronding van een traject niet start met een vervolgtraject en geen uitkering ontvangt"
    ),
    "uitkering_andere_reden": "uit de uitkering stroomt om een andere reden dan werk",
    "uitval_traject": "halverwege een traject uitvalt en geen uitkering ontvangt",
    "bbl_zes_maanden": "ten minste zes maanden een bbl-opleiding volgt",
}

# "Minimaal één keer per jaar wordt het participatieniveau en groeipotentieel bepaald" (§2.3).
MINIMALE_FREQUENTIE_MAANDEN = 12


def standaard_volgende_meetdatum(meetdatum: date, maanden: int = 12) -> date:
    """The date a number of calendar months later; 31 January + 1 month is the end of February."""
    if maanden < 1:
        raise ValueError(f"Het aantal maanden moet minstens 1 zijn, niet {maanden}")
    jaren, maand_index = divmod(meetdatum.month - 1 + maanden, 12)
    jaar = meetdatum.year + jaren
    maand = maand_index + 1
    laatste_dag = calendar.monthrange(jaar, maand)[1]
    return date(jaar, maand, min(meetdatum.day, laatste_dag))


def voorgestelde_aanleiding(
    vorige_aanleiding: str | None, vorige_meetdatum: date | None, gepland: date | None
) -> str:
    """The aanleiding to offer for a new meting, from the klant's latest one.

    No earlier meting: the first contact. After an intake whose next meting was planned about
    half a year on (Utrecht's practice, seeds/004): the half-year meting. Otherwise the yearly
    one, the minimum of §2.3. A suggestion only: the user chooses."""
    if vorige_aanleiding is None:
        return "intake"
    half_jaar_gepland = gepland and vorige_meetdatum and (gepland - vorige_meetdatum).days <= 7 * 31
    if vorige_aanleiding == "intake" and half_jaar_gepland:
        return "half_jaar"
    return "jaarlijks"
