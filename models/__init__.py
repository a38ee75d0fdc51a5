"""The database: one module per area, the migrations in models/migrations/.

app.py imports this package; nothing here imports Flask.
"""

from pathlib import Path

from playhouse.migrations import Runner

from models.audit import Auditregel, AuditregelKlant
from models.base import BaseModel, db, is_sqlite, open_database, utcnow
from models.gebruiker import ROLLEN, Gebruiker, Herstelcode, Inlogpoging, Sessie
from models.instrument import Instrument, Plaatsing, Project, Traject
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
]

MIGRATIONS = Path(__file__).parent / "migrations"

__all__ = [
    "ALL_MODELS",
    "ApiToken",
    "Auditregel",
    "AuditregelKlant",
    "BaseModel",
    "Gebruiker",
    "Gemeente",
    "Herstelcode",
    "Inlogpoging",
    "Instrument",
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
    "Sessie",
    "SrgInstelling",
    "Team",
    "Toegang",
    "Traject",
    "db",
    "is_sqlite",
    "migrate",
    "open_database",
    "utcnow",
]


def migrate(totp_sleutel: str | None = None) -> list[str]:
    """Apply the pending numbered migrations; returns their names (none when up to date).
    totp_sleutel: the key that 0012 encrypts stored authenticator secrets with (the app's
    TOTP_SLEUTEL); the migrations find it on the migrator, as they import no app code."""
    runner = Runner(db.obj, directory=str(MIGRATIONS))
    runner.migrator.totp_sleutel = totp_sleutel
    return runner.up()
