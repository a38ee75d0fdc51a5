"""The database: one module per area, the migrations in models/migrations/.

app.py imports this package; nothing here imports Flask.
"""

from models.afdruk import Afdruk
from models.audit import Auditregel, AuditregelKlant
from models.base import BaseModel, db, is_sqlite, utcnow
from models.gebruiker import ROLLEN, Gebruiker, Herstelcode, Inlogpoging, Sessie
from models.instrument import Instrument, Plaatsing, Project, Traject
from models.kalibratie import (
    Casus,
    Kalibratieantwoord,
    Kalibratieronde,
    Rondecasus,
    Rondedeelnemer,
)
from models.klant import Klant
from models.meting import Meting, MetingKenmerk, MetingSubgroep
from models.organisatie import (
    Gemeente,
    Organisatie,
    OrganisatieGemeente,
    OrganisatieKenmerk,
    OrganisatieSubgroep,
    Team,
)
from models.schema import MIGRATIONS, migrate, openstaande_migraties
from models.sqlite import open_database
from models.toegang import Toegang
from models.uitwisseling import ApiToken, Importbatch, ImportMeting, SrgInstelling

ALL_MODELS = [
    Organisatie,
    Gemeente,
    OrganisatieGemeente,
    Team,
    Gebruiker,
    Sessie,
    Klant,
    Meting,
    MetingSubgroep,
    Auditregel,
    AuditregelKlant,
    Toegang,
    OrganisatieSubgroep,
    Herstelcode,
    OrganisatieKenmerk,
    MetingKenmerk,
    ApiToken,
    SrgInstelling,
    Importbatch,
    ImportMeting,
    Instrument,
    Traject,
    Project,
    Plaatsing,
    Inlogpoging,
    Casus,
    Kalibratieronde,
    Rondecasus,
    Rondedeelnemer,
    Kalibratieantwoord,
    Afdruk,
]

__all__ = [
    "ALL_MODELS",
    "Afdruk",
    "ApiToken",
    "Auditregel",
    "AuditregelKlant",
    "BaseModel",
    "Casus",
    "Gebruiker",
    "Gemeente",
    "Herstelcode",
    "Inlogpoging",
    "Instrument",
    "Kalibratieantwoord",
    "Kalibratieronde",
    "ImportMeting",
    "Importbatch",
    "Klant",
    "Meting",
    "MetingKenmerk",
    "MetingSubgroep",
    "Organisatie",
    "OrganisatieGemeente",
    "OrganisatieKenmerk",
    "OrganisatieSubgroep",
    "Plaatsing",
    "Project",
    "ROLLEN",
    "Rondecasus",
    "Rondedeelnemer",
    "Sessie",
    "SrgInstelling",
    "Team",
    "Toegang",
    "Traject",
    "db",
    "is_sqlite",
    "MIGRATIONS",
    "migrate",
    "openstaande_migraties",
    "open_database",
    "utcnow",
]
