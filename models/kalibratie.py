"""Kalibratie (issue 15): the casusbank, the kalibratierondes and the answers given in them.

Nothing here is a meting: a casus is an anonymised story, not a klant, and the answers given
to it live in their own table, which no report, export or inzage reads. The one kind of
answer about a real klant is the dubbelmeting: a second klantmanager places a klant
independently, as a check on the klant's meting; it too stays out of every report.
"""

import json

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from ladder import gesprek
from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.klant import Klant
from models.meting import Meting
from models.organisatie import Organisatie

RONDE_STATUSSEN = {"open": "Open", "gesloten": "Gesloten"}


class Casus(BaseModel):
    """A short anonymised case in an organisation's casusbank, with an optional reference
    answer. The starter cases of ladder/casussen.py carry their `code`; own cases have none."""

    organisatie = ForeignKeyField(Organisatie, backref="casussen", on_delete="CASCADE")
    code = CharField(max_length=40, null=True)
    titel = CharField(max_length=200)
    tekst = TextField()
    bron = CharField(max_length=200, default="")
    referentie_antwoorden = TextField(default="{}")  # JSON: Table 3.1, as in a meting
    referentie_groei_antwoord = CharField(max_length=3, default="")  # "ja" / "nee"
    referentie_trede = SmallIntegerField(null=True)
    referentie_groeipotentieel = CharField(max_length=1, null=True)
    referentie_toelichting = TextField(default="")
    actief = BooleanField(default=True)
    aangemaakt_door = ForeignKeyField(Gebruiker, null=True, on_delete="SET NULL")
    aangemaakt = DateTimeField(default=utcnow)
    versie = IntegerField(default=1)

    class Meta:
        indexes = ((("organisatie", "code"), True),)

    @property
    def referentie_antwoorden_dict(self) -> dict[str, bool]:
        return _antwoorden(self.referentie_antwoorden)


class Kalibratieronde(BaseModel):
    """A round in which several people place the same casussen, blind, to compare."""

    organisatie = ForeignKeyField(Organisatie, backref="kalibratierondes", on_delete="CASCADE")
    naam = CharField(max_length=200)
    coordinator = ForeignKeyField(Gebruiker, on_delete="RESTRICT", backref="gecoordineerd")
    status = CharField(max_length=20, default="open", choices=list(RONDE_STATUSSEN.items()))
    aangemaakt = DateTimeField(default=utcnow)
    gesloten_op = DateTimeField(null=True)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class Rondecasus(BaseModel):
    ronde = ForeignKeyField(Kalibratieronde, backref="casus_rijen", on_delete="CASCADE")
    casus = ForeignKeyField(Casus, backref="ronde_rijen", on_delete="RESTRICT")
    volgorde = SmallIntegerField(default=0)
    # The casus's reference answer as it was when the round closed: giving the reference
    # again later does not change the results of a round that was held.
    referentie_trede = SmallIntegerField(null=True)
    referentie_groeipotentieel = CharField(max_length=1, null=True)
    referentie_toelichting = TextField(default="")

    class Meta:
        indexes = ((("ronde", "casus"), True),)


class Rondedeelnemer(BaseModel):
    ronde = ForeignKeyField(Kalibratieronde, backref="deelnemer_rijen", on_delete="CASCADE")
    gebruiker = ForeignKeyField(Gebruiker, backref="kalibratierondes", on_delete="RESTRICT")

    class Meta:
        indexes = ((("ronde", "gebruiker"), True),)


class Kalibratieantwoord(BaseModel):
    """One person's placement: of a casus in a ronde, of a casus as its reference answer
    (no ronde), or of a klant as a dubbelmeting (klant and the meting it checks)."""

    ronde = ForeignKeyField(Kalibratieronde, null=True, backref="antwoorden", on_delete="CASCADE")
    casus = ForeignKeyField(Casus, null=True, backref="antwoorden", on_delete="CASCADE")
    klant = ForeignKeyField(Klant, null=True, backref="dubbelmetingen", on_delete="CASCADE")
    meting = ForeignKeyField(Meting, null=True, backref="dubbelmetingen", on_delete="CASCADE")
    gebruiker = ForeignKeyField(Gebruiker, backref="kalibratieantwoorden", on_delete="RESTRICT")
    antwoorden = TextField(default="{}")  # JSON: Table 3.1, as in a meting
    groei_antwoord = CharField(max_length=3, default="")
    bevestigde_stappen = TextField(default="[]")
    trede = SmallIntegerField(null=True)
    groeipotentieel = CharField(max_length=1, null=True)
    toelichting = TextField(default="")
    klaar_op = DateTimeField(null=True)
    aangemaakt = DateTimeField(default=utcnow)
    versie = IntegerField(default=1)

    class Meta:
        indexes = (
            (("ronde", "casus", "gebruiker"), False),
            (("klant", "gebruiker"), False),
        )

    @property
    def antwoorden_dict(self) -> dict[str, bool]:
        return _antwoorden(self.antwoorden)

    is_code = False  # a placement answers the questions; the codes 0, 8, 9 are for metingen

    @property
    def is_klaar(self) -> bool:
        return self.klaar_op is not None

    @property
    def stand(self) -> gesprek.Stand:
        """The conversation state: the placement pages only (no meetmoment or kenmerken)."""
        stappen = json.loads(self.bevestigde_stappen or "[]")
        return gesprek.Stand(
            antwoorden=self.antwoorden_dict,
            groei_antwoord={"ja": True, "nee": False}.get(self.groei_antwoord),
            bevestigd=frozenset(s for s in stappen if isinstance(s, str)),
            alleen_trede=True,
        )


def _antwoorden(tekst: str) -> dict[str, bool]:
    value = json.loads(tekst or "{}")
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(v, bool)}
