"""Logging in and out, and changing one's own password."""

import secrets

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

from forms.auth import LoginForm, WachtwoordForm
from forms.tweefactor import CodeForm, InstellenForm
from models import Gebruiker, Sessie, db
from models.gebruiker import hash_token
from services import audit, clock, inlogbeperking, tweefactor
from services.auth import end_session, start_session
from services.passwords import gebruikersgegevens, wachtwoord_bezwaar

bp = Blueprint("auth", __name__)

# Compared against when the e-mail address is unknown, so that the answer takes as long
# as for a known account and gives away nothing.
_DUMMY_HASH = generate_password_hash("niet-bestaand-account", method="scrypt")

VERLOPEN = {
    "inactief": "U bent uitgelogd omdat u een tijd niet actief was. Log opnieuw in.",
    "maximaal": "U bent uitgelogd omdat u de maximale tijd was ingelogd. Log opnieuw in.",
}
ONJUIST = "Het e-mailadres of het wachtwoord is onjuist."
# The same for every e-mail address, with or without an account: it must not tell which
# addresses exist.
GEBLOKKEERD = (
    "Er is te vaak een onjuist wachtwoord of een onjuiste code ingevuld. Wacht een kwartier "
    "en probeer het dan opnieuw; na herhaalde pogingen duurt het wachten langer."
)


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if reden := session.pop("verlopen", ""):
        flash(VERLOPEN.get(reden, VERLOPEN["inactief"]), "info")
    if form.validate_on_submit():
        gebruiker = Gebruiker.by_email(form.email.data)
        if inlogbeperking.geblokkeerd(form.email.data):
            _weiger(gebruiker, "inlog geblokkeerd")
            form.form_errors.append(GEBLOKKEERD)
        elif gebruiker is None:
            check_password_hash(_DUMMY_HASH, form.wachtwoord.data)
            _mislukt(None, form.email.data, "onbekend e-mailadres")
            form.form_errors.append(ONJUIST)
        elif not gebruiker.controleer_wachtwoord(form.wachtwoord.data) or not gebruiker.actief:
            _mislukt(gebruiker, form.email.data)
            form.form_errors.append(ONJUIST)
        elif tweefactor.verplicht(gebruiker):
            # The password was right; the session starts only after the second factor.
            session.clear()
            session["2fa_gebruiker"] = gebruiker.id
            session["2fa_sinds"] = clock.now().timestamp()
            session["2fa_poging"] = secrets.token_urlsafe(32)
            stap = "auth.code" if gebruiker.totp_secret else "auth.instellen"
            return redirect(url_for(stap), code=303)
        else:
            start_session(gebruiker)
            return redirect(url_for("main.index"), code=303)
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def _mislukt(gebruiker: Gebruiker | None, email: str, omschrijving: str = "") -> None:
    """A failed login step: in the audit trail, and counted for the throttling."""
    with db.atomic():
        inlogbeperking.registreer_mislukt(email)
        _log_over(gebruiker, "mislukte_inlog", "mislukt", omschrijving)


def _weiger(gebruiker: Gebruiker | None, omschrijving: str) -> None:
    with db.atomic():
        _log_over(gebruiker, "geweigerd", "geweigerd", omschrijving)


def _log_over(gebruiker: Gebruiker | None, actie: str, resultaat: str, omschrijving: str) -> None:
    """An audit line about an account that is not (yet) logged in."""
    audit.log(
        actie,
        object_type="gebruiker",
        object_id=gebruiker.id if gebruiker else "",
        resultaat=resultaat,
        omschrijving=omschrijving,
        gebruiker=gebruiker,
    )


@bp.route("/uitloggen", methods=["POST"])
def logout():
    """End the session on the server and in the browser."""
    end_session()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"), code=303)


# What a user with a one-time password may still reach before choosing their own.
_ZONDER_EIGEN_WACHTWOORD = {"auth.wachtwoord", "auth.logout", "auth.sessie_verlengen", "static"}


@bp.before_app_request
def eigen_wachtwoord_eerst():
    """An account with a one-time password (given by a beheerder or the command line) goes
    to the change-password page before anything else."""
    if request.endpoint in _ZONDER_EIGEN_WACHTWOORD or request.endpoint is None:
        return None
    if current_user.is_authenticated and current_user.wachtwoord_wijzigen:
        return redirect(url_for("auth.wachtwoord"), code=303)
    return None


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def wachtwoord():
    """Change one's own password; every other session of this account ends. A one-time
    password is replaced here before the user can do anything else."""
    form = WachtwoordForm()
    eenmalig = current_user.wachtwoord_wijzigen
    if eenmalig:
        form.huidig.label.text = "Eenmalig wachtwoord"
    if form.validate_on_submit():
        if not current_user.controleer_wachtwoord(form.huidig.data):
            form.huidig.errors.append(
                "Het eenmalige wachtwoord is onjuist."
                if eenmalig
                else "Het huidige wachtwoord is onjuist."
            )
        elif current_user.controleer_wachtwoord(form.nieuw.data):
            form.nieuw.errors.append(
                "Kies een ander wachtwoord dan het "
                + ("eenmalige wachtwoord." if eenmalig else "huidige.")
            )
        elif bezwaar := wachtwoord_bezwaar(form.nieuw.data, _gegevens(current_user)):
            form.nieuw.errors.append(bezwaar)
        else:
            with db.atomic():
                current_user.zet_wachtwoord(form.nieuw.data)
                current_user.wachtwoord_wijzigen = False
                current_user.save(only=[Gebruiker.wachtwoord_hash, Gebruiker.wachtwoord_wijzigen])
                Sessie.beeindig_alle(current_user, clock.now(), behalve=current_user.sessie_token)
                audit.log(
                    "wijzigen",
                    object_type="gebruiker",
                    object_id=current_user.id,
                    omschrijving="eenmalig wachtwoord vervangen door eigen wachtwoord"
                    if eenmalig
                    else "wachtwoord gewijzigd",
                )
            flash("Uw wachtwoord is gewijzigd. U bent op andere apparaten uitgelogd.", "succes")
            return redirect(url_for("main.index"), code=303)
    status = 422 if form.errors else 200
    return render_template("auth/wachtwoord.html", form=form, eenmalig=eenmalig), status


def _gegevens(gebruiker: Gebruiker) -> list[str]:
    return gebruikersgegevens(gebruiker.naam, gebruiker.email, gebruiker.organisatie.naam)


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
        if inlogbeperking.geblokkeerd(gebruiker.email):
            _weiger(gebruiker, "inlog geblokkeerd")
            form.form_errors.append(GEBLOKKEERD)
        elif _code_klopt(gebruiker, form.code.data):
            start_session(gebruiker)
            return redirect(url_for("main.index"), code=303)
        else:
            _mislukt(gebruiker, gebruiker.email, "onjuiste code")
            form.code.errors.append("De code is onjuist of al gebruikt. Probeer de volgende code.")
    return render_template("auth/code.html", form=form), 422 if form.errors else 200


def _code_klopt(gebruiker: Gebruiker, code: str) -> bool:
    now = clock.now()
    with db.atomic():
        return tweefactor.controleer(gebruiker, code, now) or (
            tweefactor.gebruik_herstelcode(gebruiker, code, now)
        )


@bp.route("/inloggen/instellen", methods=["GET", "POST"])
def instellen():
    """First login, or after a beheerder's reset (then with the enrolment code): enrol the
    authenticator app, then show the recovery codes once."""
    gebruiker = _wachtende_gebruiker()
    if gebruiker is None or not session.get("2fa_poging"):
        return _opnieuw_inloggen()
    if gebruiker.totp_secret:
        return redirect(url_for("auth.code"), code=303)
    with db.atomic():
        geheim = tweefactor.geheim_voor_inschrijving(gebruiker, session["2fa_poging"])
    form = InstellenForm(inschrijfcode_nodig=bool(gebruiker.inschrijfcode_hash))
    if form.validate_on_submit() and (codes := _schrijf_in(gebruiker, geheim, form)):
        start_session(gebruiker)
        return render_template("auth/herstelcodes.html", codes=codes)
    return render_template(
        "auth/instellen.html",
        form=form,
        geheim=geheim,
        qr=tweefactor.qr_data_uri(gebruiker, geheim),
    ), 422 if form.errors else 200


def _schrijf_in(gebruiker: Gebruiker, geheim: str, form: InstellenForm) -> list[str]:
    """Enrol when the enrolment code (if asked) and the app's code are right; returns the
    recovery codes, or [] with the errors on the form (and the failure logged)."""
    now = clock.now()
    if inlogbeperking.geblokkeerd(gebruiker.email):
        _weiger(gebruiker, "inschrijving geblokkeerd")
        form.form_errors.append(GEBLOKKEERD)
        return []
    if bezwaar := tweefactor.inschrijfcode_bezwaar(gebruiker, form.data.get("inschrijfcode"), now):
        _mislukt(gebruiker, gebruiker.email, "onjuiste of verlopen inschrijfcode")
        form.inschrijfcode.errors.append(bezwaar)
        return []
    stap = tweefactor.code_klopt(geheim, form.code.data, now)
    if stap is None:
        _mislukt(gebruiker, gebruiker.email, "onjuiste code bij instellen")
        form.code.errors.append(
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw."
        )
        return []
    with db.atomic():
        codes = tweefactor.schrijf_in(gebruiker, geheim, stap)
        audit.log(
            "wijzigen",
            object_type="gebruiker",
            object_id=gebruiker.id,
            omschrijving="tweestapsverificatie ingesteld",
            gebruiker=gebruiker,
        )
    return codes
