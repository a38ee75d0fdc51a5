"""A stored print: the dossierblad of a meting or the historieoverzicht of a klant, rendered
once and served again while nothing printed on it has changed (services/afdrukken.py)."""

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField

from models.base import BaseModel
from models.klant import Klant


class Afdruk(BaseModel):
    # "dossierblad:<meting id>" or "historieoverzicht:<klant id>": one stored copy each.
    sleutel = CharField(max_length=60, unique=True)
    # Deleted with the klant's personal data (services/privacy.py) or its change.
    klant = ForeignKeyField(Klant, backref="afdrukken", on_delete="CASCADE")
    # sha256 of everything printed on it; another value means the copy is out of date.
    vingerafdruk = CharField(max_length=64)
    vastgelegd_op = DateTimeField()
    pdf = BlobField()
