"""Logging in and out, and changing one's own password."""

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

from forms.auth import LoginForm, WachtwoordForm
from forms.tweefactor import CodeForm, InstellenForm
from models import Gebruiker, Sessie, db
from models.gebruiker import hash_token
from services import audit, clock, tweefactor
from services.auth import end_session, start_session, throttled
from services.passwords import wachtwoord_bezwaar

bp = Blueprint("auth", __name__)

# Compared against when the e-mail address is unknown, so that the answer takes as long
# as for a known account and gives away nothing.
_DUMMY_HASH = generate_password_hash("niet-bestaand-account", method="scrypt")

ONJUIST = "Het e-mailadres of het wachtwoord is onjuist."
GEBLOKKEERD = (
    "Er is te vaak een onjuist wachtwoord ingevuld voor dit account. "
    "Probeer het over 15 minuten opnieuw."
)


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if session.pop("verlopen", False):
        flash("U bent uitgelogd omdat u een tijd niet actief was. Log opnieuw in.", "info")
    if form.validate_on_submit():
        gebruiker = Gebruiker.by_email(form.email.data)
        if gebruiker is None:
            check_password_hash(_DUMMY_HASH, form.wachtwoord.data)
            with db.atomic():
                audit.log(
                    "mislukte_inlog",
                    object_type="gebruiker",
                    resultaat="mislukt",
                    omschrijving="onbekend e-mailadres",
                )
            form.form_errors.append(ONJUIST)
        elif throttled(gebruiker):
            with db.atomic():
                audit.log(
                    "geweigerd",
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    resultaat="geweigerd",
                    omschrijving="inlog geblokkeerd",
                    gebruiker=gebruiker,
                )
            form.form_errors.append(GEBLOKKEERD)
        elif not gebruiker.controleer_wachtwoord(form.wachtwoord.data) or not gebruiker.actief:
            with db.atomic():
                audit.log(
                    "mislukte_inlog",
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    resultaat="mislukt",
                    gebruiker=gebruiker,
                )
            form.form_errors.append(ONJUIST)
        elif tweefactor.verplicht(gebruiker):
            # The password was right; the session starts only after the second factor.
            session.clear()
            session["2fa_gebruiker"] = gebruiker.id
            session["2fa_sinds"] = clock.now().timestamp()
            stap = "auth.code" if gebruiker.totp_secret else "auth.instellen"
            return redirect(url_for(stap), code=303)
        else:
            start_session(gebruiker)
            return redirect(url_for("main.index"), code=303)
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/uitloggen", methods=["POST"])
def logout():
    """End the session on the server and in the browser."""
    end_session()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def wachtwoord():
    """Change one's own password; every other session of this account ends."""
    form = WachtwoordForm()
    if form.validate_on_submit():
        if not current_user.controleer_wachtwoord(form.huidig.data):
            form.huidig.errors.append("Het huidige wachtwoord is onjuist.")
        elif bezwaar := wachtwoord_bezwaar(form.nieuw.data, current_user.email, current_user.naam):
            form.nieuw.errors.append(bezwaar)
        else:
            with db.atomic():
                current_user.zet_wachtwoord(form.nieuw.data)
                current_user.save(only=[Gebruiker.wachtwoord_hash])
                Sessie.beeindig_alle(current_user, clock.now(), behalve=current_user.sessie_token)
                audit.log(
                    "wijzigen",
                    object_type="gebruiker",
                    object_id=current_user.id,
                    omschrijving="wachtwoord gewijzigd",
                )
            flash("Uw wachtwoord is gewijzigd. U bent op andere apparaten uitgelogd.", "succes")
            return redirect(url_for("main.index"), code=303)
    status = 422 if form.errors else 200
    return render_template("auth/wachtwoord.html", form=form), status


@bp.route("/sessie/verlengen", methods=["POST"])
def sessie_verlengen():
    """Keep the server-side session open: the button in the warning that static/js/sessie.js
    shows two minutes before the idle timeout (WCAG 2.2.1). JSON for the script; 401 when the
    session has already ended (no redirect to the login page, which a script cannot follow)."""
    if not current_user.is_authenticated:
        return jsonify(verlopen=True), 401
    with db.atomic():
        Sessie.update(laatst_actief=clock.now()).where(
            (Sessie.token_hash == hash_token(current_user.sessie_token))
            & Sessie.beeindigd.is_null()
        ).execute()
    return jsonify(verlopen=False, seconden=current_app.config["IDLE_TIMEOUT_MINUTES"] * 60)


# --- the second factor ---

_TWEEDE_STAP_MINUTEN = 5


def _wachtende_gebruiker() -> Gebruiker | None:
    """The user who gave the right password in the last minutes, waiting for the code."""
    gebruiker_id, sinds = session.get("2fa_gebruiker"), session.get("2fa_sinds", 0)
    if not gebruiker_id or clock.now().timestamp() - sinds > _TWEEDE_STAP_MINUTEN * 60:
        return None
    gebruiker = Gebruiker.get_or_none(Gebruiker.id == gebruiker_id)
    return gebruiker if gebruiker is not None and gebruiker.actief else None


def _opnieuw_inloggen():
    session.clear()
    flash("Log opnieuw in: de tijd voor de tweede stap is verstreken.", "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/inloggen/code", methods=["GET", "POST"])
def code():
    """The second login step: a code from the authenticator app or a recovery code."""
    gebruiker = _wachtende_gebruiker()
    if gebruiker is None:
        return _opnieuw_inloggen()
    if not gebruiker.totp_secret:
        return redirect(url_for("auth.instellen"), code=303)
    form = CodeForm()
    if form.validate_on_submit():
        if throttled(gebruiker):
            form.form_errors.append(GEBLOKKEERD)
        else:
            now = clock.now()
            with db.atomic():
                ok = tweefactor.controleer(gebruiker, form.code.data, now) or (
                    tweefactor.gebruik_herstelcode(gebruiker, form.code.data, now)
                )
                if not ok:
                    audit.log(
                        "mislukte_inlog",
                        object_type="gebruiker",
                        object_id=gebruiker.id,
                        resultaat="mislukt",
                        omschrijving="onjuiste code",
                        gebruiker=gebruiker,
                    )
            if ok:
                start_session(gebruiker)
                return redirect(url_for("main.index"), code=303)
            form.code.errors.append("De code is onjuist of al gebruikt. Probeer de volgende code.")
    return render_template("auth/code.html", form=form), 422 if form.errors else 200


@bp.route("/inloggen/instellen", methods=["GET", "POST"])
def instellen():
    """First login: enrol the authenticator app, then show the recovery codes once."""
    gebruiker = _wachtende_gebruiker()
    if gebruiker is None:
        return _opnieuw_inloggen()
    if gebruiker.totp_secret:
        return redirect(url_for("auth.code"), code=303)
    geheim = session.setdefault("2fa_geheim", tweefactor.nieuw_geheim())
    form = InstellenForm()
    if form.validate_on_submit():
        stap = tweefactor.code_klopt(geheim, form.code.data, clock.now())
        if stap is not None:
            with db.atomic():
                Gebruiker.update(totp_secret=geheim, totp_laatste_stap=stap).where(
                    Gebruiker.id == gebruiker.id
                ).execute()
                codes = tweefactor.maak_herstelcodes(gebruiker)
                audit.log(
                    "wijzigen",
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    omschrijving="tweestapsverificatie ingesteld",
                    gebruiker=gebruiker,
                )
            start_session(gebruiker)
            return render_template("auth/herstelcodes.html", codes=codes)
        form.code.errors.append(
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw."
        )
    return render_template(
        "auth/instellen.html",
        form=form,
        geheim=geheim,
        qr=tweefactor.qr_data_uri(gebruiker, geheim),
    ), 422 if form.errors else 200
