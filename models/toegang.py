"""Access across organisations: a municipality grants a partner access to one klant."""

import datetime

from peewee import DateField, DateTimeField, ForeignKeyField

from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.klant import Klant
from models.organisatie import Organisatie


class Toegang(BaseModel):
    klant = ForeignKeyField(Klant, backref="toegangen", on_delete="CASCADE")
    organisatie = ForeignKeyField(Organisatie, backref="toegangen", on_delete="CASCADE")
    begindatum = DateField()
    einddatum = DateField(null=True)  # inclusive; none = until withdrawn
    verleend_door = ForeignKeyField(Gebruiker, on_delete="RESTRICT")
    aangemaakt = DateTimeField(default=utcnow)
    ingetrokken = DateTimeField(null=True)

    class Meta:
        indexes = ((("organisatie", "klant"), False),)

    @classmethod
    def actief(cls, op: datetime.date):
        """The toegangen in force on date `op`."""
        return cls.select().where(
            cls.ingetrokken.is_null()
            & (cls.begindatum <= op)
            & (cls.einddatum.is_null() | (cls.einddatum >= op))
        )

    def is_actief(self, op: datetime.date) -> bool:
        return (
            self.ingetrokken is None
            and self.begindatum <= op
            and (self.einddatum is None or self.einddatum >= op)
        )
