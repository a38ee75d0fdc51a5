"""The meting: one participation measurement of one klant, the unit of history."""

import json

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    SmallIntegerField,
    TextField,
)

from ladder import gesprek
from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.instrument import Traject
from models.klant import Klant
from models.organisatie import Organisatie, Team
from models.vaste_query import Gelezen, VasteQuery

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


def nieuwste_eerst(meting) -> list:
    """A klant's metingen newest first, the one order everywhere (the klant page, the current
    meting, the reports in reports/peil.py): meetdatum, then definitief_op (empty last, on
    both engines: PostgreSQL would put it first), then id. `meting`: Meting or an alias."""
    return [meting.meetdatum.desc(), meting.definitief_op.desc(nulls="LAST"), meting.id.desc()]


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
    # Approval of a partner's meting by the klant's own organisation.
    beoordeeld_door = ForeignKeyField(
        Gebruiker, null=True, on_delete="SET NULL", backref="beoordeelde_metingen"
    )
    beoordeeld_op = DateTimeField(null=True)
    beoordelingsreden = TextField(default="")
    # The traject whose start or end this meting measures (seeds/001 §3.2).
    traject = ForeignKeyField(Traject, null=True, on_delete="SET NULL", backref="metingen")
    stap = CharField(max_length=30, default="")  # where an open concept was left off
    bevestigde_stappen = TextField(default="[]")  # JSON: pages of the conversation confirmed
    # Set by the "Nieuwe meting" form, so a double click or a re-post opens the same concept.
    idempotentie_token = CharField(max_length=64, null=True, unique=True)
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)
    definitief_op = DateTimeField(null=True)
    versie = IntegerField(default=1)

    class Meta:
        indexes = (
            # The reports find a klant's latest definitive meting by walking this index
            # backwards (reports/peil.py); migration 0008. On PostgreSQL definitief_op is
            # NULLS FIRST in it (migration 0016: backwards, empty last, as the reports order);
            # SQLite sorts NULL first anyway and cannot say so in an index.
            (("klant", "status", "meetdatum", "definitief_op", "id"), False),
            (("organisatie", "status", "meetdatum"), False),
        )

    # --- the state of the conversation, as the instrument package sees it ---

    @property
    def antwoorden_dict(self) -> dict[str, bool]:
        value = json.loads(self.antwoorden or "{}")
        return {k: v for k, v in value.items() if isinstance(v, bool)}

    @property
    def bevestigd(self) -> frozenset[str]:
        return frozenset(_json_list(self.bevestigde_stappen))

    @property
    def subgroep_codes(self) -> list[str]:
        return [code for (code,) in _SUBGROEPEN.rijen(self.id)]

    @property
    def eigen_kenmerken(self) -> list[tuple[str, str]]:
        """The answers to the gemeente's own klantkenmerken: (code, waarde), as given."""
        return _EIGEN_KENMERKEN.rijen(self.id)

    @property
    def is_code(self) -> bool:
        """Recorded as code 0, 8 or 9 instead of answering the questions."""
        return self.trede in (0, 8, 9) and not self.antwoorden_dict

    @property
    def stand(self) -> gesprek.Stand:
        """The conversation state, for the instrument's routing."""
        return gesprek.Stand(
            antwoorden=self.antwoorden_dict,
            code=self.trede if self.is_code else None,
            groei_antwoord={"ja": True, "nee": False}.get(self.groei_antwoord),
            bevestigd=self.bevestigd,
            meetdatum=self.meetdatum,
            aanleiding=self.aanleiding,
            volgende_meetdatum=self.volgende_meetdatum,
        )

    @classmethod
    def history_for(cls, klant) -> list["Meting"]:
        """The klant's saved metingen (not concepts), newest first; replaced ones included.
        Each with its invoerder's name, which the history shows (one query, however long it
        is; of the invoerder only id and naam: not a password hash and authenticator secret
        for each of 50 rows)."""
        return _HISTORIE.rijen(klant)

    @classmethod
    def history_gelezen(cls, klant) -> Gelezen:
        """The same history as rows read once: plain values to compare, and the metingen
        made from them only when asked (`.objecten()`)."""
        return _HISTORIE.gelezen(klant)

    @classmethod
    def open_concepts(cls, klant, gebruiker) -> list["Meting"]:
        """This user's unfinished metingen of this klant (at most one, by construction)."""
        return _OPEN_CONCEPTEN.rijen(klant, gebruiker)

    @classmethod
    def laatste_definitieve(cls, klant) -> "Meting | None":
        """The klant's current meting: the latest definitive one."""
        return _LAATSTE_DEFINITIEVE.eerste(klant)


# The klant page and the pages of a meting ask these of every klant they show: selects of
# all 43 columns of a meting, whose SQL peewee took longer to build than the database to
# answer (bench/stapkosten.py), so it is built once (models/vaste_query.py).
_HISTORIE = VasteQuery(
    lambda klant: (
        Meting.select(Meting, Gebruiker.id, Gebruiker.naam)
        .join(Gebruiker, on=Meting.invoerder)
        .where((Meting.klant == klant) & (Meting.status != "concept"))
        .order_by(*nieuwste_eerst(Meting))
    ),
    -4_242_424_201,
)
_OPEN_CONCEPTEN = VasteQuery(
    lambda klant, gebruiker: (
        Meting.select()
        .where(
            (Meting.klant == klant) & (Meting.invoerder == gebruiker) & (Meting.status == "concept")
        )
        .order_by(Meting.aangemaakt.desc())
    ),
    -4_242_424_202,
    -4_242_424_203,
)
_LAATSTE_DEFINITIEVE = VasteQuery(
    lambda klant: (
        Meting.select()
        .where((Meting.klant == klant) & (Meting.status == "definitief"))
        .order_by(*nieuwste_eerst(Meting))
        .limit(1)
    ),
    -4_242_424_204,
)


class MetingSubgroep(BaseModel):
    """The subgroepen a klant belongs to at this meting (Table 3.3, not exclusive)."""

    meting = ForeignKeyField(Meting, backref="subgroep_rijen", on_delete="CASCADE")
    subgroep = CharField(max_length=30)  # "1".."7" or an organisation's own code

    class Meta:
        indexes = ((("meting", "subgroep"), True),)


def _json_list(text: str) -> list:
    value = json.loads(text or "[]")
    return value if isinstance(value, list) else []


class MetingKenmerk(BaseModel):
    """The answer to one of the gemeente's own klantkenmerken at this meting."""

    meting = ForeignKeyField(Meting, backref="eigen_kenmerk_rijen", on_delete="CASCADE")
    code = CharField(max_length=30)
    waarde = CharField(max_length=200, default="")

    class Meta:
        indexes = ((("meting", "code"), True),)


# Every summary of a meting reads these two; their SQL is built only once.
_SUBGROEPEN = VasteQuery(
    lambda meting_id: (
        MetingSubgroep.select(MetingSubgroep.subgroep)
        .where(MetingSubgroep.meting == meting_id)
        .order_by(MetingSubgroep.subgroep)
        .tuples()
    ),
    -4_242_424_301,
)
_EIGEN_KENMERKEN = VasteQuery(
    lambda meting_id: (
        MetingKenmerk.select(MetingKenmerk.code, MetingKenmerk.waarde)
        .where(MetingKenmerk.meting == meting_id)
        .order_by(MetingKenmerk.id)
        .tuples()
    ),
    -4_242_424_302,
)
