"""Logging in and out, and changing one's own password."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash, generate_password_hash

from forms.auth import LoginForm, WachtwoordForm
from models import Gebruiker, Sessie, db
from services import audit, clock
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
