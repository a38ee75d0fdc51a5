"""Throttling of failed logins (password, authenticator code, enrolment code).

Three limits, each counted from the table of failed attempts:
- per e-mail address and client address: after LOGIN_MAX_FAILURES failures a lockout of
  LOGIN_LOCKOUT_MINUTES, doubling with each further round of failures that day. Someone who
  only knows a colleague's e-mail address locks out their own address, not the colleague;
- per client address over all e-mail addresses: password spraying from one place;
- for the installation: above LOGIN_MAX_FAILURES_TOTAAL failures in the window, an address
  that failed at all gets no more tries until the window has passed (a spraying botnet),
  while addresses without failures still log in.
The e-mail address counts as typed, known account or not, so the answer is the same."""

import datetime
import hashlib

from flask import current_app, request
from peewee import fn

from models import Inlogpoging
from services import clock

_DAG = datetime.timedelta(days=1)


def _sleutel(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _adres() -> str:
    return (request.remote_addr or "")[:100]


def _venster() -> datetime.timedelta:
    return datetime.timedelta(minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"])


def geblokkeerd(email: str) -> bool:
    """True while a login for this e-mail address from this client address is refused."""
    now = clock.now()
    return _paar_geblokkeerd(_sleutel(email), _adres(), now) or _adres_geblokkeerd(_adres(), now)


def registreer_mislukt(email: str) -> None:
    """Count a failed attempt; call inside the transaction that logs it in the audit trail.
    Attempts older than a day count for nothing and are cleared on the way."""
    now = clock.now()
    Inlogpoging.delete().where(Inlogpoging.tijdstip < now - _DAG).execute()
    Inlogpoging.create(tijdstip=now, sleutel=_sleutel(email), adres=_adres())


def _paar_geblokkeerd(sleutel: str, adres: str, now: datetime.datetime) -> bool:
    laatste = fn.MAX(Inlogpoging.tijdstip).python_value(Inlogpoging.tijdstip.python_value)
    aantal, tijdstip = (
        Inlogpoging.select(fn.COUNT(Inlogpoging.id), laatste)
        .where(
            (Inlogpoging.sleutel == sleutel)
            & (Inlogpoging.adres == adres)
            & (Inlogpoging.tijdstip >= now - _DAG)
        )
        .tuples()
        .get()
    )
    maximum = current_app.config["LOGIN_MAX_FAILURES"]
    if maximum < 1:  # no failures allowed at all
        return True
    rondes = aantal // maximum
    if rondes == 0:
        return False
    duur = min(_venster() * 2 ** min(rondes - 1, 10), _DAG)
    return now < tijdstip + duur


def _adres_geblokkeerd(adres: str, now: datetime.datetime) -> bool:
    recent = Inlogpoging.tijdstip >= now - _venster()
    van_adres = Inlogpoging.select().where(recent & (Inlogpoging.adres == adres)).count()
    if van_adres >= current_app.config["LOGIN_MAX_FAILURES_PER_ADRES"]:
        return True
    if van_adres == 0:
        return False
    return (
        Inlogpoging.select().where(recent).count()
        >= (current_app.config["LOGIN_MAX_FAILURES_TOTAAL"])
    )
