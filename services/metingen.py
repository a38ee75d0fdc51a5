"""The life of a meting: begin, answer page by page, save, correct, accept or reject.

This is the only code that changes a meting. The conversation's pages, the import, the
demo data and the tests all come here; none of it needs a web request. The instrument's
part (which page comes next, how an answer changes the rest, which rules a meting keeps) is
in ladder/gesprek.py and ladder/regels.py; this module reads and writes the database around
it, in one transaction per change, with its audit line.

Who may do what is decided before these functions are called (services/toegang.py); a
refusal that depends on what someone else did in the meantime (the meting was saved, or
corrected, by another user) is a MetingFout with the message for the user.
"""

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ladder import gesprek, groeipotentieel, klantkenmerken, meetmomenten, regels, vragen
from models import (
    Gebruiker,
    Klant,
    Meting,
    MetingKenmerk,
    MetingSubgroep,
    Traject,
    db,
)
from models.meting import KLANTKENMERK_VELDEN
from models.vaste_query import VasteQuery
from services import afdrukken, audit, clock

# Fields a new meting takes over from the klant's previous one, to be confirmed.
OVERNEMEN = (*KLANTKENMERK_VELDEN, "klantmanager", "team", "afdeling")

# Starting a meting looks up its token and the klant's trajecten: SQL built once.
_MET_TOKEN = VasteQuery(
    lambda token: Meting.select().where(Meting.idempotentie_token == token).limit(1),
    "voorbeeld-van-een-idempotentietoken",
)
_TRAJECTEN = VasteQuery(
    lambda klant: Traject.select().where(Traject.klant == klant), -4_242_424_209
)


class MetingFout(Exception):
    """A change that cannot be made any more; the message says why, for the user."""

    def __init__(self, *meldingen: str, velden: Iterable[regels.Fout] = ()):
        self.velden = list(velden)
        self.meldingen = list(meldingen) + [melding for _, melding in self.velden]
        super().__init__(" ".join(self.meldingen))


@dataclass
class Uitkomst:
    """A meting to go on with, and what the user should be told about it."""

    meting: Meting
    melding: str | None = None
    nieuw: bool = False


# --- reading and writing the conversation's state ---


def antwoordvelden(stand: gesprek.Stand) -> dict:
    """The stored columns of the answers to the ladder's questions: the answers, the trede
    and the groeipotentieel derived from them, and the confirmed pages. Derived here, and
    only here: for a meting, and for a kalibratie answer (services/kalibratie.py)."""
    ja = stand.groei_antwoord
    return {
        "antwoorden": json.dumps(dict(stand.antwoorden)),
        "trede": stand.trede,
        "groei_antwoord": {True: "ja", False: "nee"}.get(ja, ""),
        "groeipotentieel": (
            None if ja is None else groeipotentieel.groeipotentieel_uit_antwoord(ja)
        ),
        "bevestigde_stappen": json.dumps(sorted(stand.bevestigd)),
    }


def _schrijf(meting: Meting, nieuw: gesprek.Stand) -> None:
    """Store a state of the conversation: only the columns whose value it changes are
    marked for the UPDATE (peewee marks every column assigned, and building the SQL of an
    UPDATE of eleven columns cost more than running it)."""
    velden = {
        "meetdatum": nieuw.meetdatum,
        "aanleiding": nieuw.aanleiding,
        "volgende_meetdatum": nieuw.volgende_meetdatum,
        **antwoordvelden(nieuw),
    }
    for veld, waarde in velden.items():
        if getattr(meting, veld) != waarde:
            setattr(meting, veld, waarde)


def _bewaar(meting: Meting, stap: str) -> None:
    meting.stap = stap
    meting.gewijzigd = clock.now()
    meting.save(only=meting.dirty_fields)  # the columns this page changed


def is_uitstroom(meting: Meting) -> bool:
    return meting.aanleiding == meetmomenten.UITSTROOM


# --- begin ---


def begin(
    klant: Klant, gebruiker: Gebruiker, *, token: str | None = None, traject: Traject | None = None
) -> Uitkomst:
    """A new concept, or this user's open one of this klant (one at a time); the same token
    (a double click, a re-post) opens the same concept."""
    if token:
        bestaand = _MET_TOKEN.eerste(token)
        if bestaand is not None and bestaand.klant_id == klant.id:
            return Uitkomst(bestaand)
    concepten = Meting.open_concepts(klant, gebruiker)
    if concepten:
        return _hervat(concepten[0], traject)
    with db.atomic():
        meting = _nieuw_concept(
            klant, gebruiker, token, Meting.laatste_definitieve(klant), **_traject_velden(traject)
        )
        audit.log(
            "aanmaken",
            object_type="meting",
            object_id=meting.id,
            klant_id=klant.id,
            omschrijving="meting begonnen",
            gebruiker=gebruiker,
        )
    return Uitkomst(meting, nieuw=True)


def _hervat(concept: Meting, traject: Traject | None) -> Uitkomst:
    """Resume the open concept without losing a traject's meting: an untouched concept
    measures the traject after all, otherwise the user is told why not."""
    if traject is None or concept.traject_id == traject.id:
        return Uitkomst(concept)
    if not _onaangeroerd(concept) or concept.traject_id is not None:
        return Uitkomst(
            concept,
            "U heeft al een open meting van deze klant; u gaat daarmee verder. De meting bij "
            "het traject kunt u starten nadat u deze meting hebt opgeslagen.",
        )
    with db.atomic():
        for veld, waarde in _traject_velden(traject).items():
            setattr(concept, veld, waarde)
        _p_instrument_kenmerken(concept)
        concept.gewijzigd = clock.now()
        concept.save()
        audit.log(
            "wijzigen",
            object_type="meting",
            object_id=concept.id,
            klant_id=concept.klant_id,
            omschrijving=f"open meting gekoppeld aan traject {concept.traject_id}",
            gebruiker=concept.invoerder,
        )
    return Uitkomst(
        concept,
        "U had al een meting van deze klant open. Die meting is nu de meting bij het "
        "traject; u gaat daarmee verder.",
    )


def _onaangeroerd(concept: Meting) -> bool:
    """A concept still at its first page, with nothing answered, can take on a traject."""
    return (
        not concept.corrigeert_id
        and gesprek.volgende_stap(concept.stand) == gesprek.MEETMOMENT
        and not concept.antwoorden_dict
        and concept.trede is None
    )


def _traject_velden(traject: Traject | None) -> dict:
    """A meting started from a traject measures its start or its end (seeds/001 §3.2)."""
    if traject is None:
        return {}
    bij_start = traject.status == "lopend"
    return {
        "traject": traject.id,
        "aanleiding": "start_traject" if bij_start else "afronding_traject",
        "meetdatum": traject.begindatum if bij_start else traject.einddatum,
    }


def _p_instrument_kenmerken(meting: Meting) -> None:
    """Klantkenmerken 8 and 9 follow from the registered trajecten, where there are any."""
    trajecten = _TRAJECTEN.rijen(meting.klant_id)
    if not trajecten:
        return
    datum = meting.meetdatum or clock.today()
    nieuw = meting.aanleiding == "start_traject" and meting.traject_id is not None
    lopend = any(
        t.loopt_op(datum) and t.id != meting.traject_id and t.status == "lopend" for t in trajecten
    )
    meting.lopend_p_instrument = "ja" if lopend else "nee"
    meting.nieuw_p_instrument = "ja" if nieuw else "nee"


def _nieuw_concept(klant, gebruiker, token, vorige: Meting | None, **extra) -> Meting:
    now = clock.now()
    meting = Meting(
        klant=klant,
        organisatie=gebruiker.organisatie_id,
        invoerder=gebruiker.id,
        status="concept",
        idempotentie_token=token,
        aangemaakt=now,
        gewijzigd=now,
        klantmanager=klant.klantmanager_id,
        team=klant.team_id,
        **extra,
    )
    if vorige is not None:
        for veld in OVERNEMEN:
            setattr(meting, veld, getattr(vorige, veld))
    if "corrigeert" not in extra:
        _p_instrument_kenmerken(meting)
    meting.save()
    if vorige is not None:
        for code in vorige.subgroep_codes:
            MetingSubgroep.create(meting=meting, subgroep=code)
        for rij in vorige.eigen_kenmerk_rijen:
            MetingKenmerk.create(meting=meting, code=rij.code, waarde=rij.waarde)
    return meting


def voorgestelde_aanleiding(meting: Meting) -> str | None:
    """The aanleiding to suggest while none is chosen yet, from the klant's history."""
    if meting.aanleiding:
        return None
    vorige = Meting.laatste_definitieve(meting.klant)
    if vorige is None:
        return meetmomenten.voorgestelde_aanleiding(None, None, None)
    return meetmomenten.voorgestelde_aanleiding(
        vorige.aanleiding, vorige.meetdatum, vorige.volgende_meetdatum
    )


# --- the pages of the conversation ---


def kies_meetmoment(
    meting: Meting,
    *,
    meetdatum: datetime.date,
    aanleiding: str,
    code: int | None = None,
    code_toelichting: str = "",
) -> str | None:
    """The meetmoment page: date, occasion, and the questions or a code (0, 8, 9) with why.
    Returns a message for the user when the answer made another page ask again."""
    nieuw, melding = gesprek.kies_meetmoment(meting.stand, meetdatum, aanleiding, code)
    with db.atomic():
        _schrijf(meting, nieuw)
        meting.code_toelichting = code_toelichting if code is not None else ""
        if not is_uitstroom(meting):
            meting.uitstroomreden = ""
        _bewaar(meting, gesprek.MEETMOMENT)
    return melding


def beantwoord_vraag(meting: Meting, vraag: str, ja: bool) -> None:
    """One question of Table 3.1 ("V1".."V5")."""
    if vraag not in vragen.VRAGEN:
        raise ValueError(f"geen vraag van tabel 3.1: {vraag}")
    with db.atomic():
        _schrijf(meting, gesprek.beantwoord_vraag(meting.stand, vraag, ja))
        _bewaar(meting, vraag)


def bevestig_uitkomst(meting: Meting) -> None:
    """The user confirms the trede the questions led to."""
    with db.atomic():
        _schrijf(meting, gesprek.bevestig(meting.stand, gesprek.UITKOMST))
        _bewaar(meting, gesprek.UITKOMST)


def beantwoord_groeivraag(meting: Meting, ja: bool) -> None:
    """The growth question of Table 3.2."""
    with db.atomic():
        _schrijf(meting, gesprek.beantwoord_groeivraag(meting.stand, ja))
        _bewaar(meting, gesprek.GROEIPOTENTIEEL)


def kies_subgroepen(meting: Meting, codes: Iterable[str]) -> None:
    """The subgroepen of Table 3.3 and the gemeente's own; none is an answer too."""
    with db.atomic():
        MetingSubgroep.delete().where(MetingSubgroep.meting == meting).execute()
        for code in dict.fromkeys(codes):
            MetingSubgroep.create(meting=meting, subgroep=code)
        _schrijf(meting, gesprek.bevestig(meting.stand, gesprek.SUBGROEPEN))
        _bewaar(meting, gesprek.SUBGROEPEN)


@dataclass
class Kenmerken:
    """The klantkenmerken page: the nine of the data set, the werkproces and the plan."""

    waarden: Mapping[str, str]  # the nine klantkenmerken, by code
    volgende_meetdatum: datetime.date | None
    toelichting: str = ""
    uitstroomreden: str = ""
    klantmanager: int | None = None
    team: int | None = None
    afdeling: str = ""
    eigen: Mapping[str, str] = field(default_factory=dict)  # the gemeente's own kenmerken


def kies_kenmerken(meting: Meting, kenmerken: Kenmerken) -> None:
    for kenmerk in klantkenmerken.KLANTKENMERKEN:
        setattr(meting, kenmerk.code, kenmerken.waarden.get(kenmerk.code) or "")
    meting.toelichting = kenmerken.toelichting
    meting.uitstroomreden = kenmerken.uitstroomreden if is_uitstroom(meting) else ""
    meting.klantmanager = kenmerken.klantmanager
    meting.team = kenmerken.team
    meting.afdeling = kenmerken.afdeling
    with db.atomic():
        for code, waarde in kenmerken.eigen.items():
            MetingKenmerk.delete().where(
                (MetingKenmerk.meting == meting) & (MetingKenmerk.code == code)
            ).execute()
            MetingKenmerk.create(meting=meting, code=code, waarde=waarde)
        _schrijf(
            meting, gesprek.kies_volgende_meetdatum(meting.stand, kenmerken.volgende_meetdatum)
        )
        _bewaar(meting, gesprek.KENMERKEN)


# --- save, correct, accept or reject ---


def fouten(meting: Meting) -> list[regels.Fout]:
    """What stands between this concept and saving it, by the instrument's rules."""
    return regels.fouten(
        aanleiding=meting.aanleiding,
        meetdatum=meting.meetdatum,
        volgende_meetdatum=meting.volgende_meetdatum,
        uitstroomreden=meting.uitstroomreden,
        trede=meting.trede,
        antwoorden=meting.antwoorden_dict,
        groeipotentieel_waarde=meting.groeipotentieel,
        code_toelichting=meting.code_toelichting,
    )


def status_na_opslaan(meting: Meting) -> str:
    """A partner's meting waits for the klant's organisation when that organisation asks so."""
    eigenaar = meting.klant.organisatie
    if meting.organisatie_id != eigenaar.id and eigenaar.partner_metingen_beoordelen:
        return "ter_beoordeling"
    return "definitief"


def opslaan(meting: Meting, gebruiker: Gebruiker, correctiereden: str = "") -> str:
    """Make the concept definitive (or ter beoordeling); a correction replaces its original.
    Returns the new status."""
    if gesprek.volgende_stap(meting.stand) != gesprek.CONTROLE:
        raise MetingFout("Beantwoord eerst alle vragen van de meting.")
    if fout := fouten(meting):
        raise MetingFout(velden=fout)
    if meting.corrigeert_id and not correctiereden:
        raise MetingFout(velden=[("correctiereden", "Vul de reden van de correctie in.")])
    status = status_na_opslaan(meting)
    omschrijving = "correctie opgeslagen" if meting.corrigeert_id else "meting opgeslagen"
    now = _wordt(
        meting,
        gebruiker,
        van="concept",
        velden=lambda now: {
            "status": status,
            "definitief_op": now,
            "stap": "",
            "correctiereden": correctiereden,
        },
        actie="wijzigen" if meting.corrigeert_id else "aanmaken",
        omschrijving=omschrijving + (", ter beoordeling" if status == "ter_beoordeling" else ""),
        al_gedaan="Deze meting is al opgeslagen.",
        al_gecorrigeerd="De meting die u corrigeert is intussen al door iemand anders "
        "gecorrigeerd. Bekijk de historie van de klant voordat u verdergaat.",
    )
    meting.status, meting.definitief_op, meting.correctiereden = status, now, correctiereden
    return status


def _wordt(
    meting: Meting,
    gebruiker: Gebruiker,
    *,
    van: str,
    velden: Callable[[datetime.datetime], dict],
    actie: str,
    omschrijving: str,
    al_gedaan: str,
    al_gecorrigeerd: str,
) -> datetime.datetime:
    """Move the meting on from status `van`, with its audit line, in one transaction; a
    meting that became definitive replaces the one it corrects. Someone who was first (the
    meting is no longer `van`, or its original was corrected already) wins: MetingFout and
    nothing changed. `velden(now)`: the columns to set. Returns the moment of the change."""
    now = clock.now()
    velden = velden(now)
    with db.atomic() as transaction:
        if velden["status"] == "definitief" and not _vervang(meting, gebruiker, now):
            transaction.rollback()
            raise MetingFout(al_gecorrigeerd)
        bijgewerkt = (
            Meting.update(**velden, gewijzigd=now, versie=Meting.versie + 1)
            .where((Meting.id == meting.id) & (Meting.status == van))
            .execute()
        )
        if bijgewerkt != 1:
            transaction.rollback()
            raise MetingFout(al_gedaan)
        audit.log(
            actie,
            object_type="meting",
            object_id=meting.id,
            klant_id=meting.klant_id,
            omschrijving=omschrijving,
            gebruiker=gebruiker,
        )
        # Its dossierblad (and that of the meting it replaces) and the historieoverzicht.
        afdrukken.vergeet(meting.klant_id)
    return now


def _vervang(meting: Meting, gebruiker: Gebruiker, now) -> bool:
    """Mark the meting that `meting` corrects as replaced, logged under the original's id;
    False if someone was first. Runs inside the caller's transaction."""
    if not meting.corrigeert_id:
        return True
    replaced = (
        Meting.update(status="vervangen", gewijzigd=now, versie=Meting.versie + 1)
        .where((Meting.id == meting.corrigeert_id) & (Meting.status == "definitief"))
        .execute()
    )
    if replaced == 1:
        audit.log(
            "wijzigen",
            object_type="meting",
            object_id=meting.corrigeert_id,
            klant_id=meting.klant_id,
            omschrijving=f"vervangen door correctie {meting.id}",
            gebruiker=gebruiker,
        )
    return replaced == 1


def corrigeer(meting: Meting, gebruiker: Gebruiker) -> Uitkomst:
    """Start a correction: a new concept prefilled from this definitive meting, or the
    user's open concept of this klant (one at a time)."""
    if meting.status != "definitief":
        raise MetingFout("Alleen een definitieve meting kan worden gecorrigeerd.")
    concepten = Meting.open_concepts(meting.klant, gebruiker)
    if concepten:
        if concepten[0].corrigeert_id == meting.id:
            return Uitkomst(concepten[0])
        return Uitkomst(
            concepten[0],
            "U heeft al een open meting van deze klant; u gaat daarmee verder. Deze meting "
            "kunt u corrigeren nadat u de open meting hebt opgeslagen.",
        )
    with db.atomic():
        kopie = _nieuw_concept(
            meting.klant,
            gebruiker,
            None,
            meting,
            corrigeert=meting,
            meetdatum=meting.meetdatum,
            aanleiding=meting.aanleiding,
            trede=meting.trede,
            antwoorden=json.dumps(vragen.geldige_antwoorden(meting.antwoorden_dict)),
            code_toelichting=meting.code_toelichting,
            groei_antwoord=meting.groei_antwoord,
            groeipotentieel=meting.groeipotentieel,
            toelichting=meting.toelichting,
            uitstroomreden=meting.uitstroomreden,
            volgende_meetdatum=meting.volgende_meetdatum,
            bevestigde_stappen=meting.bevestigde_stappen,
        )
        audit.log(
            "aanmaken",
            object_type="meting",
            object_id=kopie.id,
            klant_id=meting.klant_id,
            omschrijving=f"correctie van meting {meting.id} begonnen",
            gebruiker=gebruiker,
        )
    return Uitkomst(kopie, nieuw=True)


def beoordeel(meting: Meting, gebruiker: Gebruiker, *, akkoord: bool, reden: str = "") -> None:
    """Accept or reject a partner's meting; only an accepted one counts."""
    status = "definitief" if akkoord else "afgewezen"
    _wordt(
        meting,
        gebruiker,
        van="ter_beoordeling",
        velden=lambda now: {
            "status": status,
            "beoordeeld_door": gebruiker.id,
            "beoordeeld_op": now,
            "beoordelingsreden": reden,
        },
        actie="wijzigen",
        omschrijving=f"partnermeting: {'accepteren' if akkoord else 'afwijzen'}",
        al_gedaan="Over deze meting is intussen al besloten.",
        al_gecorrigeerd="De meting die deze partner corrigeert is intussen al gecorrigeerd.",
    )
    meting.status = status


# --- a complete meting in one go: the import, the demo data ---


def complete_velden(
    *,
    trede: int,
    antwoorden: Mapping[str, bool] | None = None,
    groei: bool | None = None,
    **velden,
) -> dict:
    """The columns of a definitive meting given whole, as an import row or the demo data
    give it: without answers, the one path of Table 3.1 to the trede is implied; the
    groeipotentieel follows from the growth answer (none on 6 and the codes); every page
    of the conversation counts as confirmed."""
    if antwoorden is None:
        antwoorden = vragen.pad_naar(trede)
    heeft_groei = gesprek.heeft_groeivraag(trede)
    groei = groei if heeft_groei else None
    return {
        **velden,
        "trede": trede,
        "antwoorden": json.dumps(dict(antwoorden)),
        "groei_antwoord": {True: "ja", False: "nee"}.get(groei, ""),
        "groeipotentieel": None
        if groei is None
        else groeipotentieel.groeipotentieel_uit_antwoord(groei),
        "status": "definitief",
        "bevestigde_stappen": json.dumps(sorted(gesprek.BEVESTIGDE_STAPPEN)),
    }


def leg_vast(
    klant: Klant,
    invoerder: Gebruiker,
    *,
    subgroepen: Iterable[str] = (),
    bron: str = "scherm",
    definitief_op: datetime.datetime | None = None,
    **velden,
) -> Meting:
    """A definitive meting recorded whole (the demo data, tests), held to the same rules as
    the conversation. Call inside a transaction."""
    meting = Meting(
        klant=klant,
        organisatie=invoerder.organisatie_id,
        invoerder=invoerder,
        bron=bron,
        definitief_op=definitief_op or clock.now(),
        **complete_velden(**velden),
    )
    if fout := fouten(meting):
        raise MetingFout(velden=fout)
    meting.save()
    for code in dict.fromkeys(subgroepen):
        MetingSubgroep.create(meting=meting, subgroep=code)
    afdrukken.vergeet(klant.id)  # the historieoverzicht
    return meting
