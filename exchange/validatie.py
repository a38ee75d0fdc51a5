"""The check of one import row: the klant's columns, with a Dutch message per problem.

Plain Python against a looked-up ``Context``, so ten thousand rows need no query each.
The meting's own columns are checked in ``metingvelden``.
"""

import datetime
import re
from dataclasses import dataclass, field

from stdnum.nl import bsn as stdnum_bsn

from ladder.tekst import tekstfout
from models.klant import GESLACHTEN

POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
NL_DATUM = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KLANT_TEKSTEN = {
    "achternaam": 200,
    "tussenvoegsel": 20,
    "voornaam": 200,
    "voorletters": 20,
    "adres": 200,
    "woonplaats": 100,
}


@dataclass
class Context:
    """What the database already holds, as far as the file's rows need it."""

    organisatie_id: int
    vandaag: datetime.date
    klanten: dict[str, int]  # bsn -> klant id, of the importing organisation only
    meting_sleutels: set[tuple[str, datetime.date, str]]  # (bsn, meetdatum, aanleiding)
    klantmanagers: dict[str, int]  # e-mail -> gebruiker id, within the organisation
    teams: dict[str, int]  # naam -> team id
    gemeenten: dict[str, int]  # CBS-code -> gemeente id, the gemeenten it serves
    subgroepen: set[str]


@dataclass
class Fout:
    rij: int
    kolom: str
    melding: str


@dataclass
class Bronrij:
    """One row being checked: its text per column and the problems found so far."""

    nr: int
    waarden: dict[str, str]
    fouten: list[Fout] = field(default_factory=list)

    def get(self, kolom: str) -> str:
        return self.waarden.get(kolom, "")

    def fout(self, kolom: str, melding: str) -> None:
        self.fouten.append(Fout(self.nr, kolom, melding))


def normaliseer_bsn(waarde: str) -> str | None:
    """Nine digits passing the 11-proef (as forms.validators, which would pull in Flask)."""
    if any(ch not in "0123456789 .-" for ch in waarde):
        return None
    cijfers = "".join(ch for ch in waarde if ch.isdigit())
    cijfers = cijfers.zfill(9) if len(cijfers) == 8 else cijfers
    # Nine digits first: python-stdnum turns the text into an int before it counts them, and
    # Python refuses to convert a text of more than 4300 digits (a hostile cell).
    geldig = len(cijfers) == 9 and cijfers != "000000000" and stdnum_bsn.is_valid(cijfers)
    return cijfers if geldig else None


def bsn(rij: Bronrij, ctx: Context) -> str | None:
    """The normalised BSN. Only the importing organisation's klanten are looked up: whether
    another organisation knows this BSN is never part of the answer."""
    waarde = rij.get("bsn")
    if not waarde:
        rij.fout("bsn", "BSN ontbreekt.")
        return None
    nummer = normaliseer_bsn(waarde)
    if nummer is None:
        rij.fout("bsn", "Ongeldig BSN: 9 cijfers die voldoen aan de elfproef.")
        return None
    return nummer


def datum(rij: Bronrij, kolom: str, ctx: Context, verplicht: str = "") -> datetime.date | None:
    """A date as JJJJ-MM-DD or DD-MM-JJJJ, not in the future."""
    waarde = rij.get(kolom)
    if not waarde:
        if verplicht:
            rij.fout(kolom, verplicht)
        return None
    try:
        if ISO_DATUM.match(waarde):
            gevonden = datetime.date.fromisoformat(waarde)
        elif match := NL_DATUM.match(waarde):
            dag, maand, jaar = (int(deel) for deel in match.groups())
            gevonden = datetime.date(jaar, maand, dag)
        else:
            raise ValueError(waarde)
    except ValueError:
        rij.fout(kolom, "Ongeldige datum: gebruik JJJJ-MM-DD of DD-MM-JJJJ.")
        return None
    if kolom != "volgende_meetdatum" and gevonden > ctx.vandaag:
        rij.fout(kolom, "Datum in de toekomst.")
        return None
    return gevonden


def tekst(rij: Bronrij, kolom: str, maximum: int, meerregelig: bool = False) -> str:
    """Text of at most `maximum` characters, plain as the forms want it (ladder.tekst)."""
    waarde = rij.get(kolom)
    melding = tekstfout(waarde, meerregelig)
    if len(waarde) > maximum:
        rij.fout(kolom, f"Te lang: gebruik maximaal {maximum} tekens.")
    elif melding:
        rij.fout(kolom, melding)
    return waarde


def werkproces(rij: Bronrij, ctx: Context) -> dict:
    """Behandelend klantmanager (by e-mail, in the organisation), team and afdeling."""
    email = rij.get("klantmanager_email").lower()
    klantmanager = ctx.klantmanagers.get(email) if email else None
    if email and klantmanager is None:
        rij.fout("klantmanager_email", "Onbekende klantmanager: geen collega met dit e-mailadres.")
    team = ctx.teams.get(rij.get("team")) if rij.get("team") else None
    if rij.get("team") and team is None:
        rij.fout("team", "Onbekend team: geen team met deze naam in uw organisatie.")
    return {"klantmanager": klantmanager, "team": team, "afdeling": tekst(rij, "afdeling", 100)}


def klant(rij: Bronrij, ctx: Context, nummer: str) -> dict:
    """The fields of a new klant (Bijlage 1 persoonsgegevens)."""
    gegevens: dict = {"bsn": nummer, "organisatie": ctx.organisatie_id}
    for kolom, maximum in KLANT_TEKSTEN.items():
        gegevens[kolom] = tekst(rij, kolom, maximum)
    if not gegevens["achternaam"]:
        rij.fout("achternaam", "Achternaam ontbreekt (nodig voor een nieuwe klant).")
    gegevens["geboortedatum"] = datum(
        rij, "geboortedatum", ctx, "Geboortedatum ontbreekt (nodig voor een nieuwe klant)."
    )
    gegevens["geslacht"] = keuze(rij, "geslacht", GESLACHTEN, "x", "Onbekend geslacht: m, v of x.")
    gegevens["postcode"] = rij.get("postcode")
    if gegevens["postcode"] and not POSTCODE.match(gegevens["postcode"]):
        rij.fout("postcode", "Ongeldige postcode: 4 cijfers en 2 letters, zoals 3511 AB.")
    code = rij.get("gemeente_code")
    code = code.zfill(4) if code.isdigit() else code
    gegevens["gemeente"] = ctx.gemeenten.get(code) if code else None
    if code and gegevens["gemeente"] is None:
        rij.fout("gemeente_code", "Onbekende gemeente: deze code hoort niet bij uw organisatie.")
    return gegevens


def keuze(rij: Bronrij, kolom: str, opties: dict[str, str], leeg: str, melding: str) -> str:
    """A code from `opties`, matched on code or label regardless of case."""
    waarde = rij.get(kolom).casefold()
    if not waarde:
        return leeg
    for code, label in opties.items():
        if waarde in (code.casefold(), label.casefold()):
            return code
    rij.fout(kolom, melding)
    return leeg
