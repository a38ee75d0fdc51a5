"""Generic Dutch error pages, without a stack trace."""

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Verzoek niet begrepen", "Het verzoek kon niet worden verwerkt."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina."),
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet, of u heeft er geen toegang toe."),
    405: ("Niet toegestaan", "Deze handeling is op deze pagina niet mogelijk."),
    413: ("Bestand te groot", "Het verstuurde bestand of formulier is te groot."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later opnieuw."),
}


def register(app) -> None:
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
        return _page(error.code, title, text)

    @app.errorhandler(Exception)
    def _crash(error):
        app.logger.exception("Onverwachte fout")
        title, text = MESSAGES[500]
        return _page(500, title, text)


def _page(code: int, title: str, text: str):
    return render_template("errors/error.html", code=code, title=title, text=text), code
