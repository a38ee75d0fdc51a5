"""The Participatieladder web application: the factory and the command-line commands."""

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from flask import Flask
from flask_wtf.csrf import CSRFProtect
from werkzeug.routing import IntegerConverter

import models
from services.auth import login_manager
from services.dates import register_filters
from services.onderhoud import install_onderhoud
from services.paden import install_paden
from services.proxy import install_proxy, vertrouwde_proxies
from services.security import install_security
from services.verzoeklog import install_verzoeklog, log_formaat
from version import VERSIE

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, database, extensions, blueprints, commands."""
    app = Flask(__name__, instance_relative_config=True)
    # Ids in URLs fit the databases' 64-bit integers; a larger number is simply not found.
    app.url_map.converters["int"] = Id64Converter
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY") or _instance_secret(Path(app.instance_path)),
        DATABASE_URL=os.environ.get("DATABASE_URL", ""),
        SQLITE_PATH=str(Path(app.instance_path) / "participatieladder.db"),
        IDLE_TIMEOUT_MINUTES=int(os.environ.get("IDLE_TIMEOUT_MINUTES", "30")),
        # However active, a session ends this many hours after the login.
        SESSION_MAX_HOURS=_positief_getal(os.environ, "SESSION_MAX_HOURS", 12),
        # Encrypts the authenticator secrets in the database (Fernet).
        TOTP_SLEUTEL=os.environ.get("TOTP_SLEUTEL")
        or _instance_totp_sleutel(Path(app.instance_path)),
        # Second login factor for every account; "uit" only for a closed demo (then every
        # page says so).
        TWEE_FACTOR=os.environ.get("TWEE_FACTOR", "aan") != "uit",
        # Failed logins: per e-mail address and client address (a growing lockout), per
        # client address over all accounts, and for the installation as a whole.
        LOGIN_MAX_FAILURES=5,
        LOGIN_LOCKOUT_MINUTES=15,
        LOGIN_MAX_FAILURES_PER_ADRES=20,
        LOGIN_MAX_FAILURES_TOTAAL=100,
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE", "1") != "0",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="pl_sessie",
        WTF_CSRF_TIME_LIMIT=None,  # the server-side session's idle timeout bounds it already
        WTF_I18N_ENABLED=False,  # use WTForms' own Dutch messages (Meta.locales), not Flask-Babel
        # The largest request; nginx's client_max_body_size (deploy/nginx.conf) says the same.
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        # How many reverse proxies stand in front: only their X-Forwarded-* are believed.
        VERTROUWDE_PROXIES=vertrouwde_proxies(os.environ),
        LOG_FORMAT=log_formaat(os.environ),
        # The import's limits (exchange/bestand.py Grenzen has the defaults), when set.
        **_import_grenzen(os.environ),
    )
    if "IMPORT_MAX_BYTES" in app.config:
        # A request must be able to carry the largest file the import accepts (and its form).
        app.config["MAX_CONTENT_LENGTH"] = max(
            app.config["MAX_CONTENT_LENGTH"], app.config["IMPORT_MAX_BYTES"] + 1024 * 1024
        )
    if test_config:
        app.config.from_mapping(test_config)
    _controleer_totp_sleutel(app.config["TOTP_SLEUTEL"])

    # First: every request gets its id and its access line, also a maintenance page.
    install_verzoeklog(app)
    install_proxy(app)

    database = models.open_database(app.config["DATABASE_URL"], Path(app.config["SQLITE_PATH"]))
    models.db.initialize(database)

    # Connects for each request, and serves a maintenance page instead of pages while the
    # database is unreachable or has migrations pending.
    install_onderhoud(app)

    @app.teardown_request
    def _close(_exc):
        if not models.db.is_closed():
            models.db.close()

    app.jinja_env.globals["versie"] = VERSIE  # in the footer of every page
    install_paden(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    install_security(app)
    register_filters(app)

    from views import (
        audit,
        auth,
        beheer,
        errors,
        instrumenten,
        kalibratie,
        klanten,
        main,
        metingen,
        organisaties,
        pdf,
        rapporten,
        toegang,
        trajecten,
        uitwisseling,
    )

    for blueprint in (
        auth.bp,
        beheer.bp,
        organisaties.bp,
        main.bp,
        klanten.bp,
        metingen.bp,
        toegang.bp,
        audit.bp,
        pdf.bp,
        uitwisseling.bp,
        uitwisseling.api,
        trajecten.bp,
        instrumenten.bp,
        rapporten.bp,
        kalibratie.bp,
        kalibratie.dubbel,
    ):
        app.register_blueprint(blueprint)
    errors.register(app)

    from commands import register_commands

    register_commands(app)
    return app


IMPORT_GRENZEN = (
    "IMPORT_MAX_BYTES",
    "IMPORT_MAX_ROWS",
    "IMPORT_MAX_UNZIPPED",
    "IMPORT_BEWAAR_MINUTEN",
)


def _import_grenzen(environ) -> dict[str, int]:
    """The import limits an operator set in the environment, as positive whole numbers; a
    wrong value stops the start with its name rather than being ignored."""
    grenzen = {}
    for naam in IMPORT_GRENZEN:
        waarde = environ.get(naam, "").strip()
        if not waarde:
            continue
        try:
            grenzen[naam] = int(waarde)
        except ValueError:
            grenzen[naam] = 0
        if grenzen[naam] < 1:
            raise ValueError(f"{naam} moet een positief geheel getal zijn, niet {waarde!r}.")
    return grenzen


def _positief_getal(environ, naam: str, standaard: int) -> int:
    """A setting that must be a positive whole number; a wrong value stops the start."""
    waarde = environ.get(naam, "").strip()
    if not waarde:
        return standaard
    if not (waarde.isascii() and waarde.isdigit()) or int(waarde) < 1:
        raise ValueError(f"{naam} moet een positief geheel getal zijn, niet {waarde!r}.")
    return int(waarde)


def _controleer_totp_sleutel(sleutel: str) -> None:
    """A wrong key would only show at the first login with two-factor: stop the start now."""
    try:
        Fernet(sleutel)
    except (ValueError, TypeError):
        raise ValueError(
            "TOTP_SLEUTEL moet een Fernet-sleutel zijn (32 bytes, URL-veilig base64), zoals "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())' "
            "die maakt."
        ) from None


class Id64Converter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def _instance_secret(instance: Path) -> str:
    """A per-installation secret key, made once and kept in instance/ (never in git)."""
    return _instance_bestand(instance / "secret_key", lambda: secrets.token_hex(32))


def _instance_totp_sleutel(instance: Path) -> str:
    """The key of the authenticator secrets, made once in instance/; back it up with the
    database: without it every account has to enrol its authenticator again."""
    return _instance_bestand(instance / "totp_sleutel", lambda: Fernet.generate_key().decode())


def _instance_bestand(path: Path, maak) -> str:
    """The file's value, made once. Several server processes start at the same moment: the
    value is written to a file of this process's own and linked into place, which only the
    first succeeds in, so every process reads the same key (a second key written over the
    first would make sessions, or encrypted authenticator secrets, unreadable)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tijdelijk = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        with os.fdopen(os.open(tijdelijk, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(maak())
        try:
            os.link(tijdelijk, path)
        except FileExistsError:
            pass  # another process was first: its value counts
        finally:
            tijdelijk.unlink()
    return path.read_text().strip()
