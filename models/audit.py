"""The audit trail: append-only, refused UPDATE and DELETE by the database itself."""

from peewee import CharField, DateTimeField, IntegerField, TextField

from models.base import BaseModel, utcnow

ACTIES = {
    "inzien": "Inzien",
    "aanmaken": "Aanmaken",
    "wijzigen": "Wijzigen",
    "printen": "Printen",
    "exporteren": "Exporteren",
    "inloggen": "Inloggen",
    "uitloggen": "Uitloggen",
    "mislukte_inlog": "Mislukte inlog",
    "geweigerd": "Geweigerd",
}

RESULTATEN = {"gelukt": "Gelukt", "geweigerd": "Geweigerd", "mislukt": "Mislukt"}


class Auditregel(BaseModel):
    """One line of the processing log (BIO 8.15.01: actie, object, resultaat, oorsprong, actor,
    tijdstempel). Ids are plain integers, not foreign keys: the log outlives what it names."""

    tijdstip = DateTimeField(default=utcnow, index=True)
    gebruiker_id = IntegerField(null=True, index=True)
    gebruiker_naam = CharField(max_length=200, default="")
    organisatie_id = IntegerField(null=True, index=True)
    actie = CharField(max_length=20, choices=list(ACTIES.items()))
    object_type = CharField(max_length=40, default="")
    object_id = CharField(max_length=40, default="")
    klant_id = IntegerField(null=True, index=True)
    resultaat = CharField(max_length=20, default="gelukt")
    oorsprong = CharField(max_length=100, default="")  # IP address, or "cli"
    omschrijving = TextField(default="")  # never a BSN


class AuditregelKlant(BaseModel):
    """Which klanten one audit line concerned, when it concerned more than one: a search
    result, a bulk export, an API pull (in the spirit of the Logboek Dataverwerkingen).

    Append-only like the line itself, so an inzage can say when a klant's data left the
    application in bulk and the klant's own organisation sees it in its log."""

    auditregel_id = IntegerField(index=True)
    klant_id = IntegerField(index=True)
