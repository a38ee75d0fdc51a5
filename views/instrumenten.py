"""The instrument catalogue, the effect report, placement projects and their accountability."""

import datetime
import io

from babel.numbers import format_decimal
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from openpyxl import Workbook
from werkzeug.datastructures import MultiDict

from exchange import cellen
from forms.instrument import EffectForm, InstrumentForm, ProjectForm
from ladder.verantwoording import AARDEN, OPLEIDINGSNIVEAUS, Periode, periode_van
from models import Instrument, Organisatie, Plaatsing, Project, db
from models.organisatie import GEMEENTELIJKE_SOORTEN
from services import audit, clock
from services.effect import aanbieders_in_catalogus, effecten
from services.verantwoording import verantwoording

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


def _rol(*rollen):
    if current_user.rol not in rollen:
        with db.atomic():
            audit.log(
                "geweigerd",
                object_type="pagina",
                object_id=request.path[:40],
                resultaat="geweigerd",
            )
        abort(403)


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
def catalogus():
    """The organisation's participatie-instrumenten."""
    _rol(*LEZEN)
    rijen = Instrument.select().where(Instrument.organisatie == current_user.organisatie_id)
    return render_template(
        "instrumenten/catalogus.html",
        rijen=rijen.order_by(Instrument.naam),
        mag_beheren=current_user.rol in BEHEREN,
        mag_effect=current_user.rol in EFFECT,
    )


@bp.route("/instrumenten/nieuw", methods=["GET", "POST"])
@bp.route("/instrumenten/<int:instrument_id>", methods=["GET", "POST"])
def instrument(instrument_id: int | None = None):
    """Add or edit an instrument of the catalogue."""
    _rol(*BEHEREN)
    rij = None
    if instrument_id is not None:
        rij = Instrument.get_or_none(
            (Instrument.id == instrument_id)
            & (Instrument.organisatie == current_user.organisatie_id)
        )
        if rij is None:
            _rol()  # logs and refuses
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
def effect():
    """Observed movement on the ladder per instrument, with the cost."""
    _rol(*EFFECT)
    # What the query string leaves out keeps its default: this year, at the end itself.
    formdata = MultiDict({"jaar": str(clock.today().year), "maanden_na": "0"})
    for naam in request.args:
        formdata.setlist(naam, request.args.getlist(naam))
    form = EffectForm(formdata, aanbieders=aanbieders_in_catalogus(current_user.organisatie_id))
    rijen = None
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
        with db.atomic():
            audit.log("inzien", object_type="rapport", omschrijving="effect per instrument")
    return render_template("instrumenten/effect.html", form=form, rijen=rijen), (
        422 if form.errors else 200
    )


@bp.route("/projecten", methods=["GET", "POST"])
def projecten():
    """Placement projects with their targets; a beheerder or manager adds them."""
    _rol("beheerder", "manager", "klantmanager", "intaker", "partner")
    form = ProjectForm()
    if form.validate_on_submit():
        _rol(*BEHEREN)
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
    # The roles of an organisation (as for the list of projects): not the installation's.
    _rol("beheerder", "manager", "klantmanager", "intaker", "partner")
    project = Project.get_or_none(Project.id == project_id)
    # The project's own organisation sees everything; a partner that placed people in it
    # sees only its own placements.
    if project is None:
        _rol()
    eigen = project.organisatie_id == current_user.organisatie_id
    eigen_plaatsingen = Plaatsing.select().where(
        (Plaatsing.project == project) & (Plaatsing.organisatie == current_user.organisatie_id)
    )
    if not eigen and not (current_user.rol == "partner" and eigen_plaatsingen.exists()):
        _rol()
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
    return render_template(
        "instrumenten/verantwoording.html", r=rapport, aarden=AARDEN, niveaus=OPLEIDINGSNIVEAUS
    )


@bp.route("/projecten/<int:project_id>/verantwoording.xlsx")
def verantwoording_xlsx(project_id: int):
    """The same report as an Excel workbook."""
    rapport = _rapport(project_id)
    data = _werkboek(rapport)
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
    from views.pdf import _pdf, _print

    rapport = _rapport(project_id)
    organisatie = Organisatie.get_by_id(current_user.organisatie_id)
    with db.atomic():
        audit.log(
            "printen",
            object_type="project",
            object_id=project_id,
            omschrijving=f"verantwoording {rapport.periode.label} (pdf)",
        )
    data = _print(
        "pdf/verantwoording.html",
        titel=f"Verantwoording {rapport.project.naam}",
        onderwerp=f"Verantwoording plaatsingen {rapport.periode.label}",
        organisatie=organisatie,
        r=rapport,
        aarden=AARDEN,
        niveaus=OPLEIDINGSNIVEAUS,
        opsteller=organisatie.naam,
        alleen_eigen=rapport.project.organisatie_id != current_user.organisatie_id,
    )
    return _pdf(data, f"verantwoording-{rapport.periode.jaar}-{rapport.periode.nummer}.pdf")


def _werkboek(r) -> bytes:
    """The figures of the PDF as a workbook: each table with its Totaal row (the denominator
    of the shares), and the duration of every placement on a second sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Verantwoording"
    _regel(ws, [f"Verantwoording {r.project.naam}", r.periode.label])
    _regel(ws, ["Peildatum", r.peildatum.strftime("%d-%m-%Y")])
    _regel(ws, ["Gestarte plaatsingen", r.gestart])
    _regel(
        ws,
        [
            "Plaatsingen sinds de start van het project",
            r.totaal_tot_nu,
            "doel",
            r.project.doel_aantal,
        ],
    )
    _regel(ws, [])
    _regel(ws, ["Aard", "Aantal", f"Aandeel (% van {r.gestart})", "Doel (%)"])
    for aard, label in AARDEN.items():
        _regel(ws, [label, r.per_aard[aard], round(r.aandelen[aard], 1), r.doelen[aard]])
    _regel(ws, ["Totaal", r.gestart, 100.0 if r.gestart else 0.0, sum(r.doelen.values())])
    _regel(ws, [])
    _regel(ws, ["Opleidingsniveau", "Aantal"])
    for niveau, label in OPLEIDINGSNIVEAUS.items():
        _regel(ws, [label, r.per_niveau.get(niveau, 0)])
    for niveau, aantal in r.per_niveau.items():  # values outside the list, as in the PDF
        if niveau not in OPLEIDINGSNIVEAUS and aantal:
            _regel(ws, [niveau or "Niet vastgelegd", aantal])
    _regel(ws, ["Totaal", sum(r.per_niveau.values())])
    _regel(ws, [])
    _regel(ws, ["Sector", "Aantal"])
    for sector, aantal in r.per_sector.items():
        _regel(ws, [sector, aantal])
    _regel(ws, ["Totaal", sum(r.per_sector.values())])
    _regel(ws, [])
    _regel(
        ws,
        [
            f"Minimaal {r.project.minimale_duur_maanden} maanden bereikt",
            r.zes_maanden,
            round(r.aandeel_minimale_duur, 1),
        ],
    )
    _duur_per_plaatsing(wb.create_sheet("Duur per plaatsing"), r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _duur_per_plaatsing(ws, r) -> None:
    _regel(ws, ["Begin", "Aard", "Sector", "Duur (maanden)", "Status"])
    for plaatsing, maanden, lopend in r.duren:
        _regel(
            ws,
            [
                plaatsing.begindatum,
                AARDEN.get(plaatsing.aard, plaatsing.aard),
                plaatsing.sector,
                maanden,
                "loopt" if lopend else "beëindigd",
            ],
        )
        ws.cell(row=ws.max_row, column=1).number_format = "DD-MM-YYYY"


def _regel(ws, waarden: list) -> None:
    # Project names and sectors come from (partner) users: every text through the one
    # neutraliser, which also drops what XLSX cannot hold, so stored text never breaks this.
    ws.append(cellen.rij(waarden))
