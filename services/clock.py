"""The one clock of the application, so tests can move time (idle timeout, throttling)."""

import datetime

from models.base import utcnow


def now() -> datetime.datetime:
    """The current UTC time (naive). Tests replace this function with monkeypatch."""
    return utcnow()


def today() -> datetime.date:
    """Today's date in the Netherlands."""
    from zoneinfo import ZoneInfo

    aware = now().replace(tzinfo=datetime.UTC).astimezone(ZoneInfo("Europe/Amsterdam"))
    return aware.date()
