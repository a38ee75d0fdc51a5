"""The second login factor: TOTP (RFC 6238) with single-use recovery codes."""

import datetime
import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app

from models import Gebruiker, Herstelcode

UITGEVER = "Participatieladder"
AANTAL_HERSTELCODES = 10


def verplicht(gebruiker: Gebruiker) -> bool:
    """Every account needs the second factor, unless the installation relaxed it (a closed
    demo); the pages then say so on every screen."""
    return bool(current_app.config["TWEE_FACTOR"])


def nieuw_geheim() -> str:
    return pyotp.random_base32()


def qr_data_uri(gebruiker: Gebruiker, geheim: str) -> str:
    """The enrolment QR code as an SVG data URI, drawn on the server (no network, no JS)."""
    uri = pyotp.TOTP(geheim).provisioning_uri(name=gebruiker.email, issuer_name=UITGEVER)
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def _timestamp(now: datetime.datetime) -> float:
    return now.replace(tzinfo=datetime.UTC).timestamp()


def code_klopt(geheim: str, code: str, now: datetime.datetime) -> int | None:
    """The time step of a matching code (one step of clock drift either way), or None."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(geheim)
    for drift in (0, -1, 1):
        moment = _timestamp(now) + drift * totp.interval
        if hmac.compare_digest(totp.at(moment), code):
            return int(moment // totp.interval)
    return None


def controleer(gebruiker: Gebruiker, code: str, now: datetime.datetime) -> bool:
    """A valid TOTP code not used before (a replayed code is refused); records its step."""
    stap = code_klopt(gebruiker.totp_secret or "", code, now)
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


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").strip().lower().encode()).hexdigest()


def maak_herstelcodes(gebruiker: Gebruiker) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them (shown once)."""
    Herstelcode.delete().where(Herstelcode.gebruiker == gebruiker).execute()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(AANTAL_HERSTELCODES)]
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


def reset(gebruiker: Gebruiker) -> None:
    """Forget the second factor, so the user enrols again at the next login."""
    Gebruiker.update(totp_secret=None, totp_laatste_stap=None).where(
        Gebruiker.id == gebruiker.id
    ).execute()
    Herstelcode.delete().where(Herstelcode.gebruiker == gebruiker).execute()
