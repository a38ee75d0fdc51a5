"""The AVG duties: inzage (everything stored about one klant) and the retention period."""

import datetime
from decimal import Decimal

from peewee import fn

from ladder import klantkenmerken
from models import (
    Afdruk,
    Auditregel,
    AuditregelKlant,
    Kalibratieantwoord,
    Klant,
    Meting,
    MetingKenmerk,
    MetingSubgroep,
    Organisatie,
    Plaatsing,
    Toegang,
    Traject,
)
from services import afdrukken, audit
from services.samenvatting import samenvatting, samenvatting_plaatsing


def inzage_opvragen(klant_id: int, formaat: str) -> tuple[Klant, dict]:
    """The klant and its inzage for whoever may manage the klant (others are refused and
    logged); the export itself is logged, in the same transaction as the data is read."""
    from services import clock
    from services.toegang import klant_of_404, mag_beheren_voor_klant, weiger

    klant = klant_of_404(klant_id)
    if not mag_beheren_voor_klant(klant):
        weiger("inzage", klant_id, klant_id=klant_id)
    with Klant._meta.database.atomic():
        data = inzage(klant, clock.now())
        audit.log(
            "exporteren",
            object_type="klant",
            object_id=klant.id,
            klant_id=klant.id,
            omschrijving=f"inzage ({formaat})",
        )
    return klant, data


def inzage(klant: Klant, now: datetime.datetime) -> dict:
    """Everything stored about one klant, for an inzageverzoek (art. 15 AVG): also the open
    concepts, the reasons of a correction or review, and the bulk reads (searches, exports,
    API pulls) that included the klant."""
    metingen = Meting.select().where(Meting.klant == klant).order_by(Meting.meetdatum, Meting.id)
    return {
        "gegenereerd_op": now.isoformat(timespec="seconds") + "Z",
        "verantwoordelijke": klant.organisatie.naam,
        "persoonsgegevens": {
            "bsn": klant.bsn,
            "achternaam": klant.achternaam,
            "tussenvoegsel": klant.tussenvoegsel,
            "voornaam": klant.voornaam,
            "voorletters": klant.voorletters,
            "geboortedatum": klant.geboortedatum.isoformat(),
            "geslacht": klant.geslacht,
            "adres": klant.adres,
            "postcode": klant.postcode,
            "woonplaats": klant.woonplaats,
            "gemeente": klant.gemeente.naam if klant.gemeente else None,
            "klantmanager": klant.klantmanager.naam if klant.klantmanager else None,
            "geregistreerd_op": klant.aangemaakt.isoformat(timespec="seconds") + "Z",
        },
        "metingen": [_meting(m) for m in metingen],
        # A second klantmanager's independent check of a meting (issue 15): it counts in no
        # report, but it is about the klant, so the klant may see it.
        "dubbelmetingen": [
            _dubbelmeting(a)
            for a in Kalibratieantwoord.select()
            .where(Kalibratieantwoord.klant == klant)
            .order_by(Kalibratieantwoord.aangemaakt, Kalibratieantwoord.id)
        ],
        "trajecten": [
            _traject(t) for t in klant.trajecten.order_by(Traject.begindatum, Traject.id)
        ],
        "plaatsingen": [
            _plaatsing(p) for p in klant.plaatsingen.order_by(Plaatsing.begindatum, Plaatsing.id)
        ],
        "toegang_voor_partners": [
            {
                "organisatie": t.organisatie.naam,
                "vanaf": t.begindatum.isoformat(),
                "tot_en_met": t.einddatum.isoformat() if t.einddatum else None,
                "ingetrokken": bool(t.ingetrokken),
            }
            for t in klant.toegangen.order_by(Toegang.begindatum)
        ],
        "verwerkingen": [_verwerking(r) for r in verwerkingen(klant.id)],
    }


def verwerkingen(klant_id: int):
    """The audit lines about the klant: its own, and the bulk reads that named it."""
    in_bulk = AuditregelKlant.select(AuditregelKlant.auditregel_id).where(
        AuditregelKlant.klant_id == klant_id
    )
    return (
        Auditregel.select()
        .where((Auditregel.klant_id == klant_id) | Auditregel.id.in_(in_bulk))
        .order_by(Auditregel.tijdstip, Auditregel.id)
    )


def _verwerking(r: Auditregel) -> dict:
    door = r.gebruiker_naam or ("koppeling (API-token)" if r.object_type == "api" else "")
    return {
        "tijdstip": r.tijdstip.isoformat(timespec="seconds") + "Z",
        "actie": r.actie,
        "door": door,
        "object": f"{r.object_type} {r.object_id}".strip(),
        "resultaat": r.resultaat,
        "omschrijving": r.omschrijving,
    }


def _meting(m: Meting) -> dict:
    """A meting as the shared summary shows it, plus its identifiers."""
    overzicht = samenvatting(m)
    return {
        "id": m.id,
        "status": m.status,
        "meetdatum": m.meetdatum.isoformat() if m.meetdatum else None,
        "trede": m.trede,
        "groeipotentieel": m.groeipotentieel,
        "uitkomst": overzicht.omschrijving,
        "correctiereden": m.correctiereden,
        "beoordelingsreden": m.beoordelingsreden,
        "kenmerken": {k.code: getattr(m, k.code) for k in klantkenmerken.KLANTKENMERKEN},
        "secties": {s.titel: {r.label: r.waarde for r in s.regels} for s in overzicht.secties},
    }


def _dubbelmeting(a: Kalibratieantwoord) -> dict:
    overzicht = samenvatting_plaatsing(a)
    return {
        "id": a.id,
        "controleert_meting": a.meting_id,
        "afgerond_op": a.klaar_op.isoformat(timespec="seconds") + "Z" if a.klaar_op else None,
        "trede": a.trede,
        "groeipotentieel": a.groeipotentieel,
        "uitkomst": overzicht.omschrijving,
        "toelichting": a.toelichting,
        "secties": {s.titel: {r.label: r.waarde for r in s.regels} for s in overzicht.secties},
    }


def _traject(t: Traject) -> dict:
    """A traject with the organisation that registered it: partners' trajecten count too."""
    return {
        "id": t.id,
        "instrument": t.instrument.naam,
        "domein": t.instrument.domein,
        "geregistreerd_door": t.organisatie.naam,
        "begindatum": t.begindatum.isoformat(),
        "geplande_einddatum": _iso(t.geplande_einddatum),
        "einddatum": _iso(t.einddatum),
        "status": t.status,
        "werkelijke_kosten": _bedrag(t.werkelijke_kosten),
    }


def _plaatsing(p: Plaatsing) -> dict:
    """A plaatsing (werk of opleiding) in a partner programme, and who realised it."""
    return {
        "id": p.id,
        "project": p.project.naam,
        "aard": p.aard,
        "sector": p.sector,
        "opleidingsniveau": p.opleidingsniveau,
        "begindatum": p.begindatum.isoformat(),
        "einddatum": _iso(p.einddatum),
        "gerealiseerd_door": p.gerealiseerd_door.naam,
        "geregistreerd_door": p.organisatie.naam,
    }


def _bedrag(waarde: Decimal | None) -> str | None:
    """Euros with two decimals as text (SQLite hands back 2500 for 2500.00)."""
    return str(waarde.quantize(Decimal("0.01"))) if waarde is not None else None


def _iso(datum: datetime.date | None) -> str | None:
    return datum.isoformat() if datum else None


def jaren_terug(datum: datetime.date, jaren: int) -> datetime.date:
    """The same day `jaren` years earlier; 29 February becomes 28 February in a year without
    it (date.replace would raise ValueError and stop the retention run on a leap day)."""
    try:
        return datum.replace(year=datum.year - jaren)
    except ValueError:
        return datum.replace(year=datum.year - jaren, day=28)


def verlopen_klanten(organisatie: Organisatie, vandaag: datetime.date) -> list[Klant]:
    """Klanten whose last meting (or registration) lies beyond the retention period."""
    grens = jaren_terug(vandaag, organisatie.bewaartermijn_jaren)
    laatste = (
        Meting.select(Meting.klant, fn.MAX(Meting.meetdatum).alias("laatste"))
        .where(Meting.status != "concept")
        .group_by(Meting.klant)
    )
    kandidaten = Klant.select().where(
        (Klant.organisatie == organisatie) & Klant.geanonimiseerd.is_null()
    )
    ids_met_meting = {row.klant_id: row.laatste for row in laatste.objects()}
    return [
        k
        for k in kandidaten.order_by(Klant.id)
        if (ids_met_meting.get(k.id) or k.aangemaakt.date()) < grens
    ]


# Every text column of a table linked to a klant is either free text, which may name the
# person and is cleared on anonymisation, or a code from a fixed list, which reports count.
# tests/services/test_privacy.py checks that each text column is in exactly one of the two.
VRIJE_TEKST = {
    Meting: ("toelichting", "code_toelichting", "correctiereden", "beoordelingsreden", "afdeling"),
    Plaatsing: ("sector",),
    Kalibratieantwoord: ("toelichting",),  # of a dubbelmeting; a casus names no klant
}
CODES = {
    Afdruk: ("sleutel", "vingerafdruk"),  # the PDF itself is deleted on anonymisation
    Meting: (
        "status",
        "aanleiding",
        "uitstroomreden",
        "groeipotentieel",
        "antwoorden",
        "groei_antwoord",
        *(k.code for k in klantkenmerken.KLANTKENMERKEN),
        "bron",
        "stap",
        "bevestigde_stappen",
        "idempotentie_token",
    ),
    MetingSubgroep: ("subgroep",),
    MetingKenmerk: ("code", "waarde"),  # waarde: one of the organisation's own options
    Plaatsing: ("aard", "opleidingsniveau"),
    Traject: ("status",),
    Kalibratieantwoord: ("antwoorden", "groei_antwoord", "bevestigde_stappen", "groeipotentieel"),
}


def anonimiseer(klant: Klant, now: datetime.datetime) -> None:
    """Remove the personal data; metingen keep trede, groei and kenmerken, so every report
    figure stays the same. Free text may name the person and is cleared too."""
    geboortejaar = klant.geboortedatum.year
    Klant.update(
        bsn=f"x{klant.id:08d}"[-9:],
        achternaam="Geanonimiseerd",
        tussenvoegsel="",
        voornaam="",
        voorletters="",
        geboortedatum=datetime.date(geboortejaar, 1, 1),
        geslacht="x",
        adres="",
        postcode="",
        woonplaats="",
        geanonimiseerd=now,
        gewijzigd=now,
        versie=Klant.versie + 1,
    ).where(Klant.id == klant.id).execute()
    afdrukken.vergeet(klant.id)  # the stored prints hold the name, BSN and address
    Meting.update(**dict.fromkeys(VRIJE_TEKST[Meting], "")).where(Meting.klant == klant).execute()
    Plaatsing.update(**dict.fromkeys(VRIJE_TEKST[Plaatsing], "")).where(
        Plaatsing.klant == klant
    ).execute()
    Meting.delete().where((Meting.klant == klant) & (Meting.status == "concept")).execute()
    Kalibratieantwoord.update(toelichting="").where(Kalibratieantwoord.klant == klant).execute()
    Kalibratieantwoord.delete().where(
        (Kalibratieantwoord.klant == klant) & Kalibratieantwoord.klaar_op.is_null()
    ).execute()
    audit.log(
        "wijzigen",
        object_type="klant",
        object_id=klant.id,
        klant_id=klant.id,
        omschrijving="geanonimiseerd na afloop van de bewaartermijn",
    )
