"""Organisations, the gemeenten they serve, and their teams."""

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from models.base import BaseModel
from models.vaste_query import VasteQuery

SOORTEN = {
    "gemeente": "Gemeente",
    "isd": "ISD (intergemeentelijke sociale dienst)",
    "sociale_dienst": "Sociale dienst",
    "uwv": "UWV",
    "reintegratiebedrijf": "Re-integratiebedrijf",
    "roc": "ROC",
    "taalaanbieder": "Taalaanbieder",
    "welzijnsorganisatie": "Welzijnsorganisatie",
    "vluchtelingenorganisatie": "Vluchtelingenorganisatie",
    "overig": "Overig",
}

# Organisations that carry out the municipal task; the others are partners (issue: access).
GEMEENTELIJKE_SOORTEN = ("gemeente", "isd", "sociale_dienst")
PARTNER_SOORTEN = tuple(s for s in SOORTEN if s not in GEMEENTELIJKE_SOORTEN)


class Organisatie(BaseModel):
    naam = CharField(max_length=200, unique=True)
    soort = CharField(max_length=40, choices=list(SOORTEN.items()))
    standaard_interval_maanden = IntegerField(default=12)
    # Metingen that partners record on this organisation's klanten wait for approval.
    partner_metingen_beoordelen = BooleanField(default=True)
    # Klant data is removed or anonymised this many years after the last meting.
    bewaartermijn_jaren = IntegerField(default=7)
    # Takes part in the benchmark (report 7): its aggregates are compared with those of the
    # other organisations that opted in, and only then does it see theirs.
    benchmark_deelname = BooleanField(default=False)
    # A partner organisation: the gemeente (or ISD) whose beheerder made and manages it.
    beheerd_door = ForeignKeyField(
        "self", null=True, backref="partners", on_delete="RESTRICT", index=True
    )

    @property
    def soort_label(self) -> str:
        return SOORTEN.get(self.soort, self.soort)

    @property
    def is_gemeentelijk(self) -> bool:
        return self.soort in GEMEENTELIJKE_SOORTEN

    def gemeenten(self):
        """The gemeenten this organisation serves (an ISD serves several)."""
        return (
            Gemeente.select()
            .join(OrganisatieGemeente)
            .where(OrganisatieGemeente.organisatie == self)
            .order_by(Gemeente.naam)
        )

    def gemeentenamen(self) -> list[str]:
        """The names of the gemeenten it serves, in that order (every print shows them)."""
        return [naam for (naam,) in _GEMEENTENAMEN.rijen(self.id)]


class Gemeente(BaseModel):
    """A gemeente with its CBS gemeentecode (four digits, e.g. 0344 Utrecht)."""

    cbs_code = CharField(max_length=4, unique=True)
    naam = CharField(max_length=100)


class OrganisatieGemeente(BaseModel):
    organisatie = ForeignKeyField(Organisatie, backref="bediende_gemeenten", on_delete="CASCADE")
    gemeente = ForeignKeyField(Gemeente, on_delete="RESTRICT")

    class Meta:
        indexes = ((("organisatie", "gemeente"), True),)


# Every print shows them; the SQL is built only once.
_GEMEENTENAMEN = VasteQuery(
    lambda organisatie_id: (
        Gemeente.select(Gemeente.naam)
        .join(OrganisatieGemeente)
        .where(OrganisatieGemeente.organisatie == organisatie_id)
        .order_by(Gemeente.naam)
        .tuples()
    ),
    -4_242_424_303,
)


class Team(BaseModel):
    organisatie = ForeignKeyField(Organisatie, backref="teams", on_delete="RESTRICT")
    naam = CharField(max_length=100)
    afdeling = CharField(max_length=100, default="")

    class Meta:
        indexes = ((("organisatie", "naam"), True),)


class EigenAanvulling:
    """What a gemeente adds to the instrument itself: a subgroep to the seven of Table 3.3,
    a klantkenmerk to the nine of the data set. Both are kept per organisation by code, can
    be switched off (old metingen keep them) and are offered in the gemeente's own order."""

    VOLGORDE: str = "id"

    @classmethod
    def van(cls, organisatie_id: int, alleen_actief: bool = True) -> list:
        """The organisation's own additions, in their order; the switched-off ones too when
        asked. (Every page of a meting from the subgroepen on asks: its SQL built once.)"""
        sleutel = (cls, alleen_actief)
        if sleutel not in _EIGEN:
            _EIGEN[sleutel] = VasteQuery(
                lambda organisatie: cls._van(organisatie, alleen_actief), -4_242_424_206
            )
        return _EIGEN[sleutel].rijen(organisatie_id)

    @classmethod
    def _van(cls, organisatie_id, alleen_actief: bool):
        query = cls.select().where(cls.organisatie == organisatie_id)
        if alleen_actief:
            query = query.where(cls.actief)
        return query.order_by(getattr(cls, cls.VOLGORDE), cls.id)


# The queries of EigenAanvulling.van, by kind and whether only the active ones.
_EIGEN: dict[tuple[type, bool], VasteQuery] = {}


class OrganisatieSubgroep(EigenAanvulling, BaseModel):
    """A subgroep a gemeente adds to the seven of Table 3.3 (§2.5 allows this)."""

    VOLGORDE = "naam"

    organisatie = ForeignKeyField(Organisatie, backref="eigen_subgroepen", on_delete="CASCADE")
    code = CharField(max_length=30)
    naam = CharField(max_length=200)
    definitie = TextField(default="")
    actief = BooleanField(default=True)

    class Meta:
        indexes = ((("organisatie", "code"), True),)


class OrganisatieKenmerk(EigenAanvulling, BaseModel):
    """A klantkenmerk a gemeente adds to the nine of the data set (seeds/004 §1.1)."""

    organisatie = ForeignKeyField(Organisatie, backref="eigen_kenmerken", on_delete="CASCADE")
    code = CharField(max_length=30)
    vraag = CharField(max_length=200)
    opties = TextField(default="Ja\nNee")  # one answer per line
    actief = BooleanField(default=True)

    class Meta:
        indexes = ((("organisatie", "code"), True),)

    @property
    def optielijst(self) -> list[str]:
        return [regel.strip() for regel in self.opties.splitlines() if regel.strip()]
