"""Kalibratie and intervisie (issue 15): the casusbank, the rounds, the placements and
their results.

A placement goes through the very pages of a meting (ladder/gesprek.py, with a stand that
has the placement pages only): the same questions, definitions and "Let op" notes. Its
answers are stored as a Kalibratieantwoord, never as a meting, so no report, export or
inzage can count them. Deelnemers place blind: nothing of another's answer is shown until
the coordinator closes the round, and then only anonymously; a deelnemer's own deviations
are shown to that deelnemer alone.

Like services/metingen.py this needs no web request: the user is an argument, a refusal is
a KalibratieFout with the message for the user.
"""

import datetime
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ladder import casussen, gesprek, groeipotentieel, kalibratie, treden, vragen
from models import (
    Casus,
    Gebruiker,
    Kalibratieantwoord,
    Kalibratieronde,
    Klant,
    Meting,
    Organisatie,
    Rondecasus,
    Rondedeelnemer,
    Team,
    db,
)
from reports import overeenstemming
from services import audit, clock, metingen

# Who can take part: the roles that place klanten on the ladder, and the managers.
DEELNEMENDE_ROLLEN = ("klantmanager", "intaker", "partner", "manager")
MINSTE_DEELNEMERS = 2
# The roles a beheerder can give the right "kwaliteit" (forms/beheer.py); a manager has it.
KWALITEIT_ROLLEN = ("klantmanager", "intaker")


class KalibratieFout(Exception):
    """A change that cannot be made; `velden` holds (field, message) for a form."""

    def __init__(self, *meldingen: str, velden: Iterable[tuple[str, str]] = ()):
        self.velden = list(velden)
        self.meldingen = list(meldingen) + [melding for _, melding in self.velden]
        super().__init__(" ".join(self.meldingen))


def mag_coordineren(gebruiker: Gebruiker) -> bool:
    """Managers, and the klantmanagers and intakers a beheerder gave the right "kwaliteit",
    hold kalibratierondes (the right on an account of another role counts for nothing)."""
    if gebruiker.rol == "manager":
        return True
    return bool(gebruiker.kwaliteit) and gebruiker.rol in KWALITEIT_ROLLEN


# --- the casusbank ---


def casusbank(organisatie: Organisatie) -> list[Casus]:
    """The organisation's cases: the starter cases (added once, on first use) and its own."""
    _zaai(organisatie)
    return list(
        Casus.select()
        .where(Casus.organisatie == organisatie)
        .order_by(Casus.actief.desc(), Casus.code.is_null(False).desc(), Casus.titel)
    )


def _zaai(organisatie: Organisatie) -> None:
    """The starter cases of ladder/casussen.py with their reference answers; a second call,
    or two at the same moment, adds nothing (the code is unique per organisation)."""
    aanwezig = {
        c.code
        for c in Casus.select(Casus.code).where(
            (Casus.organisatie == organisatie) & Casus.code.is_null(False)
        )
    }
    nieuw = [c for c in casussen.CASUSSEN if c.code not in aanwezig]
    if not nieuw:
        return
    rijen = [
        {
            "organisatie": organisatie.id,
            "code": c.code,
            "titel": c.titel,
            "tekst": c.tekst,
            "bron": c.bron,
            "referentie_antwoorden": json.dumps(c.antwoorden),
            "referentie_trede": c.trede,
            "referentie_groeipotentieel": c.groeipotentieel,
            "referentie_groei_antwoord": _groei_antwoord_bij(c.trede, c.groeipotentieel),
            "referentie_toelichting": c.uitkomst,
            "aangemaakt": clock.now(),
        }
        for c in nieuw
    ]
    with db.atomic():
        Casus.insert_many(rijen).on_conflict_ignore().execute()


def _groei_antwoord_bij(trede: int, groei: str | None) -> str:
    if groei is None or groeipotentieel.groeivraag(trede) is None:
        return ""
    return "ja" if groeipotentieel.groeipotentieel_uit_antwoord(True) == groei else "nee"


def bewaar_casus(
    organisatie: Organisatie,
    gebruiker: Gebruiker,
    titel: str,
    tekst: str,
    *,
    casus: Casus | None = None,
    actief: bool = True,
) -> Casus:
    """Add an own case to the casusbank, or change one. Cases are anonymised stories: the
    form says so; nothing here links a case to a klant."""
    titel, tekst = titel.strip(), tekst.strip()
    fouten = []
    if not titel:
        fouten.append(("titel", "Geef de casus een titel."))
    if not tekst:
        fouten.append(("tekst", "Beschrijf de casus."))
    if fouten:
        raise KalibratieFout(velden=fouten)
    gebruikt = casus is not None and Rondecasus.select().where(Rondecasus.casus == casus).exists()
    if gebruikt and (titel, tekst) != (casus.titel, casus.tekst):
        raise KalibratieFout(
            velden=[
                (
                    "tekst",
                    "Deze casus is al gebruikt in een kalibratieronde; de tekst blijft zoals de "
                    "deelnemers hem lazen. Voeg een nieuwe casus toe voor een andere versie.",
                )
            ]
        )
    with db.atomic():
        if casus is None:
            casus = Casus.create(
                organisatie=organisatie,
                titel=titel,
                tekst=tekst,
                aangemaakt_door=gebruiker,
                aangemaakt=clock.now(),
            )
            actie = "aanmaken"
        else:
            casus.titel, casus.tekst, casus.actief = titel, tekst, actief
            casus.versie += 1
            casus.save()
            actie = "wijzigen"
        audit.log(actie, object_type="casus", object_id=casus.id, gebruiker=gebruiker)
    return casus


# --- rounds ---


def mogelijke_deelnemers(organisatie: Organisatie):
    """Active accounts of the organisation and of the partner organisations it manages,
    in the roles that place klanten (and the managers)."""
    partners = Organisatie.select(Organisatie.id).where(Organisatie.beheerd_door == organisatie)
    return (
        Gebruiker.select(Gebruiker, Organisatie)
        .join(Organisatie)
        .where(
            ((Gebruiker.organisatie == organisatie) | (Gebruiker.organisatie.in_(partners)))
            & Gebruiker.actief
            & Gebruiker.rol.in_(DEELNEMENDE_ROLLEN)
        )
        .order_by(Organisatie.naam, Gebruiker.naam)
    )


def open_ronde(
    organisatie: Organisatie,
    coordinator: Gebruiker,
    naam: str,
    casus_ids: Sequence[int],
    deelnemer_ids: Sequence[int],
    team_ids: Sequence[int] = (),
) -> Kalibratieronde:
    """A new round with these casussen and deelnemers, and the members of these teams (those
    who may take part); only what belongs to the organisation counts (an id of another
    organisation is refused, not ignored)."""
    naam = naam.strip()
    fouten = []
    if not naam:
        fouten.append(("naam", "Geef de ronde een naam."))
    casus_ids = list(dict.fromkeys(casus_ids))
    teams = list(
        Team.select().where((Team.organisatie == organisatie) & Team.id.in_(team_ids or [0]))
    )
    if len(teams) != len(set(team_ids)):
        fouten.append(("teams", "Kies alleen teams van uw organisatie."))
    leden = [
        g.id for g in mogelijke_deelnemers(organisatie).where(Gebruiker.team.in_(teams or [0]))
    ]
    deelnemer_ids = list(dict.fromkeys([*deelnemer_ids, *leden]))
    geldige_casussen = {
        c.id
        for c in Casus.select(Casus.id).where(
            (Casus.organisatie == organisatie) & Casus.actief & Casus.id.in_(casus_ids or [0])
        )
    }
    if not casus_ids:
        fouten.append(("casussen", "Kies ten minste één casus."))
    elif set(casus_ids) - geldige_casussen:
        fouten.append(("casussen", "Kies alleen casussen uit de casusbank van uw organisatie."))
    geldige_deelnemers = {
        g.id
        for g in mogelijke_deelnemers(organisatie).where(Gebruiker.id.in_(deelnemer_ids or [0]))
    }
    if set(deelnemer_ids) - geldige_deelnemers:
        fouten.append(("deelnemers", "Kies alleen deelnemers uit de lijst."))
    elif len(deelnemer_ids) < MINSTE_DEELNEMERS:
        fouten.append(
            ("deelnemers", "Kies ten minste twee deelnemers: overeenstemming vraagt er twee.")
        )
    if fouten:
        raise KalibratieFout(velden=fouten)
    with db.atomic():
        ronde = Kalibratieronde.create(
            organisatie=organisatie, naam=naam, coordinator=coordinator, aangemaakt=clock.now()
        )
        Rondecasus.insert_many(
            [{"ronde": ronde.id, "casus": c, "volgorde": i} for i, c in enumerate(casus_ids)]
        ).execute()
        Rondedeelnemer.insert_many(
            [{"ronde": ronde.id, "gebruiker": g} for g in deelnemer_ids]
        ).execute()
        audit.log(
            "aanmaken",
            object_type="kalibratieronde",
            object_id=ronde.id,
            omschrijving=f"{len(casus_ids)} casussen, {len(deelnemer_ids)} deelnemers",
            gebruiker=coordinator,
        )
    return ronde


def sluit_ronde(ronde: Kalibratieronde, gebruiker: Gebruiker) -> None:
    """Close the round: no more answers, and the results become visible."""
    with db.atomic():
        gesloten = (
            Kalibratieronde.update(status="gesloten", gesloten_op=clock.now())
            .where((Kalibratieronde.id == ronde.id) & (Kalibratieronde.status == "open"))
            .execute()
        )
        if not gesloten:
            raise KalibratieFout("Deze ronde is al gesloten.")
        for rij in (
            Rondecasus.select(Rondecasus, Casus).join(Casus).where(Rondecasus.ronde == ronde)
        ):
            rij.referentie_trede = rij.casus.referentie_trede
            rij.referentie_groeipotentieel = rij.casus.referentie_groeipotentieel
            rij.referentie_toelichting = rij.casus.referentie_toelichting
            rij.save()
        audit.log(
            "wijzigen",
            object_type="kalibratieronde",
            object_id=ronde.id,
            omschrijving="ronde gesloten",
            gebruiker=gebruiker,
        )
    ronde.status = "gesloten"


def casussen_van(ronde: Kalibratieronde) -> list[Casus]:
    return list(
        Casus.select()
        .join(Rondecasus)
        .where(Rondecasus.ronde == ronde)
        .order_by(Rondecasus.volgorde, Casus.id)
    )


def deelnemers_van(ronde: Kalibratieronde) -> list[Gebruiker]:
    return list(
        Gebruiker.select()
        .join(Rondedeelnemer)
        .where(Rondedeelnemer.ronde == ronde)
        .order_by(Gebruiker.naam)
    )


def is_deelnemer(ronde: Kalibratieronde, gebruiker: Gebruiker) -> bool:
    return (
        Rondedeelnemer.select()
        .where((Rondedeelnemer.ronde == ronde) & (Rondedeelnemer.gebruiker == gebruiker))
        .exists()
    )


def rondes_voor(gebruiker: Gebruiker) -> list[Kalibratieronde]:
    """The rounds this user takes part in, newest first."""
    return list(
        Kalibratieronde.select()
        .join(Rondedeelnemer)
        .where(Rondedeelnemer.gebruiker == gebruiker)
        .order_by(Kalibratieronde.aangemaakt.desc(), Kalibratieronde.id.desc())
    )


def rondes_van(organisatie: Organisatie) -> list[Kalibratieronde]:
    return list(
        Kalibratieronde.select()
        .where(Kalibratieronde.organisatie == organisatie)
        .order_by(Kalibratieronde.aangemaakt.desc(), Kalibratieronde.id.desc())
    )


@dataclass(frozen=True)
class Voortgang:
    deelnemer: Gebruiker
    klaar: int
    totaal: int


def voortgang(ronde: Kalibratieronde) -> list[Voortgang]:
    """How many casussen each deelnemer has finished: what the coordinator sees while the
    round is open (no answers)."""
    totaal = Rondecasus.select().where(Rondecasus.ronde == ronde).count()
    klaar = Counter(
        a.gebruiker_id
        for a in Kalibratieantwoord.select(Kalibratieantwoord.gebruiker).where(
            (Kalibratieantwoord.ronde == ronde) & Kalibratieantwoord.klaar_op.is_null(False)
        )
    )
    return [Voortgang(g, klaar[g.id], totaal) for g in deelnemers_van(ronde)]


# --- placing: the conversation of a casus ---


def antwoord_in_ronde(ronde: Kalibratieronde, casus: Casus, gebruiker: Gebruiker):
    """The deelnemer's placement of this casus in this round, begun on first opening."""
    bestaand = _antwoorden_van(ronde, casus, gebruiker).first()
    if bestaand is not None:
        return bestaand
    if not ronde.is_open:
        raise KalibratieFout("Deze ronde is gesloten; er kunnen geen antwoorden meer bij.")
    with db.atomic():
        bestaand = _antwoorden_van(ronde, casus, gebruiker).first()  # a second window
        if bestaand is not None:
            return bestaand
        return Kalibratieantwoord.create(
            ronde=ronde, casus=casus, gebruiker=gebruiker, aangemaakt=clock.now()
        )


def _antwoorden_van(ronde, casus, gebruiker):
    return Kalibratieantwoord.select().where(
        (Kalibratieantwoord.ronde == ronde)
        & (Kalibratieantwoord.casus == casus)
        & (Kalibratieantwoord.gebruiker == gebruiker)
    )


def referentie_antwoord(casus: Casus, gebruiker: Gebruiker) -> Kalibratieantwoord:
    """A coordinator's reference answer to a casus, given through the same pages; an
    unfinished one is resumed."""
    bestaand = (
        Kalibratieantwoord.select()
        .where(
            (Kalibratieantwoord.casus == casus)
            & Kalibratieantwoord.ronde.is_null()
            & (Kalibratieantwoord.gebruiker == gebruiker)
            & Kalibratieantwoord.klaar_op.is_null()
        )
        .first()
    )
    if bestaand is not None:
        return bestaand
    return Kalibratieantwoord.create(casus=casus, gebruiker=gebruiker, aangemaakt=clock.now())


def _wijzigbaar(antwoord: Kalibratieantwoord) -> None:
    if antwoord.is_klaar:
        raise KalibratieFout("Dit antwoord is al afgerond en kan niet meer worden gewijzigd.")
    if antwoord.ronde_id is not None and not antwoord.ronde.is_open:
        raise KalibratieFout("Deze ronde is gesloten; er kunnen geen antwoorden meer bij.")


def _schrijf(antwoord: Kalibratieantwoord, nieuw: gesprek.Stand) -> None:
    """Store the state of the placement (its columns are derived as a meting's are)."""
    _wijzigbaar(antwoord)
    for veld, waarde in metingen.antwoordvelden(nieuw).items():
        setattr(antwoord, veld, waarde)
    antwoord.versie += 1
    antwoord.save()


def beantwoord_vraag(antwoord: Kalibratieantwoord, code: str, ja: bool) -> None:
    _schrijf(antwoord, gesprek.beantwoord_vraag(antwoord.stand, code, ja))


def bevestig_uitkomst(antwoord: Kalibratieantwoord) -> None:
    _schrijf(antwoord, gesprek.bevestig(antwoord.stand, gesprek.UITKOMST))


def beantwoord_groeivraag(antwoord: Kalibratieantwoord, ja: bool) -> None:
    _schrijf(antwoord, gesprek.beantwoord_groeivraag(antwoord.stand, ja))


def rond_af(antwoord: Kalibratieantwoord, gebruiker: Gebruiker, toelichting: str = "") -> None:
    """The check page: the placement is final. A reference answer becomes the casus's."""
    _wijzigbaar(antwoord)
    if gesprek.volgende_stap(antwoord.stand) != gesprek.CONTROLE:
        raise KalibratieFout("Beantwoord eerst alle vragen.")
    with db.atomic():
        bijgewerkt = (
            Kalibratieantwoord.update(klaar_op=clock.now(), toelichting=toelichting.strip())
            .where(
                (Kalibratieantwoord.id == antwoord.id)
                & Kalibratieantwoord.klaar_op.is_null()
                & (Kalibratieantwoord.versie == antwoord.versie)
            )
            .execute()
        )
        if not bijgewerkt:
            raise KalibratieFout(
                "Dit antwoord is intussen in een ander venster gewijzigd of afgerond. "
                "Open het opnieuw."
            )
        if antwoord.ronde_id is None and antwoord.casus_id is not None:
            Casus.update(
                referentie_antwoorden=antwoord.antwoorden,
                referentie_groei_antwoord=antwoord.groei_antwoord,
                referentie_trede=antwoord.trede,
                referentie_groeipotentieel=antwoord.groeipotentieel,
                referentie_toelichting=toelichting.strip(),
                versie=Casus.versie + 1,
            ).where(Casus.id == antwoord.casus_id).execute()
        audit.log(
            "aanmaken",
            object_type="dubbelmeting" if antwoord.klant_id else "kalibratieantwoord",
            object_id=antwoord.id,
            klant_id=antwoord.klant_id,
            omschrijving=_soort(antwoord) + " afgerond",
            gebruiker=gebruiker,
        )
    antwoord.klaar_op = clock.now()


def _soort(antwoord: Kalibratieantwoord) -> str:
    if antwoord.klant_id:
        return "dubbelmeting"
    return "referentieantwoord" if antwoord.ronde_id is None else "kalibratieantwoord"


# --- results ---


@dataclass(frozen=True)
class AnoniemAntwoord:
    """A placement without its author: what the coordinator and the team see."""

    label: str  # "4+", "6"
    pad: tuple[tuple[vragen.Vraag, bool], ...]


@dataclass(frozen=True)
class Casusuitslag:
    casus: Casus
    treden: Counter  # trede -> count
    groei: Counter  # "+" / "0" -> count
    splitsing: vragen.Vraag | None  # the first question answered ja and nee
    definities: tuple[treden.Trede, ...]  # what that question decides between
    antwoorden: tuple[AnoniemAntwoord, ...]  # sorted, so order says nothing of who
    referentie: str  # the reference label, or "" without one
    referentie_toelichting: str  # why the reference is right, shown with the results
    aantal: int


@dataclass(frozen=True)
class Uitslag:
    ronde: Kalibratieronde
    casussen: tuple[Casusuitslag, ...]
    trede: overeenstemming.Overeenstemming
    groeipotentieel: overeenstemming.Overeenstemming
    deelnemers: int
    klaar: int  # finished placements


@dataclass(frozen=True)
class Referentie:
    trede: int | None
    groeipotentieel: str | None
    toelichting: str

    @property
    def label(self) -> str:
        return _label(self.trede, self.groeipotentieel)


def referenties(ronde: Kalibratieronde) -> dict[int, Referentie]:
    """Per casus the reference answer of the round: as it was at closing for a closed round
    (kept in its Rondecasus), the casus's current one while it is open."""
    uitkomst = {}
    for rij in Rondecasus.select(Rondecasus, Casus).join(Casus).where(Rondecasus.ronde == ronde):
        bron = rij.casus if ronde.is_open else rij
        uitkomst[rij.casus_id] = Referentie(
            bron.referentie_trede, bron.referentie_groeipotentieel, bron.referentie_toelichting
        )
    return uitkomst


def _label(trede: int | None, groei: str | None) -> str:
    return treden.label(trede, groei) if trede is not None else ""


def uitslag(ronde: Kalibratieronde) -> Uitslag:
    """The results of a round: per casus and overall, anonymous."""
    lijst = casussen_van(ronde)
    ref = referenties(ronde)
    antwoorden = list(
        Kalibratieantwoord.select().where(
            (Kalibratieantwoord.ronde == ronde) & Kalibratieantwoord.klaar_op.is_null(False)
        )
    )
    per_casus: dict[int, list[Kalibratieantwoord]] = {c.id: [] for c in lijst}
    for a in antwoorden:
        per_casus.setdefault(a.casus_id, []).append(a)
    uitslagen = []
    for casus in lijst:
        eigen = per_casus[casus.id]
        vraag = kalibratie.splitsing([a.antwoorden_dict for a in eigen])
        anoniem = sorted(
            (
                AnoniemAntwoord(
                    _label(a.trede, a.groeipotentieel), tuple(vragen.route(a.antwoorden_dict).pad)
                )
                for a in eigen
            ),
            key=lambda x: (x.label, [(v.code, j) for v, j in x.pad]),
        )
        uitslagen.append(
            Casusuitslag(
                casus=casus,
                treden=kalibratie.verdeling(a.trede for a in eigen),
                groei=kalibratie.verdeling(a.groeipotentieel for a in eigen),
                splitsing=vraag,
                definities=tuple(treden.TREDEN[n] for n in vraag.beslist_tussen) if vraag else (),
                antwoorden=tuple(anoniem),
                referentie=ref[casus.id].label,
                referentie_toelichting=ref[casus.id].toelichting,
                aantal=len(eigen),
            )
        )
    trede_per = {c.id: {a.gebruiker_id: a.trede for a in per_casus[c.id]} for c in lijst}
    groei_per = {c.id: {a.gebruiker_id: a.groeipotentieel for a in per_casus[c.id]} for c in lijst}
    return Uitslag(
        ronde=ronde,
        casussen=tuple(uitslagen),
        trede=overeenstemming.trede(trede_per, {c.id: ref[c.id].trede for c in lijst}),
        groeipotentieel=overeenstemming.groeipotentieel(
            groei_per, {c.id: ref[c.id].groeipotentieel for c in lijst}
        ),
        deelnemers=Rondedeelnemer.select().where(Rondedeelnemer.ronde == ronde).count(),
        klaar=len(antwoorden),
    )


@dataclass(frozen=True)
class Afwijking:
    """One of the deelnemer's own placements beside what most others and the reference
    said: shown to that deelnemer only."""

    casus: Casus
    eigen: str
    meest_gekozen: str  # the most frequent label among the others; "" if none
    referentie: str
    afwijkend: bool
    toelichting: str  # the deelnemer's own, given on the check page


def eigen_afwijkingen(ronde: Kalibratieronde, gebruiker: Gebruiker) -> list[Afwijking]:
    lijst = casussen_van(ronde)
    ref = referenties(ronde)
    alle = list(
        Kalibratieantwoord.select().where(
            (Kalibratieantwoord.ronde == ronde) & Kalibratieantwoord.klaar_op.is_null(False)
        )
    )
    uitkomst = []
    for casus in lijst:
        eigen = [a for a in alle if a.casus_id == casus.id and a.gebruiker_id == gebruiker.id]
        if not eigen:
            continue
        label = _label(eigen[0].trede, eigen[0].groeipotentieel)
        anderen = Counter(
            _label(a.trede, a.groeipotentieel)
            for a in alle
            if a.casus_id == casus.id and a.gebruiker_id != gebruiker.id
        )
        meest = anderen.most_common(1)[0][0] if anderen else ""
        referentie = ref[casus.id].label
        doel = referentie or meest
        afwijkend = bool(doel) and label != doel
        uitkomst.append(Afwijking(casus, label, meest, referentie, afwijkend, eigen[0].toelichting))
    return uitkomst


@dataclass(frozen=True)
class Verloop:
    """Alpha of the trede per closed round, oldest first: the chart over time."""

    ronde: Kalibratieronde
    alpha: float | None
    exact: float | None


def verloop(organisatie: Organisatie) -> list[Verloop]:
    gesloten = (
        Kalibratieronde.select()
        .where(
            (Kalibratieronde.organisatie == organisatie) & (Kalibratieronde.status == "gesloten")
        )
        .order_by(Kalibratieronde.gesloten_op, Kalibratieronde.id)
    )
    punten = []
    for ronde in gesloten:
        antwoorden = Kalibratieantwoord.select().where(
            (Kalibratieantwoord.ronde == ronde) & Kalibratieantwoord.klaar_op.is_null(False)
        )
        per: dict[int, dict[int, int | None]] = {}
        for a in antwoorden:
            per.setdefault(a.casus_id, {})[a.gebruiker_id] = a.trede
        cijfers = overeenstemming.trede(per, herhalingen=0)
        punten.append(Verloop(ronde, cijfers.alpha, cijfers.exact))
    return punten


# --- dubbelmeting: a second, independent placement of a real klant ---


def begin_dubbelmeting(klant: Klant, gebruiker: Gebruiker) -> Kalibratieantwoord:
    """A second klantmanager places the klant independently, as a check on the klant's
    current meting. Refused without a meting to check, and to whoever made that meting."""
    meting = Meting.laatste_definitieve(klant)
    if meting is None:
        raise KalibratieFout(
            "Deze klant heeft nog geen opgeslagen meting; een dubbelmeting controleert een "
            "meting die er al is."
        )
    if _zelf_gemeten(meting, gebruiker):
        raise KalibratieFout(
            "U heeft de meting van deze klant zelf gedaan. Een dubbelmeting doet een andere "
            "klantmanager, zonder de eerste meting te kennen."
        )
    open_ = (
        Kalibratieantwoord.select()
        .where(
            (Kalibratieantwoord.klant == klant)
            & (Kalibratieantwoord.gebruiker == gebruiker)
            & (Kalibratieantwoord.meting == meting)
        )
        .first()
    )
    if open_ is not None:
        return open_
    with db.atomic():
        antwoord = Kalibratieantwoord.create(
            klant=klant, meting=meting, gebruiker=gebruiker, aangemaakt=clock.now()
        )
        audit.log(
            "aanmaken",
            object_type="dubbelmeting",
            object_id=antwoord.id,
            klant_id=klant.id,
            omschrijving="dubbelmeting begonnen",
            gebruiker=gebruiker,
        )
    return antwoord


def _zelf_gemeten(meting: Meting, gebruiker: Gebruiker) -> bool:
    return gebruiker.id in (meting.invoerder_id, meting.klantmanager_id)


def kan_dubbelmeten(laatste: Meting | None, gebruiker: Gebruiker) -> bool:
    """Whether the klant page offers this user a dubbelmeting: there is a meting to check
    (`laatste`, the klant's Meting.laatste_definitieve, which the page has read already) and
    the user did not make it (the rule begin_dubbelmeting refuses by)."""
    return laatste is not None and not _zelf_gemeten(laatste, gebruiker)


@dataclass(frozen=True)
class Dubbelmetingen:
    """Agreement between a klant's meting and its dubbelmeting, over a period."""

    paren: int
    trede: overeenstemming.Overeenstemming
    groeipotentieel: overeenstemming.Overeenstemming


def dubbelmetingen(
    organisatie: Organisatie, van: datetime.date | None = None, tot: datetime.date | None = None
) -> Dubbelmetingen:
    """The finished dubbelmetingen of the organisation's klanten, each paired with the
    meting it checked (by meetdatum within [van, tot])."""
    query = (
        Kalibratieantwoord.select(Kalibratieantwoord, Meting)
        .join(Meting, on=Kalibratieantwoord.meting)
        .where(
            (Meting.organisatie == organisatie)
            & Kalibratieantwoord.klaar_op.is_null(False)
            & Kalibratieantwoord.klant.is_null(False)
        )
    )
    if van is not None:
        query = query.where(Meting.meetdatum >= van)
    if tot is not None:
        query = query.where(Meting.meetdatum <= tot)
    trede_per: dict[int, dict[str, int | None]] = {}
    groei_per: dict[int, dict[str, str | None]] = {}
    for a in query:
        trede_per[a.id] = {"meting": a.meting.trede, "controle": a.trede}
        groei_per[a.id] = {"meting": a.meting.groeipotentieel, "controle": a.groeipotentieel}
    return Dubbelmetingen(
        paren=len(trede_per),
        trede=overeenstemming.trede(trede_per),
        groeipotentieel=overeenstemming.groeipotentieel(groei_per),
    )
