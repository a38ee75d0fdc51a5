"""Dutch dates: dd-mm-jjjj on screens, '3 maart 2026' in words on paper (Babel)."""

import datetime

from babel.dates import format_date


def datum(value: datetime.date | None) -> str:
    """dd-mm-jjjj, or empty for no date."""
    if value is None:
        return ""
    return value.strftime("%d-%m-%Y")


def datum_in_woorden(value: datetime.date | None) -> str:
    """'3 maart 2026'."""
    if value is None:
        return ""
    return format_date(value, format="d MMMM y", locale="nl_NL")


def tijdstip(value: datetime.datetime | None) -> str:
    """dd-mm-jjjj uu:mm in Dutch local time, from a naive UTC datetime."""
    if value is None:
        return ""
    from zoneinfo import ZoneInfo

    local = value.replace(tzinfo=datetime.UTC).astimezone(ZoneInfo("Europe/Amsterdam"))
    return local.strftime("%d-%m-%Y %H:%M")


def bedrag(value) -> str:
    """€ 2.500,00 (Dutch grouping and decimal comma), or a dash for no amount."""
    if value is None:
        return "–"
    from babel.numbers import format_currency

    return format_currency(value, "EUR", locale="nl_NL")


def register_filters(app) -> None:
    """Date filters, report cells and the instrument's labels, for every template."""
    from ladder.meetmomenten import AANLEIDINGEN
    from ladder.treden import label
    from models.meting import STATUSSEN
    from reports.tabel import als_tekst

    app.add_template_filter(datum)
    app.add_template_filter(datum_in_woorden)
    app.add_template_filter(tijdstip)
    # A cell of a report table (templates/_tabel.html), on a page and on paper.
    app.add_template_filter(als_tekst, "celtekst")
    app.add_template_global(AANLEIDINGEN, "aanleidingen")
    app.add_template_global(STATUSSEN, "statussen")
    app.add_template_global(label, "trede_label")
    from ladder.verantwoording import AARDEN, OPLEIDINGSNIVEAUS
    from models.instrument import DOMEINEN, TRAJECTSTATUSSEN

    app.add_template_global(TRAJECTSTATUSSEN, "trajectstatussen")
    app.add_template_global(DOMEINEN, "domeinen")
    app.add_template_global(AARDEN, "aarden")
    app.add_template_global(OPLEIDINGSNIVEAUS, "opleidingsniveaus")
    app.add_template_global(bedrag, "bedrag")
