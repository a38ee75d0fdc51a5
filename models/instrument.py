"""Participatie-instrumenten, trajecten, and the plaatsingen partner programmes account for."""

import datetime

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
)

from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.klant import Klant
from models.organisatie import Organisatie

DOMEINEN = {
    "reintegratie": "Re-integratie",
    "inburgering": "Inburgering",
    "educatie": "Educatie",
    "wmo": "Wmo",
    "overig": "Overig",
}
TRAJECTSTATUSSEN = {"lopend": "Lopend", "afgerond": "Afgerond", "uitgevallen": "Uitgevallen"}


class Instrument(BaseModel):
    """An offer in the organisation's catalogue (seeds/001 §1.2: instruments and their cost)."""

    organisatie = ForeignKeyField(Organisatie, backref="instrumenten", on_delete="CASCADE")
    naam = CharField(max_length=200)
    domein = CharField(max_length=20, choices=list(DOMEINEN.items()))
    aanbieder = ForeignKeyField(
        Organisatie, null=True, on_delete="SET NULL", backref="aangeboden_instrumenten"
    )
    kosten_per_traject = DecimalField(max_digits=10, decimal_places=2, null=True)
    kosten_per_maand = DecimalField(max_digits=10, decimal_places=2, null=True)
    bedoelde_treden = CharField(max_length=20, default="")  # e.g. "3,4": a suggestion only
    actief = BooleanField(default=True)

    class Meta:
        indexes = ((("organisatie", "naam"), True),)

    @property
    def treden(self) -> list[int]:
        return [int(t) for t in self.bedoelde_treden.split(",") if t.strip().isdigit()]


class Traject(BaseModel):
    klant = ForeignKeyField(Klant, backref="trajecten", on_delete="RESTRICT")
    instrument = ForeignKeyField(Instrument, backref="trajecten", on_delete="RESTRICT")
    organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")  # who registered it
    begindatum = DateField()
    geplande_einddatum = DateField(null=True)
    einddatum = DateField(null=True)
    status = CharField(max_length=20, default="lopend", choices=list(TRAJECTSTATUSSEN.items()))
    werkelijke_kosten = DecimalField(max_digits=10, decimal_places=2, null=True)
    aangemaakt = DateTimeField(default=utcnow)
    ingevoerd_door = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
    versie = IntegerField(default=1)

    def loopt_op(self, datum: datetime.date) -> bool:
        return self.begindatum <= datum and (self.einddatum is None or self.einddatum >= datum)


class Project(BaseModel):
    """A partner programme with placement targets (seeds/003: Banenoffensief Vluchtelingen)."""

    organisatie = ForeignKeyField(Organisatie, backref="projecten", on_delete="CASCADE")
    naam = CharField(max_length=200)
    doel_aantal = IntegerField()
    doel_betaald_pct = IntegerField(default=0)
    doel_onbetaald_pct = IntegerField(default=0)
    doel_opleiding_pct = IntegerField(default=0)
    minimale_duur_maanden = IntegerField(default=6)


class Plaatsing(BaseModel):
    klant = ForeignKeyField(Klant, backref="plaatsingen", on_delete="RESTRICT")
    project = ForeignKeyField(Project, backref="plaatsingen", on_delete="RESTRICT")
    aard = CharField(max_length=20)  # ladder.verantwoording.AARDEN
    sector = CharField(max_length=100, default="")
    opleidingsniveau = CharField(max_length=30, default="")
    begindatum = DateField()
    einddatum = DateField(null=True)
    gerealiseerd_door = ForeignKeyField(
        Organisatie, on_delete="RESTRICT", backref="gerealiseerde_plaatsingen"
    )
    organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")  # who registered it
    ingevoerd_door = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
    aangemaakt = DateTimeField(default=utcnow)
