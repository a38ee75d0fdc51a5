"""Data exchange: API tokens per organisation, its SRG mapping of the codes 0/8/9, imports."""

import hashlib
import json
import secrets

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.base import BaseModel, utcnow
from models.gebruiker import Gebruiker
from models.meting import Meting
from models.organisatie import Organisatie

TOKEN_PREFIX = "pl_"  # noqa: S105 - a recognisable prefix, not a secret


def hash_api_token(token: str) -> str:
    """Tokens are stored by hash only: a copy of the database opens no API."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(BaseModel):
    """Read-only access of one client-tracking system to its organisation's metingen."""

    organisatie = ForeignKeyField(Organisatie, backref="api_tokens", on_delete="CASCADE")
    naam = CharField(max_length=100)
    token_hash = CharField(max_length=64, unique=True)
    begin = CharField(max_length=12)  # the first characters, so a beheerder can tell them apart
    aangemaakt = DateTimeField(default=utcnow)
    aangemaakt_door = ForeignKeyField(Gebruiker, null=True, on_delete="SET NULL")
    laatst_gebruikt = DateTimeField(null=True)
    ingetrokken = DateTimeField(null=True)

    @classmethod
    def maak(cls, organisatie_id: int, naam: str, door: Gebruiker, now) -> tuple["ApiToken", str]:
        """Create a token; returns the row and the token itself, which is shown only once."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        rij = cls.create(
            organisatie=organisatie_id,
            naam=naam,
            token_hash=hash_api_token(token),
            begin=token[:10],
            aangemaakt=now,
            aangemaakt_door=door,
        )
        return rij, token

    @classmethod
    def zoek(cls, token: str) -> "ApiToken | None":
        """The token row for a presented token, revoked or not; None when unknown."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        return cls.get_or_none(cls.token_hash == hash_api_token(token))


class SrgInstelling(BaseModel):
    """How an organisation places the codes 0, 8 and 9 on the SRG ladder (default "99")."""

    organisatie = ForeignKeyField(Organisatie, unique=True, on_delete="CASCADE")
    code_0 = CharField(max_length=2, default="99")
    code_8 = CharField(max_length=2, default="99")
    code_9 = CharField(max_length=2, default="99")

    @property
    def codes(self) -> dict[int, str]:
        return {0: self.code_0, 8: self.code_8, 9: self.code_9}

    @classmethod
    def van(cls, organisatie_id: int) -> "SrgInstelling":
        """The organisation's row, or an unsaved one with the defaults."""
        return cls.get_or_none(cls.organisatie == organisatie_id) or cls(organisatie=organisatie_id)

    @classmethod
    def codes_van(cls, organisatie_id: int) -> dict[int, str]:
        """The organisation's mapping of 0/8/9, or the default (every code "99")."""
        return cls.van(organisatie_id).codes


IMPORT_STATUSSEN = {"proef": "Proefimport", "verwerkt": "Verwerkt", "verlopen": "Verlopen"}


class Importbatch(BaseModel):
    """One uploaded file: kept server-side between the dry run and the commit."""

    sleutel = CharField(max_length=64, unique=True)  # random, in the URL; bound to gebruiker
    gebruiker = ForeignKeyField(Gebruiker, backref="importbatches", on_delete="RESTRICT")
    organisatie = ForeignKeyField(Organisatie, on_delete="RESTRICT")
    bestandsnaam = CharField(max_length=200)
    soort = CharField(max_length=4)  # "csv" or "xlsx"
    inhoud = BlobField(null=True)  # emptied once processed or expired: it holds BSNs
    status = CharField(max_length=10, default="proef", choices=list(IMPORT_STATUSSEN.items()))
    rapport = TextField(default="{}")  # JSON: the dry run's (or the commit's) report
    alles_of_niets = BooleanField(default=False)
    aantal_klanten = IntegerField(default=0)  # created at commit
    aantal_metingen = IntegerField(default=0)
    aangemaakt = DateTimeField(default=utcnow)
    verwerkt_op = DateTimeField(null=True)

    @property
    def rapport_dict(self) -> dict:
        return json.loads(self.rapport or "{}")


class ImportMeting(BaseModel):
    """Which import batch brought in a meting."""

    importbatch = ForeignKeyField(Importbatch, backref="metingen", on_delete="CASCADE")
    meting = ForeignKeyField(Meting, unique=True, on_delete="CASCADE")
