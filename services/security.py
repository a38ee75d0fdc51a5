"""Security headers on every response; requests with a NUL byte are refused."""

from flask import abort, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


NUL_WEIGERING = (
    "Het formulier of de zoekvraag bevat een onzichtbaar teken (NUL) dat niet kan worden "
    "opgeslagen. Er is niets opgeslagen. Verwijder het teken, bijvoorbeeld door de tekst "
    "opnieuw te typen, en probeer het nog eens."
)


# A year, the usual value for HSTS; without includeSubDomains, as other sites of the
# organisation's domain may not all speak HTTPS yet.
HSTS = "max-age=31536000"


def install_security(app) -> None:
    _cookie_namen(app)

    @app.before_request
    def _geen_nul_bytes():
        # No browser sends a NUL byte from a form; PostgreSQL cannot store one in text, SQLite
        # would keep it invisibly. Refuse the whole request so that nothing partial is stored.
        for values in (request.args, request.form):
            for key, value in values.items(multi=True):
                if "\x00" in key or "\x00" in value:
                    abort(400, description=NUL_WEIGERING)
        # The name of an uploaded file is stored and shown too; its bytes are the importer's.
        for key, bestand in request.files.items(multi=True):
            if "\x00" in key or "\x00" in (bestand.filename or ""):
                abort(400, description=NUL_WEIGERING)

    @app.after_request
    def _headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"] or request.is_secure:
            # Secure cookies, or HTTPS itself (directly or at a trusted proxy), say the site
            # runs on HTTPS: make the browser never try plain HTTP, where a first request
            # could be taken over before the redirect.
            response.headers["Strict-Transport-Security"] = HSTS
        # Pages may hold personal data: never keep them in a browser or proxy cache.
        # Static files (CSS, fonts) hold none and may be cached.
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
        return response


def _cookie_namen(app) -> None:
    """Over HTTPS the session cookie carries the __Host- prefix: a browser then only accepts
    it when it is Secure, for the whole site and from this host itself, so a neighbouring
    subdomain cannot plant a session cookie. (CSRF tokens live in that session; there is no
    remember-me cookie.)"""
    naam = app.config["SESSION_COOKIE_NAME"]
    if app.config["SESSION_COOKIE_SECURE"] and not naam.startswith("__Host-"):
        app.config["SESSION_COOKIE_NAME"] = "__Host-" + naam
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.config["SESSION_COOKIE_PATH"] = "/"
