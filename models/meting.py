"""The meting: one participation measurement of one klant, the unit of history."""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.klant import Klant
from models.organisatie import Organisatie, Team

STATUSSEN = {
    "concept": "Concept",
    "definitief": "Definitief",
    "ter_beoordeling": "Ter beoordeling",
    "afgewezen": "Afgewezen",
    "vervangen": "Vervangen",
}

# Values of the nine klantkenmerken are stored as short codes ("ja", "nee", a municipal code
# or an inkomenssituatie code); empty means not (yet) known.
KLANTKENMERK_VELDEN = (
    "inkomenssituatie",
    "startkwalificatie",
    "inburgeringsplichtig",
    "inburgeringsbehoeftig",
    "laaggeletterd",
    "vrijstelling_arbeidsplicht",
    "vrijstelling_inburgeringsplicht",
    "lopend_p_instrument",
    "nieuw_p_instrument",
)


class Meting(BaseModel):
    klant = ForeignKeyField(Klant, backref="metingen", on_delete="RESTRICT")
    organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")
    status = CharField(max_length=20, default="concept", choices=list(STATUSSEN.items()))
    # Meetmoment: the date and the occasion.
    meetdatum = DateField(null=True)
    aanleiding = CharField(max_length=30, default="")
    uitstroomreden = CharField(max_length=30, default="")
    # Positie op de ladder: 1-6 or the codes 0, 8, 9; null while still being determined.
    trede = SmallIntegerField(null=True)
    code_toelichting = TextField(default="")
    groeipotentieel = CharField(max_length=1, null=True)  # "+", "0"; null is n.v.t.
    antwoorden = TextField(default="{}")  # JSON: the Table 3.1 answers that led to the trede
    groei_antwoord = CharField(max_length=3, default="")  # "ja" / "nee" to the Table 3.2 question
    inkomenssituatie = CharField(max_length=30, default="")
    startkwalificatie = CharField(max_length=10, default="")
    inburgeringsplichtig = CharField(max_length=10, default="")
    inburgeringsbehoeftig = CharField(max_length=10, default="")
    laaggeletterd = CharField(max_length=10, default="")
    vrijstelling_arbeidsplicht = CharField(max_length=30, default="")
    vrijstelling_inburgeringsplicht = CharField(max_length=10, default="")
    lopend_p_instrument = CharField(max_length=10, default="")
    nieuw_p_instrument = CharField(max_length=10, default="")
    toelichting = TextField(default="")
    volgende_meetdatum = DateField(null=True)
    # Werkprocesgegevens.
    klantmanager = ForeignKeyField(
        Gebruiker, null=True, on_delete="SET NULL", backref="behandelde_metingen"
    )
    afdeling = CharField(max_length=100, default="")
    team = ForeignKeyField(Team, null=True, on_delete="SET NULL")
    invoerder = ForeignKeyField(Gebruiker, on_delete="RESTRICT", backref="ingevoerde_metingen")
    bron = CharField(max_length=20, default="scherm")
    # A correction is a new meting that replaces an older one; the older one stays.
    corrigeert = ForeignKeyField("self", null=True, on_delete="RESTRICT", backref="correcties")
    correctiereden = TextField(default="")
    stap = CharField(max_length=30, default="")  # where an open concept was left off
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)
    definitief_op = DateTimeField(null=True)
    versie = IntegerField(default=1)

    class Meta:
        indexes = (
            (("klant", "status", "meetdatum"), False),
            (("organisatie", "status", "meetdatum"), False),
        )


class MetingSubgroep(BaseModel):
    """The subgroepen a klant belongs to at this meting (Table 3.3, not exclusive)."""

    meting = ForeignKeyField(Meting, backref="subgroep_rijen", on_delete="CASCADE")
    subgroep = CharField(max_length=30)  # "1".."7" or an organisation's own code

    class Meta:
        indexes = ((("meting", "subgroep"), True),)
