"""Login, server-side sessions, idle timeout, throttling and role checks."""

import datetime
from functools import wraps

from flask import abort, current_app, session
from flask_login import LoginManager, current_user, login_user, logout_user

from models import Gebruiker, Organisatie, Sessie, db
from models.gebruiker import hash_token
from models.vaste_query import VasteQuery
from services import audit, clock

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log in om verder te gaan."
login_manager.login_message_category = "info"
# Our sessions live on the server; Flask-Login's own protection would only add a second,
# weaker check on top.
login_manager.session_protection = None

# Writing laatst_actief on every request would make every page view a write; once per
# interval is precise enough for a 30-minute idle timeout.
_ACTIVITY_WRITE_INTERVAL = datetime.timedelta(seconds=30)


# Every request reads the session with its user and the user's organisation (every page
# shows its name): one query, whose SQL is built only once.
_OPEN_SESSIE = VasteQuery(
    lambda token_hash: (
        Sessie.select(Sessie.id, Sessie.begonnen, Sessie.laatst_actief, Gebruiker, Organisatie)
        .join(Gebruiker)
        .join(Organisatie)
        .where((Sessie.token_hash == token_hash) & Sessie.beeindigd.is_null())
        .limit(1)
    ),
    "voorbeeld-van-een-tokenhash",
)


@login_manager.user_loader
def load_user(token: str) -> Gebruiker | None:
    """Find the open, not idle, not too old session for this token and its active user."""
    sessie = _OPEN_SESSIE.eerste(hash_token(token))
    if sessie is None or not sessie.gebruiker.actief:
        return None
    now = clock.now()
    if reden := _verlopen(sessie, now):
        with db.atomic():
            Sessie.update(beeindigd=now).where(Sessie.id == sessie.id).execute()
        session["verlopen"] = reden
        return None
    if now - sessie.laatst_actief > _ACTIVITY_WRITE_INTERVAL:
        with db.atomic():
            Sessie.update(laatst_actief=now).where(Sessie.id == sessie.id).execute()
    gebruiker = sessie.gebruiker
    gebruiker.sessie_token = token
    return gebruiker


def _verlopen(sessie: Sessie, now: datetime.datetime) -> str:
    """Why this session has ended ("inactief" or "maximaal"), or "" while it may go on.
    The maximum lifetime bounds a stolen session that is kept busy."""
    idle = datetime.timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    maximaal = datetime.timedelta(hours=current_app.config["SESSION_MAX_HOURS"])
    if now - sessie.laatst_actief > idle:
        return "inactief"
    if now - sessie.begonnen > maximaal:
        return "maximaal"
    return ""


def start_session(gebruiker: Gebruiker) -> None:
    """Open a server-side session for gebruiker and log them in."""
    now = clock.now()
    with db.atomic():
        token = Sessie.start(gebruiker, now)
        Gebruiker.update(laatste_login=now).where(Gebruiker.id == gebruiker.id).execute()
        audit.log("inloggen", object_type="gebruiker", object_id=gebruiker.id, gebruiker=gebruiker)
    session.clear()  # a fresh session cookie: no fixation of a pre-login session
    gebruiker.sessie_token = token
    login_user(gebruiker)


def end_session() -> None:
    """End the current session on the server, then forget it in the browser."""
    if current_user.is_authenticated:
        with db.atomic():
            Sessie.update(beeindigd=clock.now()).where(
                Sessie.token_hash == hash_token(current_user.sessie_token)
            ).execute()
            audit.log("uitloggen", object_type="gebruiker", object_id=current_user.id)
    logout_user()
    session.clear()


def roles_required(*rollen: str):
    """Allow a view only for logged-in users with one of these roles; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.rol not in rollen:
                with db.atomic():
                    audit.log(
                        "geweigerd",
                        object_type="pagina",
                        resultaat="geweigerd",
                        omschrijving=view.__name__,
                    )
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
