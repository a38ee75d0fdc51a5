"""The application log: one access line per request, every line with the request's id, as
text or (LOG_FORMAT=json) one JSON object per line for a log collector.

The access line names the route as declared ("/klanten/<int:klant_id>"), never the path
with its values nor the query string: a search for a BSN or a name must not end up in a log
that is kept and read far more widely than the database. The request id is shown on the
error pages, so a user can quote it and the beheerder finds the error in the log."""

import datetime
import json
import logging
import re
import secrets
import sys
import time

from flask import current_app, g, has_request_context, request
from flask.logging import default_handler

from services import logboek

LOG_FORMATEN = ("tekst", "json")
# An id a trusted proxy passes on (nginx's $request_id is 32 hex digits): short and plain,
# so a forged header cannot write anything else into the log.
VERZOEK_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
VELDEN = ("verzoek_id", "gebruiker_id", "methode", "route", "endpoint", "status", "duur_ms")


def log_formaat(environ) -> str:
    """LOG_FORMAT: "tekst" (default) or "json"; another value stops the start."""
    waarde = environ.get("LOG_FORMAT", "").strip().lower() or "tekst"
    if waarde not in LOG_FORMATEN:
        raise ValueError(f"LOG_FORMAT moet 'tekst' of 'json' zijn, niet {waarde!r}.")
    return waarde


def verzoek_id() -> str:
    """This request's id: the one a trusted proxy sent along, or a new one."""
    if not has_request_context():
        return "-"
    if "verzoek_id" not in g:
        van_proxy = request.headers.get("X-Request-ID", "")
        vertrouwd = current_app.config.get("VERTROUWDE_PROXIES", 0) > 0
        g.verzoek_id = (
            van_proxy if vertrouwd and VERZOEK_ID.fullmatch(van_proxy) else secrets.token_hex(16)
        )
    return g.verzoek_id


class VerzoekFilter(logging.Filter):
    """Gives every record the id of the request it was logged in ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "verzoek_id"):
            record.verzoek_id = verzoek_id()
        return True


class TekstFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self):
        super().__init__(
            "%(asctime)sZ %(levelname)s %(name)s [%(verzoek_id)s] %(message)s",
            "%Y-%m-%dT%H:%M:%S",
        )

    def format(self, record: logging.LogRecord) -> str:
        record.__dict__.setdefault("verzoek_id", "-")
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; a traceback is a field of it, not lines of its own."""

    def format(self, record: logging.LogRecord) -> str:
        tijd = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        regel = {
            "tijd": tijd.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": record.getMessage(),
        }
        for veld in VELDEN:
            if hasattr(record, veld):
                regel[veld] = getattr(record, veld)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            regel["fout"] = record.exc_text
        return json.dumps(regel, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to the sys.stderr of the moment: the service's journal, or a test's capture."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _waarde):
        pass


def _handler() -> StderrHandler:
    """The one handler, on the root logger so that the server's and libraries' lines come out
    in the same format (and a server's own logging.basicConfig adds no second one)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, StderrHandler):
            return handler
    handler = StderrHandler()
    handler.addFilter(VerzoekFilter())
    handler.addFilter(logboek.BsnFilter())  # also other loggers' lines: no BSN in the log
    root.addHandler(handler)
    return handler


def install_verzoeklog(app) -> None:
    """The log's handler and format, the request id, and the access line of every request."""
    app.logger.removeHandler(default_handler)  # ours on the root logger writes it once
    app.logger.setLevel(logging.INFO)
    if not any(isinstance(f, VerzoekFilter) for f in app.logger.filters):
        app.logger.addFilter(VerzoekFilter())
    json_regels = app.config["LOG_FORMAT"] == "json"
    _handler().setFormatter(JsonFormatter() if json_regels else TekstFormatter())
    app.jinja_env.globals["verzoek_id"] = verzoek_id

    @app.before_request
    def _begin():
        g.begin = time.perf_counter()
        verzoek_id()

    @app.after_request
    def _toegangsregel(response):
        response.headers["X-Request-ID"] = verzoek_id()
        duur_ms = round((time.perf_counter() - g.get("begin", time.perf_counter())) * 1000)
        # Only a user this request already loaded: looking one up here would cost a query.
        gebruiker = g.get("_login_user")
        gebruiker_id = getattr(gebruiker, "id", None) if gebruiker is not None else None
        route = request.url_rule.rule if request.url_rule else "-"
        app.logger.info(
            "%s %s %s %s ms gebruiker=%s",
            request.method,
            route,
            response.status_code,
            duur_ms,
            gebruiker_id if gebruiker_id is not None else "-",
            extra={
                "gebruiker_id": gebruiker_id,
                "methode": request.method,
                "route": route,
                "endpoint": request.endpoint or "-",
                "status": response.status_code,
                "duur_ms": duur_ms,
            },
        )
        return response
