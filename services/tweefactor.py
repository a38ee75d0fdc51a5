"""The second login factor: TOTP (RFC 6238) with single-use recovery codes.

The authenticator secrets are stored encrypted with the installation's TOTP_SLEUTEL, so a
copy of the database (a backup, an export) gives no one the second factor."""

import base64
import datetime
import hashlib
import hmac
import secrets

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from models import Gebruiker, Herstelcode

UITGEVER = "Participatieladder"
AANTAL_HERSTELCODES = 10
INSCHRIJFCODE_GELDIG = datetime.timedelta(hours=72)


def verplicht(gebruiker: Gebruiker) -> bool:
    """Every account needs the second factor, unless the installation relaxed it (a closed
    demo); the pages then say so on every screen."""
    return bool(current_app.config["TWEE_FACTOR"])


def nieuw_geheim() -> str:
    return pyotp.random_base32()


def versleutel(geheim: str) -> str:
    return Fernet(current_app.config["TOTP_SLEUTEL"]).encrypt(geheim.encode()).decode()


def ontsleutel(token: str | None) -> str:
    """The secret in clear; "" when there is none or it does not open with this key."""
    if not token:
        return ""
    try:
        return Fernet(current_app.config["TOTP_SLEUTEL"]).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def geheim_voor_inschrijving(gebruiker: Gebruiker, poging: str) -> str:
    """The new secret of this login attempt (poging: a random token kept in the browser's
    session), made and stored on the server on the first visit. A new login gets a new one,
    so a secret someone else saw earlier is never the one that gets enrolled."""
    if gebruiker.totp_nieuw and hmac.compare_digest(
        gebruiker.totp_nieuw_poging or "", _sha256(poging)
    ):
        return ontsleutel(gebruiker.totp_nieuw)
    geheim = nieuw_geheim()
    Gebruiker.update(totp_nieuw=versleutel(geheim), totp_nieuw_poging=_sha256(poging)).where(
        Gebruiker.id == gebruiker.id
    ).execute()
    gebruiker.totp_nieuw, gebruiker.totp_nieuw_poging = versleutel(geheim), _sha256(poging)
    return geheim


def schrijf_in(gebruiker: Gebruiker, geheim: str, stap: int) -> list[str]:
    """Enrol geheim as the second factor; the enrolment code is used up. Returns the new
    recovery codes (shown once)."""
    Gebruiker.update(
        totp_secret=versleutel(geheim),
        totp_laatste_stap=stap,
        totp_nieuw=None,
        totp_nieuw_poging=None,
        inschrijfcode_hash=None,
        inschrijfcode_verloopt=None,
    ).where(Gebruiker.id == gebruiker.id).execute()
    return maak_herstelcodes(gebruiker)


def qr_data_uri(gebruiker: Gebruiker, geheim: str) -> str:
    """The enrolment QR code as an SVG data URI, drawn on the server (no network, no JS)."""
    uri = pyotp.TOTP(geheim).provisioning_uri(name=gebruiker.email, issuer_name=UITGEVER)
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def _timestamp(now: datetime.datetime) -> float:
    return now.replace(tzinfo=datetime.UTC).timestamp()


def code_klopt(geheim: str, code: str, now: datetime.datetime) -> int | None:
    """The time step of a matching code (one step of clock drift either way), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6 or not geheim:
        return None
    totp = pyotp.TOTP(geheim)
    for drift in (0, -1, 1):
        moment = _timestamp(now) + drift * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def controleer(gebruiker: Gebruiker, code: str, now: datetime.datetime) -> bool:
    """A valid TOTP code not used before (a replayed code is refused); records its step."""
    stap = code_klopt(ontsleutel(gebruiker.totp_secret), code, now)
    if stap is None or (
        gebruiker.totp_laatste_stap is not None and stap <= gebruiker.totp_laatste_stap
    ):
        return False
    updated = (
        Gebruiker.update(totp_laatste_stap=stap)
        .where(
            (Gebruiker.id == gebruiker.id)
            & (Gebruiker.totp_laatste_stap.is_null() | (Gebruiker.totp_laatste_stap < stap))
        )
        .execute()
    )
    return updated == 1


def _sha256(tekst: str) -> str:
    return hashlib.sha256(tekst.encode()).hexdigest()


def _hash(code: str) -> str:
    """A typed code as stored: without dashes, spaces and capitals. A fast hash is enough
    for codes of 80 bits and more: nobody can try them all, salted or not. (Recovery codes
    made before 0012 had 48 bits; they keep working until used.)"""
    return _sha256("".join(code.split()).replace("-", "").lower())


def _willekeurige_code(groepen: int) -> str:
    """Random groups of four base32 characters (20 bits each), easy to type: no 0/O or 1/I
    confusion in base32's alphabet."""
    tekens = base64.b32encode(secrets.token_bytes(groepen * 5 // 2)).decode().lower()
    return "-".join(tekens[i : i + 4] for i in range(0, groepen * 4, 4))


def maak_herstelcodes(gebruiker: Gebruiker) -> list[str]:
    """Replace the user's recovery codes with new ones of 120 bits; returns them (shown
    once)."""
    Herstelcode.delete().where(Herstelcode.gebruiker == gebruiker).execute()
    codes = [_willekeurige_code(6) for _ in range(AANTAL_HERSTELCODES)]
    Herstelcode.insert_many(
        [{"gebruiker": gebruiker.id, "code_hash": _hash(c)} for c in codes]
    ).execute()
    return codes


def gebruik_herstelcode(gebruiker: Gebruiker, code: str, now: datetime.datetime) -> bool:
    """Use up one recovery code; the same code never works twice."""
    used = (
        Herstelcode.update(gebruikt=now)
        .where(
            (Herstelcode.gebruiker == gebruiker)
            & (Herstelcode.code_hash == _hash(code))
            & Herstelcode.gebruikt.is_null()
        )
        .execute()
    )
    return used == 1


def reset(gebruiker: Gebruiker, now: datetime.datetime) -> str:
    """Forget the second factor, so the user enrols again at the next login; returns the
    one-time enrolment code (80 bits, shown once to the beheerder) without which the new
    enrolment is refused: the password alone must not be enough to take over the account."""
    code = _willekeurige_code(4)
    Gebruiker.update(
        totp_secret=None,
        totp_laatste_stap=None,
        totp_nieuw=None,
        totp_nieuw_poging=None,
        inschrijfcode_hash=_hash(code),
        inschrijfcode_verloopt=now + INSCHRIJFCODE_GELDIG,
    ).where(Gebruiker.id == gebruiker.id).execute()
    Herstelcode.delete().where(Herstelcode.gebruiker == gebruiker).execute()
    return code


def inschrijfcode_bezwaar(gebruiker: Gebruiker, code: str, now: datetime.datetime) -> str:
    """Why this enrolment code is refused ("" when it is right or none is asked)."""
    if not gebruiker.inschrijfcode_hash:
        return ""
    if not hmac.compare_digest(_hash(code or ""), gebruiker.inschrijfcode_hash):
        return "De inschrijfcode is onjuist. Vul de code in die u van uw beheerder kreeg."
    if now > gebruiker.inschrijfcode_verloopt:
        return "De inschrijfcode is verlopen. Vraag uw beheerder om een nieuwe code."
    return ""
