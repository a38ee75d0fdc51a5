"""A realistic demo data set: klanten with a few years of metingen, for trying the app."""

import datetime
import random

from stdnum.nl import bsn as stdnum_bsn

from ladder import meetmomenten
from models import Gebruiker, Klant, Meting, Organisatie, Team, db
from services import metingen

ACHTERNAMEN = [
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Kaya"),
    ("", "Nowak"),
    ("", "Haile"),
    ("van der", "Poel"),
]
VOORNAMEN = [
    "Anna",
    "Mohamed",
    "Sanne",
    "Jeroen",
    "Fatima",
    "Pieter",
    "Ayşe",
    "Daan",
    "Lotte",
    "Youssef",
    "Marieke",
    "Tomasz",
    "Esra",
    "Kees",
    "Noor",
    "Abebe",
]


def valid_bsn(rng: random.Random) -> str:
    """A random number that passes the 11-proef (not a real person's BSN)."""
    while True:
        number = f"{rng.randrange(10_000_000, 99_999_999):08d}"
        for last in "0123456789":
            if stdnum_bsn.checksum(number + last) == 0:
                return number + last


def _metingen_voor(rng: random.Random, start: datetime.date, today: datetime.date):
    """A plausible series: mostly rising slowly, sometimes falling, measured about yearly."""
    trede = rng.choices([1, 2, 3, 4, 5, 6], weights=[20, 20, 25, 20, 10, 5])[0]
    datum, aanleiding = start, "intake"
    while datum <= today:
        groei = trede < 6 and rng.random() < 0.45
        yield datum, aanleiding, trede, groei
        if trede == 6 and rng.random() < 0.5:
            return
        trede = max(
            1, min(6, trede + (rng.random() < (0.6 if groei else 0.2)) - (rng.random() < 0.1))
        )
        datum += datetime.timedelta(days=rng.randrange(150, 380))
        aanleiding = rng.choice(["jaarlijks", "jaarlijks", "start_traject", "afronding_traject"])


def load_demo(organisatie: Organisatie, aantal: int = 80, seed: int = 2009) -> int:
    """Create `aantal` klanten with their metingen in organisatie; returns metingen made."""
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    today = datetime.date.today()
    medewerkers = list(
        Gebruiker.select().where(
            (Gebruiker.organisatie == organisatie) & Gebruiker.rol.in_(("klantmanager", "intaker"))
        )
    )
    team = Team.select().where(Team.organisatie == organisatie).first()
    count = 0
    with db.atomic():
        for _ in range(aantal):
            tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
            voornaam = rng.choice(VOORNAMEN)
            klantmanager = rng.choice(medewerkers) if medewerkers else None
            klant = Klant.create(
                bsn=valid_bsn(rng),
                achternaam=achternaam,
                tussenvoegsel=tussenvoegsel,
                voornaam=voornaam,
                voorletters=voornaam[0] + ".",
                geboortedatum=datetime.date(
                    rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 29)
                ),
                geslacht=rng.choice("mvx"),
                woonplaats="Utrecht",
                organisatie=organisatie,
                klantmanager=klantmanager,
                team=team,
            )
            start = today - datetime.timedelta(days=rng.randrange(60, 1100))
            for datum, aanleiding, trede, groei in _metingen_voor(rng, start, today):
                _meting(
                    klant,
                    klantmanager or organisatie.gebruikers.first(),
                    datum,
                    aanleiding,
                    trede,
                    groei,
                    rng,
                )
                count += 1
    return count


def _meting(klant, invoerder, datum, aanleiding, trede, groei, rng) -> Meting:
    uitstroom = aanleiding == meetmomenten.UITSTROOM
    return metingen.leg_vast(
        klant,
        invoerder,
        meetdatum=datum,
        aanleiding=aanleiding,
        trede=trede,
        groei=groei,
        inkomenssituatie=rng.choice(["gemeentelijke_uitkering", "uwv_uitkering", "nugger", "werk"]),
        startkwalificatie=rng.choice(["ja", "nee"]),
        inburgeringsplichtig=rng.choice(["ja", "nee"]),
        inburgeringsbehoeftig="nee",
        laaggeletterd=rng.choice(["ja", "nee", "nee"]),
        vrijstelling_arbeidsplicht=rng.choice(["nee", "nee", "nee", "ja"]),
        vrijstelling_inburgeringsplicht="nee",
        lopend_p_instrument=rng.choice(["ja", "nee"]),
        nieuw_p_instrument=rng.choice(["ja", "nee", "nee"]),
        volgende_meetdatum=None if uitstroom else meetmomenten.standaard_volgende_meetdatum(datum),
        klantmanager=klant.klantmanager,
        team=klant.team,
        definitief_op=datetime.datetime.combine(datum, datetime.time(10)),
        bron="demo",
        subgroepen=rng.sample(["1", "3", "4", "5", "7"], k=rng.randrange(1, 3)),
    )
