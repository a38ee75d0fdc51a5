"""One summary of a meting, read by every output: the check page, the meting page, the PDF
and the exports. Screen and paper cannot disagree because they print the same rows: the
status notice, the SRG position and the history of corrections are part of it too."""

import datetime
from dataclasses import dataclass

from peewee import JOIN, Select

from ladder import gesprek, groeipotentieel, klantkenmerken, meetmomenten, srg, subgroepen, treden
from ladder.vragen import route
from models import (
    Gebruiker,
    Klant,
    Meting,
    Organisatie,
    OrganisatieKenmerk,
    OrganisatieSubgroep,
    Team,
)
from models.meting import STATUSSEN
from models.uitwisseling import SrgInstelling
from models.vaste_query import VasteQuery
from services.dates import datum, tijdstip


@dataclass(frozen=True)
class Regel:
    label: str
    waarde: str
    stap: str | None = None  # the page of the conversation where this is answered


@dataclass(frozen=True)
class Sectie:
    titel: str
    regels: tuple[Regel, ...]


@dataclass(frozen=True)
class Melding:
    """Why a saved meting does not (or no longer) count, said above everything else."""

    tekst: str
    fout: bool = False  # replaced or rejected, rather than waiting
    vervanger_id: int | None = None  # the correction that replaced it, for a link on screen


@dataclass(frozen=True)
class Samenvatting:
    trede: int | None
    label: str  # "4+", "6", "8"
    omschrijving: str  # "Trede 4: Onbetaald werk"
    definitie: treden.Trede | None
    srg: str  # "5a: Werk m.b.v. re-integratie" (Table 1.1); empty for a concept or no rung
    melding: Melding | None
    secties: tuple[Sectie, ...]
    verwijzingen: "Verwijzingen | None" = None  # of the meting; none for a placement


GROEI_UITLEG = {"+": "+ (wel groeipotentieel)", "0": "0 (geen groeipotentieel)"}


@dataclass(frozen=True)
class Verwijzingen:
    """What the summary prints of the rows a meting refers to, read in one query."""

    klant_organisatie_id: int
    srg_codes: dict[int, str]  # the klant's organisation's mapping of 0/8/9
    klantmanager: str
    team: str
    invoerder: str
    organisatie: str
    beoordeeld_door: str
    corrigeert_meetdatum: datetime.date | None


def _naam(model, veld, id_):
    return Select(columns=[veld]).from_(model).where(model.id == id_)


# Every page of the conversation builds the summary: the klant's row with its organisation's
# SRG setting, and the names as scalar subqueries by the ids the meting holds now; its SQL is
# built only once.
_VERWIJZINGEN = VasteQuery(
    lambda klant, klantmanager, team, invoerder, organisatie, beoordeeld_door, corrigeert: (
        Klant.select(
            Klant.organisatie,
            SrgInstelling.code_0,
            SrgInstelling.code_8,
            SrgInstelling.code_9,
            _naam(Gebruiker, Gebruiker.naam, klantmanager),
            _naam(Team, Team.naam, team),
            _naam(Gebruiker, Gebruiker.naam, invoerder),
            _naam(Organisatie, Organisatie.naam, organisatie),
            _naam(Gebruiker, Gebruiker.naam, beoordeeld_door),
            _naam(Meting, Meting.meetdatum, corrigeert),
        )
        .join(
            SrgInstelling,
            JOIN.LEFT_OUTER,
            on=(SrgInstelling.organisatie == Klant.organisatie),
        )
        .where(Klant.id == klant)
        .tuples()
    ),
    *range(-4_242_424_201, -4_242_424_194),
)


def verwijzingen(m: Meting) -> Verwijzingen:
    """The names and dates of the rows the meting refers to (empty where it refers to none)."""
    organisatie_id, code_0, code_8, code_9, *namen, meetdatum = _VERWIJZINGEN.eerste(
        m.klant_id,
        m.klantmanager_id,
        m.team_id,
        m.invoerder_id,
        m.organisatie_id,
        m.beoordeeld_door_id,
        m.corrigeert_id,
    )
    if isinstance(meetdatum, str):  # SQLite gives a scalar subquery's date as text
        meetdatum = Meting.meetdatum.python_value(meetdatum)
    # No row of its own: the defaults, as SrgInstelling.van gives them.
    instelling = SrgInstelling(code_0=code_0, code_8=code_8, code_9=code_9)
    if code_0 is None:
        instelling = SrgInstelling()
    return Verwijzingen(
        organisatie_id, instelling.codes, *(naam or "" for naam in namen), meetdatum
    )


def samenvatting(meting: Meting) -> Samenvatting:
    """The whole meting as titled sections of label/value rows."""
    trede = meting.trede
    n = verwijzingen(meting)
    secties = [
        _meetmoment(meting),
        _participatieniveau(meting),
        _groei(meting),
        _subgroepen(meting, n),
        _kenmerken(meting, n),
        _werkproces(meting, n),
    ]
    vervanger = _vervanger(meting) if meting.status == "vervangen" else None
    opgeslagen = meting.status != "concept"
    if opgeslagen:
        secties += [_status(meting, n), _historie(meting, n, vervanger)]
    return Samenvatting(
        trede=trede,
        label=treden.label(trede, meting.groeipotentieel) if trede is not None else "",
        omschrijving=treden.omschrijving(trede) if trede is not None else "Nog niet bepaald",
        definitie=treden.TREDEN.get(trede) if trede is not None else None,
        # Not on the pages of the conversation, which build the summary at every step.
        srg=_srg(meting, n) if opgeslagen and trede is not None else "",
        melding=_melding(meting, n, vervanger),
        secties=tuple(s for s in secties if s.regels),
        verwijzingen=n,
    )


def samenvatting_plaatsing(antwoord) -> Samenvatting:
    """A kalibratie placement (models.Kalibratieantwoord): the same rows as a meting's
    participatieniveau and groeipotentieel, nothing of a klant's meetmoment or kenmerken."""
    trede = antwoord.trede
    secties = (_participatieniveau(antwoord), _groei(antwoord))
    return Samenvatting(
        trede=trede,
        label=treden.label(trede, antwoord.groeipotentieel) if trede is not None else "",
        omschrijving=treden.omschrijving(trede) if trede is not None else "Nog niet bepaald",
        definitie=treden.TREDEN.get(trede) if trede is not None else None,
        srg="",
        melding=None,
        secties=tuple(s for s in secties if s.regels),
    )


def ja_nee(value: bool | None) -> str:
    return {True: "Ja", False: "Nee"}.get(value, "")


def _meetmoment(m: Meting) -> Sectie:
    regels = [
        Regel("Meetdatum", datum(m.meetdatum), gesprek.MEETMOMENT),
        Regel(
            "Aanleiding",
            meetmomenten.AANLEIDINGEN.get(m.aanleiding, m.aanleiding),
            gesprek.MEETMOMENT,
        ),
    ]
    if m.aanleiding == meetmomenten.UITSTROOM:
        reden = meetmomenten.UITSTROOMREDENEN.get(m.uitstroomreden, "")
        regels.append(Regel("Reden van uitstroom", reden, gesprek.KENMERKEN))
    return Sectie("Meetmoment", tuple(regels))


def _participatieniveau(m: Meting) -> Sectie:
    if m.is_code:
        return Sectie(
            "Participatieniveau",
            (
                Regel("Vastgelegd als", treden.omschrijving(m.trede), gesprek.MEETMOMENT),
                Regel("Toelichting bij de code", m.code_toelichting, gesprek.MEETMOMENT),
            ),
        )
    pad = route(m.antwoorden_dict).pad
    regels = [Regel(f"Vraag {v.nummer}: {v.tekst}", ja_nee(a), v.code) for v, a in pad]
    if m.trede is not None:
        regels.append(Regel("Trede", treden.omschrijving(m.trede), gesprek.UITKOMST))
    return Sectie("Participatieniveau", tuple(regels))


def _groei(m: Meting) -> Sectie:
    vraag = groeipotentieel.groeivraag(m.trede) if m.trede is not None else None
    if vraag is None:
        waarde = "n.v.t." if m.trede is not None else ""
        return Sectie("Groeipotentieel", (Regel("Groeipotentieel", waarde),) if waarde else ())
    antwoord = {"ja": True, "nee": False}.get(m.groei_antwoord)
    return Sectie(
        "Groeipotentieel",
        (
            Regel(vraag.tekst, ja_nee(antwoord), gesprek.GROEIPOTENTIEEL),
            Regel(
                "Groeipotentieel",
                GROEI_UITLEG.get(m.groeipotentieel or "", ""),
                gesprek.GROEIPOTENTIEEL,
            ),
        ),
    )


def _subgroepen(m: Meting, n: Verwijzingen) -> Sectie:
    if gesprek.SUBGROEPEN not in m.bevestigd:
        return Sectie("Subgroepen", ())
    gekozen = [subgroep_naam(code, n.klant_organisatie_id) for code in m.subgroep_codes]
    waarde = "; ".join(gekozen) if gekozen else "Geen van deze"
    return Sectie("Subgroepen", (Regel("Subgroepen", waarde, gesprek.SUBGROEPEN),))


def subgroep_naam(code: str, organisatie_id: int | None = None) -> str:
    """The name of one of the seven subgroepen, or of the gemeente's own."""
    if code.isascii() and code.isdigit() and int(code) in subgroepen.SUBGROEPEN:
        return subgroepen.SUBGROEPEN[int(code)].naam
    eigen = OrganisatieSubgroep.get_or_none(
        (OrganisatieSubgroep.organisatie == organisatie_id) & (OrganisatieSubgroep.code == code)
    )
    return eigen.naam if eigen else code


def _kenmerken(m: Meting, n: Verwijzingen) -> Sectie:
    if gesprek.KENMERKEN not in m.bevestigd:
        return Sectie("Klantkenmerken", ())
    regels = []
    for kenmerk in klantkenmerken.KLANTKENMERKEN:
        waarde = getattr(m, kenmerk.code)
        regels.append(
            Regel(kenmerk.vraag, dict(kenmerk.opties).get(waarde, waarde), gesprek.KENMERKEN)
        )
    if eigen := m.eigen_kenmerken:  # the gemeente's own questions, if the meting has answers
        vragen = {
            k.code: k.vraag
            for k in OrganisatieKenmerk.van(n.klant_organisatie_id, alleen_actief=False)
        }
        regels += [Regel(vragen.get(c, c), waarde, gesprek.KENMERKEN) for c, waarde in eigen]
    regels.append(Regel("Toelichting", m.toelichting, gesprek.KENMERKEN))
    return Sectie("Klantkenmerken", tuple(regels))


def _werkproces(m: Meting, n: Verwijzingen) -> Sectie:
    regels = []
    if gesprek.KENMERKEN in m.bevestigd:
        regels += [
            Regel(
                "Behandelend klantmanager",
                n.klantmanager,
                gesprek.KENMERKEN,
            ),
            Regel("Team", n.team, gesprek.KENMERKEN),
            Regel("Afdeling", m.afdeling, gesprek.KENMERKEN),
            Regel(
                "Volgende meetdatum",
                datum(m.volgende_meetdatum) or "Geen (uitstroom)"
                if m.aanleiding == meetmomenten.UITSTROOM
                else datum(m.volgende_meetdatum),
                gesprek.KENMERKEN,
            ),
        ]
    regels += [
        Regel("Ingevoerd door", n.invoerder),
        Regel("Organisatie", n.organisatie),
    ]
    return Sectie("Werkproces", tuple(regels))


def _vervanger(m: Meting) -> Meting | None:
    """The saved correction that replaced this meting (not a concept still being written)."""
    return (
        Meting.select()
        .where((Meting.corrigeert == m) & Meting.status.in_(("definitief", "vervangen")))
        .order_by(Meting.definitief_op, Meting.id)
        .first()
    )


def _melding(m: Meting, n: Verwijzingen, vervanger: Meting | None) -> Melding | None:
    if m.status == "vervangen":
        if vervanger is None:
            return Melding("Deze meting is vervangen.", fout=True)
        return Melding(
            f"Deze meting is vervangen door de correctie van {tijdstip(vervanger.definitief_op)}."
            f" Reden: {vervanger.correctiereden}",
            fout=True,
            vervanger_id=vervanger.id,
        )
    if m.status == "ter_beoordeling":
        return Melding(
            f"Deze meting van {n.organisatie} wacht op beoordeling en telt nog niet mee."
        )
    if m.status == "afgewezen":
        door = n.beoordeeld_door or "de gemeente"
        return Melding(
            f"Deze meting is afgewezen door {door}. Reden: {m.beoordelingsreden}", fout=True
        )
    return None


def _status(m: Meting, n: Verwijzingen) -> Sectie:
    regels = [Regel("Status", STATUSSEN.get(m.status, m.status))]
    if m.beoordeeld_door_id and m.status in ("definitief", "afgewezen"):
        regels.append(Regel("Beoordeeld door", n.beoordeeld_door))
        regels.append(Regel("Reden bij de beoordeling", m.beoordelingsreden))
    # Not "Status" again: the heading stood right above a row of the same name.
    return Sectie("Vastlegging", tuple(regels))


def _historie(m: Meting, n: Verwijzingen, vervanger: Meting | None) -> Sectie:
    """The meting this one corrects and the correction that replaced it, with their reasons:
    saved metingen are never overwritten, so each version says where it stands."""
    regels = []
    if m.corrigeert_id:
        regels.append(Regel("Vervangt de meting van", datum(n.corrigeert_meetdatum)))
        regels.append(Regel("Reden van de correctie", m.correctiereden))
    if vervanger is not None:
        regels.append(Regel("Vervangen door de correctie van", tijdstip(vervanger.definitief_op)))
        regels.append(Regel("Reden van die correctie", vervanger.correctiereden))
    return Sectie("Historie", tuple(regels))


def _srg(meting: Meting, n: Verwijzingen) -> str:
    """The meting's SRG code with its name, by its organisation's mapping of 0/8/9."""
    gebruikt = meting.lopend_p_instrument == "ja" or meting.nieuw_p_instrument == "ja"
    return srg.omschrijving(srg.srg_code(meting.trede, gebruikt, n.srg_codes))
