"""Management information: the reports of §2.6, as pages and as CSV and XLSX downloads, and
the jaaroverzicht as a PDF for the council.

Every report has the same flow: the filter from the query string, refused and logged when
it reaches outside what the user may see (or, for the benchmark, when the user's organisation
does not take part), validated, counted in the database by reports/, laid out as tables,
logged, rendered, downloaded or printed.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from forms import rapport as formulieren
from models import Organisatie, db
from reports import (
    benchmark,
    export,
    grafiek,
    inschattingen,
    jaaroverzicht,
    stand,
    stromen,
    te_meten,
)
from reports import tabellen as tab
from reports import tabellen_verloop as tab_verloop
from reports.filters import RAPPORT_ROLLEN, Bereik, bereik_voor
from reports.keuzes import keuzelijsten
from services import audit, clock
from services.auth import roles_required
from services.pdf import bestandsnaam
from views.pdf import maak_afdruk, pdf_antwoord

bp = Blueprint("rapporten", __name__, url_prefix="/rapporten")


@dataclass(frozen=True)
class Rapport:
    """A report: its form, how it is counted, and how it is laid out as tables."""

    titel: str
    form: type
    bereken: Callable
    tabellen: Callable
    standaard: Callable[[datetime.date], dict]
    rollen: tuple[str, ...] = RAPPORT_ROLLEN
    # Whether a user with this reach may see the report at all (the benchmark: only when
    # their organisation takes part); otherwise the page explains why, with no figures.
    beschikbaar: Callable[[Bereik], bool] = lambda bereik: True


def _peildatum(vandaag: datetime.date) -> dict:
    return {"peildatum": vandaag}


def _twee_peildata(vandaag: datetime.date) -> dict:
    return {"van": datetime.date(vandaag.year - 1, 12, 31), "tot": vandaag}


RAPPORTEN: dict[str, Rapport] = {
    "stand": Rapport(
        "Stand per peildatum",
        formulieren.PeildatumForm,
        lambda f, s: stand.stand(f.peildatum.data, s),
        tab.stand_tabellen,
        _peildatum,
    ),
    "caseloads": Rapport(
        "Caseloads naast elkaar",
        formulieren.CaseloadForm,
        lambda f, s: stand.caseloads(f.peildatum.data, s, f.vergelijk.data, f.gekozen()),
        tab.caseload_tabellen,
        _peildatum,
    ),
    "stromen": Rapport(
        "Stromen tussen twee peildata",
        formulieren.StromenForm,
        lambda f, s: stromen.stromen(f.van.data, f.tot.data, s),
        tab_verloop.stromen_tabellen,
        _twee_peildata,
    ),
    "inschattingen": Rapport(
        "Inschattingen uitgekomen?",
        formulieren.StromenForm,
        lambda f, s: inschattingen.inschattingen(f.van.data, f.tot.data, s),
        tab_verloop.inschattingen_tabellen,
        _twee_peildata,
    ),
    "te-meten": Rapport(
        "Te meten",
        formulieren.TeMetenForm,
        lambda f, s: te_meten.te_meten(f.peildatum.data, s, f.weken.data),
        tab_verloop.te_meten_tabellen,
        _peildatum,
    ),
    "jaaroverzicht": Rapport(
        "Jaaroverzicht",
        formulieren.JaaroverzichtForm,
        lambda f, s: jaaroverzicht.jaaroverzicht(f.jaar.data, f.moment.data, s),
        tab.jaaroverzicht_tabellen,
        lambda vandaag: {},
    ),
    "benchmark": Rapport(
        "Benchmark",
        formulieren.BenchmarkForm,
        lambda f, s: benchmark.benchmark(f.peildatum.data, s.subgroep, s.bereik.organisatie_id),
        tab.benchmark_tabellen,
        _peildatum,
        rollen=benchmark.ROLLEN,
        beschikbaar=lambda bereik: benchmark.doet_mee(bereik.organisatie_id),
    ),
}


def _bereik() -> Bereik:
    return bereik_voor(
        current_user.rol, current_user.organisatie_id, current_user.id, current_user.team_id
    )


def _form(rapport: Rapport, bereik: Bereik):
    """The report's filter form from the query string, with today's defaults."""
    vandaag = clock.today()
    return rapport.form(
        request.args,
        lijsten=keuzelijsten(bereik),
        standaard=rapport.standaard(vandaag),
        jaar=vandaag.year - 1,
    )


def _uitkomst(naam: str):
    """Filter, check and count: (form, result, tables, HTTP status)."""
    rapport = RAPPORTEN[naam]
    bereik = _bereik()
    form = _form(rapport, bereik)
    if not rapport.beschikbaar(bereik):
        with db.atomic():
            audit.log(
                "geweigerd",
                object_type="rapport",
                object_id=naam,
                resultaat="geweigerd",
                omschrijving=f"{rapport.titel}: niet beschikbaar voor deze organisatie",
            )
        return form, None, [], 403
    te_ver = form.buiten_bereik()
    if te_ver:
        with db.atomic():
            audit.log(
                "geweigerd",
                object_type="rapport",
                object_id=naam,
                resultaat="geweigerd",
                omschrijving=f"{rapport.titel}: buiten bereik ({', '.join(te_ver)})"[:500],
            )
        return form, None, [], 403
    if not form.validate():
        return form, None, [], 422
    uitkomst = rapport.bereken(form, form.filter(bereik))
    return form, uitkomst, rapport.tabellen(uitkomst), 200


def _render(naam: str, form, uitkomst, tabellen, status: int):
    bereik = _bereik()
    beschikbaar = RAPPORTEN[naam].beschikbaar(bereik)
    return render_template(
        f"rapporten/{naam.replace('-', '_')}.html",
        naam=naam,
        rapport=RAPPORTEN[naam],
        form=form,
        uitkomst=uitkomst,
        tabellen=tabellen,
        grafiek=grafiek,
        geweigerd=status == 403 and beschikbaar,
        beschikbaar=beschikbaar,
        beperkt=bereik.beperkt,
        drempel=benchmark.DREMPEL,
    ), status


@bp.route("")
@roles_required(*RAPPORT_ROLLEN)
def index():
    """The list of reports (the benchmark only for the roles that may see it)."""
    return render_template(
        "rapporten/index.html", benchmark=current_user.rol in RAPPORTEN["benchmark"].rollen
    )


def pagina(naam: str):
    """One report as a page: filter, chart and tables (the viewing is logged)."""
    form, uitkomst, tabellen, status = _uitkomst(naam)
    if uitkomst is not None:
        with db.atomic():
            audit.log(
                "inzien", object_type="rapport", object_id=naam, omschrijving=RAPPORTEN[naam].titel
            )
    return _render(naam, form, uitkomst, tabellen, status)


def download(naam: str, formaat: str):
    """The tables of a report as CSV or XLSX (the download is logged)."""
    form, uitkomst, tabellen, status = _uitkomst(naam)
    if uitkomst is None:
        return _render(naam, form, uitkomst, tabellen, status)
    inhoud = export.csv_bytes(tabellen) if formaat == "csv" else export.xlsx_bytes(tabellen)
    with db.atomic():
        audit.log(
            "exporteren",
            object_type="rapport",
            object_id=f"{naam}.{formaat}",
            omschrijving=RAPPORTEN[naam].titel,
        )
    bestand = f"{naam}-{clock.today():%Y%m%d}.{formaat}"
    return Response(
        inhoud,
        mimetype=SOORTEN[formaat],
        headers={"Content-Disposition": f'attachment; filename="{bestand}"'},
    )


SOORTEN = {
    "csv": "text/csv",  # Flask adds the charset
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.route("/jaaroverzicht.pdf")
@roles_required(*RAPPORT_ROLLEN)
def jaaroverzicht_pdf():
    """The jaaroverzicht for the council as a PDF/A with its charts (the print is logged)."""
    form, uitkomst, tabellen, status = _uitkomst("jaaroverzicht")
    if uitkomst is None:
        return _render("jaaroverzicht", form, uitkomst, tabellen, status)
    bereik = _bereik()
    organisatie = Organisatie.get_by_id(bereik.organisatie_id)
    moment = jaaroverzicht.MOMENTEN[form.moment.data]
    titel = f"Jaaroverzicht participatieladder {uitkomst.jaar}"
    pdf = maak_afdruk(
        "pdf/jaaroverzicht.html",
        titel=titel,
        onderwerp=f"De stand op {moment} {uitkomst.jaar} en {uitkomst.jaar - 1}",
        organisatie=organisatie,
        overzicht=uitkomst,
        tabellen=tabellen,
        grafiek=grafiek,
        selectie=_selectie(form),
        beperkt=bereik.beperkt,
    )
    with db.atomic():
        audit.log(
            "printen",
            object_type="rapport",
            object_id="jaaroverzicht.pdf",
            omschrijving=f"{RAPPORTEN['jaaroverzicht'].titel} {uitkomst.jaar}",
        )
    return pdf_antwoord(
        pdf, bestandsnaam("jaaroverzicht", str(uitkomst.jaar), clock.today().isoformat())
    )


def _selectie(form) -> list[tuple[str, str]]:
    """(label, chosen option) of every filter field that narrows the report, for the print."""
    velden = [form.gemeente, form.team, form.klantmanager, form.subgroep, form.aanleiding]
    gekozen = []
    for veld in (*velden, *form.kenmerkvelden):
        if veld.data:
            tekst = next((k.label for k in veld.choices if k.value == veld.data), veld.data)
            gekozen.append((str(veld.label.text), tekst))
    return gekozen


def _view(endpoint: str, rollen: tuple[str, ...], functie, *argumenten):
    """A view without URL variables for one report (and format), for the report's roles."""

    def view():
        return functie(*argumenten)

    view.__name__ = endpoint
    view.__doc__ = functie.__doc__
    return roles_required(*rollen)(view)


# Fixed URLs, one per report and download: /rapporten/stand, /rapporten/stand.csv, …
for _naam, _rapport in RAPPORTEN.items():
    _endpoint = _naam.replace("-", "_")
    bp.add_url_rule(f"/{_naam}", _endpoint, _view(_endpoint, _rapport.rollen, pagina, _naam))
    for _formaat in SOORTEN:
        _eind = f"{_endpoint}_{_formaat}"
        bp.add_url_rule(
            f"/{_naam}.{_formaat}",
            _eind,
            _view(_eind, _rapport.rollen, download, _naam, _formaat),
        )
