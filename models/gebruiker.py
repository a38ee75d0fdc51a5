"""Accounts and their server-side sessions."""

import hashlib
import secrets

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import BaseModel, utcnow
from models.organisatie import Organisatie, Team

ROLLEN = {
    "beheerder": "Beheerder",
    "manager": "Manager",
    "klantmanager": "Klantmanager",
    "intaker": "Intaker",
    "partner": "Partner",
    # Of a hosted installation that serves several gemeenten: creates the gemeenten and
    # ISDs with their first beheerder; sees no klant data and no organisation's accounts.
    "installatiebeheerder": "Installatiebeheerder",
}
# The roles a beheerder gives within an organisation (never the installation's own role).
ORGANISATIE_ROLLEN = {k: v for k, v in ROLLEN.items() if k != "installatiebeheerder"}


# werkzeug's scrypt with its default work factor (n=2**15, r=8, p=1).
WACHTWOORD_METHODE = "scrypt"


class Gebruiker(BaseModel):
    naam = CharField(max_length=200)
    email = CharField(max_length=254, unique=True)
    wachtwoord_hash = CharField(max_length=255)
    rol = CharField(max_length=20, choices=list(ROLLEN.items()))
    organisatie = ForeignKeyField(Organisatie, backref="gebruikers", on_delete="RESTRICT")
    team = ForeignKeyField(Team, null=True, backref="leden", on_delete="SET NULL")
    actief = BooleanField(default=True)
    # May coordinate kalibratierondes (issue 15), like a manager; a beheerder gives it.
    kwaliteit = BooleanField(default=False)
    laatste_login = DateTimeField(null=True)
    aangemaakt = DateTimeField(default=utcnow)
    # The second factor, once enrolled: encrypted (services/tweefactor.py), never in clear.
    totp_secret = CharField(max_length=255, null=True)
    totp_laatste_stap = IntegerField(null=True)  # refuses a code used twice
    # During enrolment: the new secret (encrypted) and the hash of the token of the login
    # attempt it belongs to, so that it never travels in the (signed, readable) cookie.
    totp_nieuw = CharField(max_length=255, null=True)
    totp_nieuw_poging = CharField(max_length=64, null=True)
    # After a beheerder reset the second factor: the one-time code the user must give to
    # enrol again (hashed), and until when it holds.
    inschrijfcode_hash = CharField(max_length=64, null=True)
    inschrijfcode_verloopt = DateTimeField(null=True)
    # The password is a one-time password a beheerder or the command line gave: the user
    # chooses their own at the next login, before anything else (views/auth.py).
    wachtwoord_wijzigen = BooleanField(default=False)

    # Flask-Login identifies a login by the session token, not by the user id, so that a
    # session can be ended on the server (logout, deactivation, idle timeout).
    sessie_token: str | None = None

    @property
    def rol_label(self) -> str:
        return ROLLEN.get(self.rol, self.rol)

    def zet_wachtwoord(self, wachtwoord: str) -> None:
        self.wachtwoord_hash = generate_password_hash(wachtwoord, method=WACHTWOORD_METHODE)

    def controleer_wachtwoord(self, wachtwoord: str) -> bool:
        return check_password_hash(self.wachtwoord_hash, wachtwoord)

    # The Flask-Login user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.actief

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.sessie_token

    @classmethod
    def by_email(cls, email: str):
        return cls.get_or_none(cls.email == email.strip().lower())


def hash_token(token: str) -> str:
    """Sessions are stored by hash, so a copy of the database opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


class Sessie(BaseModel):
    token_hash = CharField(max_length=64, unique=True)
    gebruiker = ForeignKeyField(Gebruiker, backref="sessies", on_delete="CASCADE")
    begonnen = DateTimeField(default=utcnow)
    laatst_actief = DateTimeField(default=utcnow)
    beeindigd = DateTimeField(null=True)

    @classmethod
    def start(cls, gebruiker: Gebruiker, now) -> str:
        """Open a session for gebruiker and return its (unhashed) token."""
        token = secrets.token_urlsafe(32)
        cls.create(
            token_hash=hash_token(token), gebruiker=gebruiker, begonnen=now, laatst_actief=now
        )
        return token

    @classmethod
    def beeindig_alle(cls, gebruiker: Gebruiker, now, behalve: str | None = None) -> int:
        """End every open session of gebruiker (optionally keeping one token)."""
        query = cls.update(beeindigd=now).where(
            (cls.gebruiker == gebruiker) & cls.beeindigd.is_null()
        )
        if behalve:
            query = query.where(cls.token_hash != hash_token(behalve))
        return query.execute()


class Herstelcode(BaseModel):
    """A single-use recovery code for the second factor, stored by hash."""

    gebruiker = ForeignKeyField(Gebruiker, backref="herstelcodes", on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    gebruikt = DateTimeField(null=True)


class Inlogpoging(BaseModel):
    """A failed login, by hashed e-mail address as typed (known account or not, so that a
    lockout says nothing about which addresses exist) and the client's address."""

    tijdstip = DateTimeField(default=utcnow, index=True)
    sleutel = CharField(max_length=64)
    adres = CharField(max_length=100)

    class Meta:
        indexes = ((("sleutel", "adres", "tijdstip"), False), (("adres", "tijdstip"), False))
