"""Onboarding: a gemeente's beheerder creates and manages the partner organisations it works
with and their first account; the installation's administrator creates gemeenten and ISDs
with their first beheerder. Every first account gets a one-time password."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from peewee import IntegrityError

from forms.organisaties import EenmaligWachtwoordForm, NieuweOrganisatieForm, OrganisatieForm
from models import Gebruiker, Organisatie, Sessie, db
from models.organisatie import GEMEENTELIJKE_SOORTEN, PARTNER_SOORTEN
from services import audit, clock
from services.auth import roles_required
from views.beheer import log_email_bezet

bp = Blueprint("organisaties", __name__)

PARTNER_EERSTE_ROLLEN = ("beheerder", "partner")


def _weiger(object_type: str, object_id: object = "", omschrijving: str = "") -> None:
    with db.atomic():
        audit.log(
            "geweigerd",
            object_type=object_type,
            object_id=object_id,
            resultaat="geweigerd",
            omschrijving=omschrijving,
        )


def _gemeentelijk() -> None:
    """Only the beheerder of a gemeente, ISD or sociale dienst manages partners."""
    if current_user.organisatie.soort not in GEMEENTELIJKE_SOORTEN:
        _weiger("organisatie", omschrijving="partners beheren: geen gemeentelijke organisatie")
        abort(403)


def _eigen_partner(organisatie_id: int) -> Organisatie:
    """A partner organisation the beheerder's own organisation manages, or 404 (logged)."""
    _gemeentelijk()
    partner = Organisatie.get_or_none(
        (Organisatie.id == organisatie_id)
        & (Organisatie.beheerd_door == current_user.organisatie_id)
    )
    if partner is None:
        _weiger("organisatie", organisatie_id)
        abort(404)
    return partner


@bp.route("/beheer/partners")
@roles_required("beheerder")
def partners():
    """The partner organisations this gemeente created and manages, with their accounts."""
    _gemeentelijk()
    rijen = (
        Organisatie.select()
        .where(Organisatie.beheerd_door == current_user.organisatie_id)
        .order_by(Organisatie.naam)
    )
    return render_template("organisaties/partners.html", partners=rijen)


@bp.route("/beheer/partners/nieuw", methods=["GET", "POST"])
@roles_required("beheerder")
def partner_nieuw():
    """Create a partner organisation with its first account (one-time password)."""
    _gemeentelijk()
    form = NieuweOrganisatieForm(soorten=PARTNER_SOORTEN, rollen=PARTNER_EERSTE_ROLLEN)
    if form.validate_on_submit():
        partner = _maak(form, beheerd_door=current_user.organisatie_id, wat="partnerorganisatie")
        if partner is not None:
            flash(
                f"Partnerorganisatie ‘{partner.naam}’ is aangemaakt met het account van "
                f"{form.gebruiker_naam.data}. Geef het eenmalige wachtwoord persoonlijk door.",
                "succes",
            )
            return redirect(url_for("organisaties.partners"), code=303)
    _log_email_bezet(form)
    return render_template(
        "organisaties/nieuw.html", form=form, titel="Partnerorganisatie toevoegen"
    ), (422 if form.errors else 200)


@bp.route("/beheer/partners/<int:organisatie_id>", methods=["GET", "POST"])
@roles_required("beheerder")
def partner_bewerken(organisatie_id: int):
    """Rename a partner organisation or change its kind; its accounts are listed here."""
    partner = _eigen_partner(organisatie_id)
    form = OrganisatieForm(obj=partner, soorten=PARTNER_SOORTEN, bestaande=partner)
    if form.validate_on_submit():
        vorige = (partner.naam, partner.soort)
        partner.naam, partner.soort = form.naam.data, form.soort.data
        try:
            with db.atomic():
                partner.save()
                audit.log(
                    "wijzigen",
                    object_type="organisatie",
                    object_id=partner.id,
                    omschrijving=f"partnerorganisatie ‘{vorige[0]}’ ({vorige[1]}) gewijzigd in "
                    f"‘{partner.naam}’ ({partner.soort})",
                )
        except IntegrityError:
            partner.naam, partner.soort = vorige
            form.naam.errors.append("Er bestaat al een organisatie met deze naam.")
        else:
            flash(f"Partnerorganisatie ‘{partner.naam}’ is opgeslagen.", "succes")
            return redirect(url_for("organisaties.partners"), code=303)
    gebruikers = partner.gebruikers.order_by(Gebruiker.naam)
    return render_template(
        "organisaties/partner.html", form=form, partner=partner, gebruikers=gebruikers
    ), (422 if form.errors else 200)


@bp.route(
    "/beheer/partners/<int:organisatie_id>/gebruikers/<int:gebruiker_id>/wachtwoord",
    methods=["GET", "POST"],
)
@roles_required("beheerder")
def partner_wachtwoord(organisatie_id: int, gebruiker_id: int):
    """Give an account of a managed partner a new one-time password (ends its sessions)."""
    partner = _eigen_partner(organisatie_id)
    gebruiker = Gebruiker.get_or_none(
        (Gebruiker.id == gebruiker_id) & (Gebruiker.organisatie == partner)
    )
    if gebruiker is None:
        _weiger("gebruiker", gebruiker_id)
        abort(404)
    form = EenmaligWachtwoordForm(gebruiker=gebruiker)
    if form.validate_on_submit():
        with db.atomic():
            gebruiker.zet_wachtwoord(form.wachtwoord.data)
            gebruiker.wachtwoord_wijzigen = True
            gebruiker.save()
            Sessie.beeindig_alle(gebruiker, clock.now())
            for trail in (None, partner.id):  # in the gemeente's and in the partner's log
                audit.log(
                    "wijzigen",
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    omschrijving="eenmalig wachtwoord gegeven door de beheerder van "
                    f"{current_user.organisatie.naam}",
                    organisatie_id=trail,
                )
        flash(f"{gebruiker.naam} heeft een nieuw eenmalig wachtwoord.", "succes")
        return redirect(url_for("organisaties.partner_bewerken", organisatie_id=partner.id), 303)
    return render_template(
        "organisaties/wachtwoord.html", form=form, partner=partner, gebruiker=gebruiker
    ), (422 if form.errors else 200)


@bp.route("/installatie/organisaties")
@roles_required("installatiebeheerder")
def installatie():
    """The gemeenten, ISDs and sociale diensten of this installation."""
    rijen = (
        Organisatie.select()
        .where(Organisatie.soort.in_(GEMEENTELIJKE_SOORTEN))
        .order_by(Organisatie.naam)
    )
    return render_template("organisaties/installatie.html", organisaties=rijen)


@bp.route("/installatie/organisaties/nieuw", methods=["GET", "POST"])
@roles_required("installatiebeheerder")
def organisatie_nieuw():
    """Create a gemeente or ISD with its first beheerder (one-time password)."""
    form = NieuweOrganisatieForm(soorten=GEMEENTELIJKE_SOORTEN, rollen=("beheerder",))
    if form.validate_on_submit():
        organisatie = _maak(form, beheerd_door=None, wat="organisatie")
        if organisatie is not None:
            flash(
                f"‘{organisatie.naam}’ is aangemaakt met beheerder {form.gebruiker_naam.data}. "
                "Geef het eenmalige wachtwoord persoonlijk door.",
                "succes",
            )
            return redirect(url_for("organisaties.installatie"), code=303)
    _log_email_bezet(form)
    return render_template(
        "organisaties/nieuw.html", form=form, titel="Gemeente of ISD toevoegen"
    ), (422 if form.errors else 200)


def _maak(form: NieuweOrganisatieForm, beheerd_door: int | None, wat: str) -> Organisatie | None:
    """The organisation, its first account and the audit lines, in one transaction; None
    (with the message at the field) when someone took the name or address meanwhile."""
    try:
        with db.atomic():
            organisatie = Organisatie.create(
                naam=form.naam.data, soort=form.soort.data, beheerd_door=beheerd_door
            )
            gebruiker = Gebruiker(
                naam=form.gebruiker_naam.data,
                email=form.email.data.lower(),
                rol=form.rol.data,
                organisatie=organisatie,
                wachtwoord_wijzigen=True,
            )
            gebruiker.zet_wachtwoord(form.wachtwoord.data)
            gebruiker.save()
            for trail in (None, organisatie.id):  # the creator's log and the new one's
                audit.log(
                    "aanmaken",
                    object_type="organisatie",
                    object_id=organisatie.id,
                    omschrijving=f"{wat} ‘{organisatie.naam}’ ({organisatie.soort}) aangemaakt",
                    organisatie_id=trail,
                )
                audit.log(
                    "aanmaken",
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    omschrijving=f"eerste account ({gebruiker.rol}) van ‘{organisatie.naam}’, "
                    "met eenmalig wachtwoord",
                    organisatie_id=trail,
                )
    except IntegrityError:
        form.naam.errors.append(
            "Deze naam of dit e-mailadres is zojuist door een ander in gebruik genomen. "
            "Er is niets opgeslagen; controleer de gegevens en probeer het opnieuw."
        )
        return None
    return organisatie


def _log_email_bezet(form: NieuweOrganisatieForm) -> None:
    """An address in use was refused: logged, in the trail of its organisation too."""
    log_email_bezet(form.email_bezet)
