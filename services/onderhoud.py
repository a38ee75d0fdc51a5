"""The app's own checks before it serves: the database answers and its schema is up to date.

A page on a database with pending migrations would be a 500 at the first query (at login
already); instead every page says what the operator has to do, with 503 so that monitoring
and a load balancer see it too. /gezondheid reports the same checks as JSON.
"""

from flask import current_app, render_template, request
from peewee import DatabaseError, InterfaceError

import models

DATABASE_ONBEREIKBAAR = "database onbereikbaar"
MIGRATIES_OPENSTAAND = "migraties openstaand"
UPGRADE_OPDRACHT = "flask --app app db upgrade"

MELDINGEN = {
    DATABASE_ONBEREIKBAAR: (
        "De database is niet bereikbaar",
        "De applicatie kan de database nu niet bereiken. Probeer het later opnieuw; blijft "
        "het zo, neem dan contact op met uw beheerder.",
    ),
    MIGRATIES_OPENSTAAND: (
        "Onderhoud: de database moet worden bijgewerkt",
        f"De database moet worden bijgewerkt: voer `{UPGRADE_OPDRACHT}` uit. Tot dan is de "
        "applicatie niet beschikbaar; er is niets gewijzigd.",
    ),
}


def mislukte_controle(*, altijd_vragen: bool = False) -> str | None:
    """The first failing check by name, or None. Once the schema was found up to date this
    process does not look at the migrations again (a cheap page); `altijd_vragen` still asks
    the database a question, for the health check."""
    try:
        models.db.connect(reuse_if_open=True)
        if current_app.extensions.get("schema_bij"):
            if altijd_vragen:
                models.db.execute_sql("SELECT 1")
            return None
        if models.openstaande_migraties():
            return MIGRATIES_OPENSTAAND
    except (DatabaseError, InterfaceError):
        current_app.logger.exception("Database onbereikbaar")
        return DATABASE_ONBEREIKBAAR
    current_app.extensions["schema_bij"] = True
    return None


def install_onderhoud(app) -> None:
    @app.before_request
    def _alleen_op_een_bijgewerkte_database():
        # Static files need no database; the health check reports the checks itself.
        if request.endpoint in ("static", "main.gezondheid"):
            return None
        if controle := mislukte_controle():
            titel, tekst = MELDINGEN[controle]
            pagina = render_template("errors/onderhoud.html", titel=titel, tekst=tekst)
            return pagina, 503, {"Retry-After": "60"}
        return None
