"""Generic Dutch error pages, without a stack trace."""

import psycopg2.errors
from flask import render_template
from flask_wtf.csrf import CSRFError
from peewee import OperationalError
from werkzeug.exceptions import HTTPException

from services import logboek

MESSAGES = {
    400: ("Verzoek niet begrepen", "Het verzoek kon niet worden verwerkt."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet, of u heeft er geen toegang toe."),
    405: ("Niet toegestaan", "Deze handeling is op deze pagina niet mogelijk."),
    413: ("Bestand te groot", "Het verstuurde bestand of formulier is te groot."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    503: (
        "Niet opgeslagen: de opslag is vol",
        "De database of de schijf van de server is vol. Wat u zojuist invoerde is daarom niet "
        "opgeslagen, ook niet gedeeltelijk. Neem contact op met uw beheerder; als er weer "
        "ruimte is, kunt u het opnieuw proberen.",
    ),
}

SQLITE_FULL = "database or disk is full"


def is_disk_full(error: BaseException) -> bool:
    """A full disk or database: SQLite's SQLITE_FULL, PostgreSQL's DiskFull (53100), also when
    peewee wrapped the driver's exception in its own OperationalError."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, psycopg2.errors.DiskFull) or getattr(error, "pgcode", "") == "53100":
            return True
        if SQLITE_FULL in str(error).lower():
            return True
        inner = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        error = inner or error.__cause__ or error.__context__
    return False


def register(app) -> None:
    logboek.installeer(app.logger)  # an IntegrityError's detail can name a BSN

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        return _page(
            400,
            "Formulier verlopen",
            "Het formulier was verlopen of ongeldig. Ga terug, laad de pagina opnieuw en "
            "probeer het nog eens.",
        )

    @app.errorhandler(HTTPException)
    def _http(error):
        title, text = MESSAGES.get(error.code, (error.name, ""))
        if error.description and error.description != type(error).description:
            text = error.description  # a message of our own, given with abort(code, ...)
        return _page(error.code, title, text)

    @app.errorhandler(OperationalError)
    @app.errorhandler(psycopg2.errors.DiskFull)
    def _database(error):
        if not is_disk_full(error):
            return _crash(error)
        # The transaction around the save has been rolled back: nothing of it is stored.
        app.logger.error("Opslag vol, niets opgeslagen: %s", error)
        title, text = MESSAGES[503]
        return _page(503, title, text)

    @app.errorhandler(Exception)
    def _crash(error):
        app.logger.exception("Onverwachte fout")
        title, text = MESSAGES[500]
        return _page(500, title, text)


def _page(code: int, title: str, text: str):
    return render_template("errors/error.html", code=code, title=title, text=text), code
