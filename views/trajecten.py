"""Trajecten and plaatsingen of one klant: start and end a traject (offering the matching
meting), register a placement for a project."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.instrument import PlaatsingForm, TrajectEindeForm, TrajectStartForm
from models import Instrument, Klant, Organisatie, Plaatsing, Project, Toegang, Traject, db
from services import audit, clock
from services.toegang import (
    alleen_metende_rollen,
    klant_of_404,
    weiger,
    zichtbare_trajecten,
)

bp = Blueprint("trajecten", __name__)

CONFLICT = "Dit traject is intussen door iemand anders beëindigd; uw wijziging is niet opgeslagen."


@bp.before_request
@login_required
@alleen_metende_rollen
def _login():
    """Every page here needs a login and a role that records metingen."""


def _instrumenten(klant):
    return (
        Instrument.select()
        .where((Instrument.organisatie == klant.organisatie_id) & Instrument.actief)
        .order_by(Instrument.naam)
    )


@bp.route("/klanten/<int:klant_id>/trajecten/nieuw", methods=["GET", "POST"])
def traject_nieuw(klant_id: int):
    """Start a traject for the klant; then offer the meting at the start of the traject."""
    klant = klant_of_404(klant_id)
    instrumenten = list(_instrumenten(klant))
    form = TrajectStartForm(instrumenten=instrumenten, data={"begindatum": clock.today()})
    if request.method == "POST":
        form.process(request.form)
    if request.method == "POST" and form.validate():
        with db.atomic():
            traject = Traject.create(
                klant=klant,
                instrument=int(form.instrument.data),
                organisatie=current_user.organisatie_id,
                begindatum=form.begindatum.data,
                geplande_einddatum=form.geplande_einddatum.data,
                ingevoerd_door=current_user.id,
            )
            audit.log("aanmaken", object_type="traject", object_id=traject.id, klant_id=klant.id)
        flash(
            f"Traject ‘{traject.instrument.naam}’ is gestart. Meet nu de trede bij de start.",
            "succes",
        )
        return redirect(url_for("klanten.klant", klant_id=klant.id, traject=traject.id), code=303)
    return render_template(
        "trajecten/nieuw.html", klant=klant, form=form, instrumenten=instrumenten
    ), (422 if form.errors else 200)


def _eigen_traject(traject_id: int) -> Traject:
    traject = Traject.get_or_none(Traject.id == traject_id)
    klant = klant_of_404(traject.klant_id) if traject else None
    if traject is None or not zichtbare_trajecten(klant).where(Traject.id == traject_id).exists():
        weiger("traject", traject_id)
    return traject


@bp.route("/trajecten/<int:traject_id>/afronden", methods=["GET", "POST"])
def traject_afronden(traject_id: int):
    """End a traject (afgerond or uitgevallen); then offer the meting at its end."""
    traject = _eigen_traject(traject_id)
    if traject.status != "lopend":
        flash("Dit traject is al beëindigd.", "info")
        return redirect(url_for("klanten.klant", klant_id=traject.klant_id), code=303)
    form = TrajectEindeForm(begindatum=traject.begindatum, data={"einddatum": clock.today()})
    if request.method == "POST":
        form.process(request.form)
    if request.method == "POST" and form.validate():
        with db.atomic():
            updated = (
                Traject.update(
                    status=form.status.data,
                    einddatum=form.einddatum.data,
                    werkelijke_kosten=form.werkelijke_kosten.data,
                    versie=Traject.versie + 1,
                )
                .where((Traject.id == traject.id) & (Traject.status == "lopend"))
                .execute()
            )
            if updated:
                audit.log(
                    "wijzigen",
                    object_type="traject",
                    object_id=traject.id,
                    klant_id=traject.klant_id,
                    omschrijving=f"traject {form.status.data}",
                )
        if not updated:
            # Someone else ended it between our check and the UPDATE: theirs stands, and the
            # user must know that what they entered was not saved.
            flash(CONFLICT, "fout")
            return redirect(url_for("klanten.klant", klant_id=traject.klant_id), code=303)
        flash("Het traject is beëindigd. Meet nu de trede bij de afronding.", "succes")
        return redirect(
            url_for("klanten.klant", klant_id=traject.klant_id, traject=traject.id), code=303
        )
    return render_template(
        "trajecten/afronden.html", traject=traject, klant=traject.klant, form=form
    ), (422 if form.errors else 200)


def _realiseerders(klant):
    """The organisations that can have realised a placement of this klant: the user's own,
    the klant's, and the partners of the klant's organisation (those that were ever granted
    a toegang to one of its klanten). Not every organisation in the installation: other
    gemeenten and their partners have nothing to do with this klant."""
    partners = (
        Toegang.select(Toegang.organisatie)
        .join(Klant, on=(Toegang.klant == Klant.id))
        .where(Klant.organisatie == klant.organisatie_id)
    )
    return (
        Organisatie.select()
        .where(
            Organisatie.id.in_((current_user.organisatie_id, klant.organisatie_id))
            | Organisatie.id.in_(partners)
        )
        .order_by(Organisatie.naam)
    )


@bp.route("/klanten/<int:klant_id>/plaatsingen/nieuw", methods=["GET", "POST"])
def plaatsing_nieuw(klant_id: int):
    """Register a placement (paid work, unpaid work or training) for a project."""
    klant = klant_of_404(klant_id)
    projecten = (
        Project.select()
        .where(Project.organisatie.in_((current_user.organisatie_id, klant.organisatie_id)))
        .order_by(Project.naam)
    )
    form = PlaatsingForm(
        projecten=projecten,
        organisaties=_realiseerders(klant),
        data={"gerealiseerd_door": str(current_user.organisatie_id)},
    )
    if request.method == "POST":
        form.process(request.form)
    if request.method == "POST" and form.validate():
        with db.atomic():
            plaatsing = Plaatsing.create(
                klant=klant,
                project=int(form.project.data),
                aard=form.aard.data,
                sector=form.sector.data,
                opleidingsniveau=form.opleidingsniveau.data,
                begindatum=form.begindatum.data,
                einddatum=form.einddatum.data,
                gerealiseerd_door=int(form.gerealiseerd_door.data),
                organisatie=current_user.organisatie_id,
                ingevoerd_door=current_user.id,
            )
            audit.log(
                "aanmaken", object_type="plaatsing", object_id=plaatsing.id, klant_id=klant.id
            )
        flash("De plaatsing is geregistreerd.", "succes")
        return redirect(url_for("klanten.klant", klant_id=klant.id), code=303)
    return render_template("trajecten/plaatsing.html", klant=klant, form=form), (
        422 if form.errors else 200
    )
