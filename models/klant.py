"""The klant: a person placed on the ladder, with the personal data of Bijlage 1."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.organisatie import Gemeente, Organisatie, Team

GESLACHTEN = {"m": "Man", "v": "Vrouw", "x": "Anders / onbekend"}


class Klant(BaseModel):
    bsn = CharField(max_length=9)  # unique per organisation: identities never cross
    achternaam = CharField(max_length=200)
    tussenvoegsel = CharField(max_length=20, default="")
    voornaam = CharField(max_length=200, default="")
    voorletters = CharField(max_length=20, default="")
    geboortedatum = DateField()
    geslacht = CharField(max_length=1, choices=list(GESLACHTEN.items()), default="x")
    adres = CharField(max_length=200, default="")
    postcode = CharField(max_length=7, default="")
    woonplaats = CharField(max_length=100, default="")
    gemeente = ForeignKeyField(Gemeente, null=True, on_delete="RESTRICT")
    # The organisation that holds the klant's file; partners see it only through a toegang.
    organisatie = ForeignKeyField(Organisatie, backref="klanten", on_delete="RESTRICT")
    klantmanager = ForeignKeyField(Gebruiker, null=True, backref="caseload", on_delete="SET NULL")
    team = ForeignKeyField(Team, null=True, on_delete="SET NULL")
    aangemaakt = DateTimeField(default=utcnow)
    gewijzigd = DateTimeField(default=utcnow)
    versie = IntegerField(default=1)
    geanonimiseerd = DateTimeField(null=True)  # personal data removed after the retention period

    class Meta:
        indexes = (
            (("organisatie", "achternaam", "tussenvoegsel", "voornaam"), False),
            (("organisatie", "bsn"), True),
        )

    @property
    def volledige_naam(self) -> str:
        """Naam as written: 'Jan van der Poel'."""
        parts = (self.voornaam or self.voorletters, self.tussenvoegsel, self.achternaam)
        return " ".join(p for p in parts if p)

    @property
    def sorteernaam(self) -> str:
        """Naam as sorted in Dutch lists: 'Poel, J. van der'."""
        rest = " ".join(p for p in (self.voorletters or self.voornaam, self.tussenvoegsel) if p)
        return f"{self.achternaam}, {rest}" if rest else self.achternaam

    @classmethod
    def dutch_order(cls):
        """Order by achternaam first, the tussenvoegsel only breaks ties ('Poel, van der')."""
        return (cls.achternaam, cls.tussenvoegsel, cls.voornaam, cls.id)

    @classmethod
    def met_bsn(cls, organisatie_id: int, bsn: str) -> "Klant | None":
        """The organisation's own klant with this BSN. Another organisation's klant with the
        same BSN is another identity: nothing about it is ever looked up here."""
        return cls.get_or_none((cls.organisatie == organisatie_id) & (cls.bsn == bsn))

    def voeg_toe(self) -> bool:
        """Insert this new klant; False when its organisation registered the BSN meanwhile.

        ON CONFLICT DO NOTHING rather than catching the unique violation: a violation would
        write the row's BSN, name and birth date into the database server's log."""
        nieuw = (
            type(self)
            .insert(self.__data__)
            .on_conflict(action="NOTHING", conflict_target=[Klant.organisatie, Klant.bsn])
            .returning(Klant.id)
            .execute()
        )
        rijen = list(nieuw)
        if rijen:
            self.id = rijen[0].id
        return bool(rijen)
