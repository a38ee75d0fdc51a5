"""The instrument catalogue, the effect report, placement projects and their accountability."""

import datetime

from babel.numbers import format_decimal
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from forms.instrument import EffectForm, InstrumentForm, ProjectForm
from ladder.verantwoording import Periode, periode_van
from models import Instrument, Organisatie, Plaatsing, Project, db
from models.organisatie import GEMEENTELIJKE_SOORTEN
from reports.effect import aanbieders_in_catalogus, effecten
from reports.effect import tabel as effect_tabel
from reports.verantwoording import tabellen, verantwoording, werkboek
from services import audit, clock
from services.auth import roles_required, weiger_rol

bp = Blueprint("instrumenten", __name__)

BEHEREN = ("beheerder", "manager")
EFFECT = ("manager", "klantmanager", "intaker")  # the effect report: no beheerder
LEZEN = ("beheerder", "manager", "klantmanager", "intaker")


def procent(waarde: float, decimalen: int = 1) -> str:
    """A percentage in Dutch notation ("50,0%"): the reports go to Dutch readers and funders,
    for whom the point separates thousands."""
    patroon = "#,##0." + "0" * decimalen if decimalen else "#,##0"
    return format_decimal(waarde, format=patroon, locale="nl_NL") + "%"


bp.add_app_template_filter(procent, "procent")


@bp.before_request
@login_required
def _login():
    """Every page here needs a login."""


def _aanbieders():
    return (
        Organisatie.select()
        .where(
            (Organisatie.id != current_user.organisatie_id)
            & Organisatie.soort.not_in(GEMEENTELIJKE_SOORTEN)
        )
        .order_by(Organisatie.naam)
    )


@bp.route("/instrumenten")
@roles_required(*LEZEN)
def catalogus():
    """The organisation's participatie-instrumenten."""
    rijen = Instrument.select().where(Instrument.organisatie == current_user.organisatie_id)
    return render_template(
        "instrumenten/catalogus.html",
        rijen=rijen.order_by(Instrument.naam),
        mag_beheren=current_user.rol in BEHEREN,
        mag_effect=current_user.rol in EFFECT,
    )


@bp.route("/instrumenten/nieuw", methods=["GET", "POST"])
@bp.route("/instrumenten/<int:instrument_id>", methods=["GET", "POST"])
@roles_required(*BEHEREN)
def instrument(instrument_id: int | None = None):
    """Add or edit an instrument of the catalogue."""
    rij = None
    if instrument_id is not None:
        rij = Instrument.get_or_none(
            (Instrument.id == instrument_id)
            & (Instrument.organisatie == current_user.organisatie_id)
        )
        if rij is None:
            weiger_rol()
    form = InstrumentForm(obj=rij, aanbieders=_aanbieders())
    if rij is not None and not form.is_submitted():
        form.aanbieder.data = str(rij.aanbieder_id or "")
    if form.validate_on_submit():
        dubbel = (
            Instrument.select()
            .where(
                (Instrument.organisatie == current_user.organisatie_id)
                & (Instrument.naam == form.naam.data)
                & (Instrument.id != (rij.id if rij else 0))
            )
            .exists()
        )
        if dubbel:
            form.naam.errors.append("Er is al een instrument met deze naam.")
        else:
            with db.atomic():
                rij = rij or Instrument(organisatie=current_user.organisatie_id)
                form.populate_obj(rij)
                rij.aanbieder = int(form.aanbieder.data) if form.aanbieder.data else None
                rij.save()
                audit.log(
                    "wijzigen" if instrument_id else "aanmaken",
                    object_type="instrument",
                    object_id=rij.id,
                )
            flash(f"Instrument ‘{rij.naam}’ is opgeslagen.", "succes")
            return redirect(url_for("instrumenten.catalogus"), code=303)
    return render_template("instrumenten/instrument.html", form=form, rij=rij), (
        422 if form.errors else 200
    )


@bp.route("/instrumenten/effect")
@roles_required(*EFFECT)
def effect():
    """Observed movement on the ladder per instrument, with the cost."""
    # What the query string leaves out keeps its default: this year, at the end itself.
    formdata = MultiDict({"jaar": str(clock.today().year), "maanden_na": "0"})
    for naam in request.args:
        formdata.setlist(naam, request.args.getlist(naam))
    form = EffectForm(formdata, aanbieders=aanbieders_in_catalogus(current_user.organisatie_id))
    tabel = None
    if form.validate():
        jaar, maanden_na = form.jaar.data, form.maanden_na.data or 0
        rijen = effecten(
            current_user.organisatie_id,
            datetime.date(jaar, 1, 1),
            datetime.date(jaar, 12, 31),
            form.domein.data or "",
            maanden_na,
            form.aanbieder.data or "",
        )
        tabel = effect_tabel(rijen, jaar, maanden_na) if rijen else None
        with db.atomic():
            audit.log("inzien", object_type="rapport", omschrijving="effect per instrument")
    return render_template("instrumenten/effect.html", form=form, tabel=tabel), (
        422 if form.errors else 200
    )


@bp.route("/projecten", methods=["GET", "POST"])
@roles_required(*LEZEN, "partner")
def projecten():
    """Placement projects with their targets; a beheerder or manager adds them."""
    form = ProjectForm()
    if form.validate_on_submit():
        if current_user.rol not in BEHEREN:
            weiger_rol()
        with db.atomic():
            project = Project(organisatie=current_user.organisatie_id)
            form.populate_obj(project)
            project.save()
            audit.log("aanmaken", object_type="project", object_id=project.id)
        flash(f"Project ‘{project.naam}’ is aangemaakt.", "succes")
        return redirect(url_for("instrumenten.projecten"), code=303)
    rijen = Project.select().where(Project.organisatie == current_user.organisatie_id)
    return render_template(
        "instrumenten/projecten.html",
        form=form,
        rijen=rijen.order_by(Project.naam),
        mag_beheren=current_user.rol in BEHEREN,
    ), (422 if form.errors else 200)


def _rapport(project_id: int):
    # The roles of the list of projects (not the installation's administrator).
    if current_user.rol not in (*LEZEN, "partner"):
        weiger_rol()
    project = Project.get_or_none(Project.id == project_id)
    # The project's own organisation sees everything; a partner that placed people in it
    # sees only its own placements.
    if project is None:
        weiger_rol()
    eigen = project.organisatie_id == current_user.organisatie_id
    eigen_plaatsingen = Plaatsing.select().where(
        (Plaatsing.project == project) & (Plaatsing.organisatie == current_user.organisatie_id)
    )
    if not eigen and not (current_user.rol == "partner" and eigen_plaatsingen.exists()):
        weiger_rol()
    vandaag = clock.today()
    jaar = request.args.get("jaar", type=int) or vandaag.year
    nummer = request.args.get("periode", type=int) or periode_van(vandaag).nummer
    if not (2000 <= jaar <= 2100 and nummer in (1, 2, 3)):
        abort(404)
    return verantwoording(
        project, Periode(jaar, nummer), vandaag, None if eigen else current_user.organisatie_id
    )


@bp.route("/projecten/<int:project_id>/verantwoording")
def verantwoording_html(project_id: int):
    """The accountability report of a project for one period (januari–april, …)."""
    rapport = _rapport(project_id)
    with db.atomic():
        audit.log(
            "inzien", object_type="rapport", object_id=project_id, omschrijving="verantwoording"
        )
    return render_template("instrumenten/verantwoording.html", r=rapport, t=tabellen(rapport))


@bp.route("/projecten/<int:project_id>/verantwoording.xlsx")
def verantwoording_xlsx(project_id: int):
    """The same report as an Excel workbook."""
    rapport = _rapport(project_id)
    data = werkboek(rapport)
    with db.atomic():
        audit.log(
            "exporteren",
            object_type="rapport",
            object_id=project_id,
            omschrijving="verantwoording (xlsx)",
        )
    naam = f"verantwoording-{rapport.periode.jaar}-{rapport.periode.nummer}.xlsx"
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{naam}"'},
    )


@bp.route("/projecten/<int:project_id>/verantwoording.pdf")
def verantwoording_pdf(project_id: int):
    """The same report on paper (PDF/A), for the ministry or the funder."""
    from views.pdf import maak_afdruk, pdf_antwoord

    rapport = _rapport(project_id)
    organisatie = Organisatie.get_by_id(current_user.organisatie_id)
    with db.atomic():
        audit.log(
            "printen",
            object_type="project",
            object_id=project_id,
            omschrijving=f"verantwoording {rapport.periode.label} (pdf)",
        )
    data = maak_afdruk(
        "pdf/verantwoording.html",
        titel=f"Verantwoording {rapport.project.naam}",
        onderwerp=f"Verantwoording plaatsingen {rapport.periode.label}",
        organisatie=organisatie,
        r=rapport,
        t=tabellen(rapport),
        opsteller=organisatie.naam,
        alleen_eigen=rapport.project.organisatie_id != current_user.organisatie_id,
    )
    return pdf_antwoord(data, f"verantwoording-{rapport.periode.jaar}-{rapport.periode.nummer}.pdf")
