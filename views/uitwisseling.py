"""Data exchange: export of the participatiedatabase, the XML message, import, and the API."""

import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from exchange import api as api_calls
from exchange import batch, bericht, export, rijen, schrijvers
from exchange.bestand import Bestandsfout, Grenzen, soort_van
from forms.uitwisseling import ExportForm, ImportForm, SrgForm, TokenForm, VerwerkForm
from models import db
from models.base import id_uit_tekst
from models.uitwisseling import ApiToken, SrgInstelling
from reports.filters import Bereik, bereik_voor
from reports.keuzes import keuzelijsten
from services import audit, clock
from services.auth import roles_required
from services.toegang import meting_of_404, weiger, zichtbare_klanten
from views.download import download, verstuur

bp = Blueprint("uitwisseling", __name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")

EXPORT_ROLLEN = ("manager", "klantmanager", "intaker")
IMPORT_ROLLEN = ("klantmanager", "intaker")
# A manager steers on figures: exports without personal data. Partners export no database
# (they see klanten through a toegang) but may take the XML of a meting they can open.
PERSOONSGEGEVENS_ROLLEN = ("klantmanager", "intaker", "partner")
XML_ROLLEN = ("manager", "klantmanager", "intaker", "partner")


@bp.before_request
@login_required
def _login():
    """Every exchange page needs a login; the roles are checked per page."""


def _grenzen() -> Grenzen:
    return Grenzen.uit(current_app.config)


def _bereik() -> Bereik:
    """The reports' reach: the export holds no metingen a user could not count there."""
    return bereik_voor(
        current_user.rol, current_user.organisatie_id, current_user.id, current_user.team_id
    )


def _export_form(formdata) -> ExportForm:
    return ExportForm(
        formdata,
        lijsten=keuzelijsten(_bereik()),
        mag_persoonsgegevens=current_user.rol in PERSOONSGEGEVENS_ROLLEN,
    )


def _index(export_form=None, import_form=None, status=200, geweigerd=False):
    export_form = export_form or _export_form(None)
    return render_template(
        "uitwisseling/index.html",
        export_form=export_form,
        import_form=import_form or ImportForm(formdata=None),
        mag_persoonsgegevens=current_user.rol in PERSOONSGEGEVENS_ROLLEN,
        mag_importeren=current_user.rol in IMPORT_ROLLEN,
        beperkt=_bereik().beperkt,
        geweigerd=geweigerd,
        form=export_form if export_form.errors else import_form,
    ), status


@bp.route("/uitwisseling")
@roles_required(*EXPORT_ROLLEN)
def index():
    """Export and import of the participatiedatabase; expired import files are forgotten."""
    batch.ruim_op(clock.now(), _grenzen())
    return _index()


@bp.route("/uitwisseling/export")
@roles_required(*EXPORT_ROLLEN)
def export_formulier():
    """The export form, filled in from the query: a link (perhaps from another site) never
    downloads anything, least of all personal data under the user's name."""
    return _index(export_form=_export_form(request.args or None))


@bp.route("/uitwisseling/export", methods=["POST"])
@roles_required(*EXPORT_ROLLEN)
def exporteer():
    """The visible metingen within the user's reach, selected by period and the reports'
    filters, as CSV, XLSX or XML; logged. A team or klantmanager outside the reach: 403.
    A POST with a CSRF token (CSRFProtect refuses one without: 400)."""
    form = _export_form(request.form)
    te_ver = form.buiten_bereik()
    if te_ver:
        with db.atomic():
            audit.log(
                "geweigerd",
                object_type="export",
                resultaat="geweigerd",
                omschrijving=f"participatiedatabase: buiten bereik ({', '.join(te_ver)})"[:500],
            )
        return _index(export_form=form, status=403, geweigerd=True)
    if not form.validate():
        return _index(export_form=form, status=422)
    selectie = rijen.Selectie(
        form.van.data, form.tot.data, form.met_vervangen.data, filter=form.filter(_bereik())
    )
    met_pg = bool(form.met_persoonsgegevens.data)
    omschrijving_selectie = "".join(f"; {keuze}" for keuze in form.gekozen)
    with export.tijdelijk_bestand() as uit:
        with db.atomic():
            query = rijen.metingen(zichtbare_klanten(), selectie)
            bestand = export.maak(form.formaat.data, query, met_pg, clock.now(), uit)
            audit.log(
                "exporteren",
                object_type="export",
                omschrijving=bestand.omschrijving(met_pg) + omschrijving_selectie,
                klanten=query,
            )
        naam = f"participatiedatabase-{clock.today().isoformat()}.{bestand.extensie}"
        return download(uit, bestand.mimetype, naam)


@bp.route("/uitwisseling/sjabloon")
@roles_required(*IMPORT_ROLLEN)
def sjabloon():
    """The empty import file (?soort=csv or xlsx), with the export's column names."""
    soort = request.args.get("soort", "")
    if soort not in ("csv", "xlsx"):
        abort(404)
    if soort == "csv":
        inhoud = schrijvers.sjabloon_csv()
    else:
        codes = rijen.eigen_vrijstellingscodes(current_user.organisatie_id)
        inhoud = schrijvers.sjabloon_xlsx(codes)
    mimetype = schrijvers.CSV_MIMETYPE if soort == "csv" else schrijvers.XLSX_MIMETYPE
    return download(io.BytesIO(inhoud), mimetype, f"sjabloon.{soort}")


@bp.route("/metingen/<int:meting_id>.xml")
@roles_required(*XML_ROLLEN)
def meting_xml(meting_id: int):
    """The XML message of one meting, for whoever may open the meting page; logged."""
    meting = meting_of_404(meting_id)
    if meting.status == "concept":
        abort(404)
    met_pg = current_user.rol in PERSOONSGEGEVENS_ROLLEN
    with db.atomic():
        inhoud = export.enkele_meting(meting, met_pg, clock.now())
        audit.log(
            "exporteren",
            object_type="meting",
            object_id=meting.id,
            klant_id=meting.klant_id,
            omschrijving="XML-bericht" + (", met persoonsgegevens" if met_pg else ""),
        )
    return download(io.BytesIO(inhoud), bericht.XML_MIMETYPE, f"meting-{meting.id}.xml")


@bp.route("/uitwisseling/import", methods=["POST"])
@roles_required(*IMPORT_ROLLEN)
def upload():
    """Store the uploaded file server-side and show what importing it would do."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _index(import_form=form, status=422)
    bestand = form.bestand.data
    inhoud = bestand.stream.read(_grenzen().max_bytes + 1)
    naam = bestand.filename or "bestand"
    try:
        soort = soort_van(naam, bestand.mimetype or "", inhoud, _grenzen())
        tabel, uitslag = batch.proef(inhoud, soort, current_user, clock.today(), _grenzen())
    except Bestandsfout as fout:
        form.bestand.errors.append(str(fout))
        return _index(import_form=form, status=422)
    now = clock.now()
    with db.atomic():
        batch.ruim_op(now, _grenzen())
        rij = batch.bewaar(current_user, naam, soort, tabel, uitslag, now)
        audit.log(
            "aanmaken",
            object_type="import",
            object_id=rij.id,
            omschrijving=f"proefimport {soort}: {uitslag.rijen} rijen",
        )
    return redirect(url_for("uitwisseling.rapport", batch=rij.sleutel), code=303)


# The batch's random key travels as a parameter; it opens the batch only for its own user.
def _batch_of_404(sleutel: str):
    rij = batch.zoek(sleutel, current_user)
    if rij is None:
        weiger("import", "")  # the key itself stays out of the log
    return rij


@bp.route("/uitwisseling/import")
@roles_required(*IMPORT_ROLLEN)
def rapport():
    """The report of the dry run (or of the import), with the choice to go on."""
    batch.ruim_op(clock.now(), _grenzen())
    rij = _batch_of_404(request.args.get("batch", ""))
    verlopen = batch.is_verlopen(rij, clock.now(), _grenzen())
    return render_template(
        "uitwisseling/rapport.html",
        batch=rij,
        rapport=rij.rapport_dict,
        verlopen=verlopen,
        form=VerwerkForm(formdata=None),
    )


@bp.route("/uitwisseling/import/inlezen", methods=["POST"])
@roles_required(*IMPORT_ROLLEN)
def verwerken():
    """Import the valid rows of the stored file (checked again) in one transaction."""
    rij = _batch_of_404(request.form.get("batch", ""))
    form = VerwerkForm()
    if form.validate_on_submit() and not batch.is_verlopen(rij, clock.now(), _grenzen()):
        with db.atomic():
            uitslag, gedaan = batch.verwerk(
                rij, current_user, form.alles_of_niets.data, clock.now(), clock.today()
            )
            if gedaan:
                verslag = uitslag.rapport()
                omschrijving = (
                    f"import: {verslag['klanten_nieuw']} klanten en "
                    f"{verslag['metingen_nieuw']} metingen aangemaakt"
                )
                audit.log(
                    "aanmaken", object_type="import", object_id=rij.id, omschrijving=omschrijving
                )
        if not gedaan:
            flash(
                "Er is niets ingelezen: bij ‘alles of niets’ mag geen rij een fout hebben.", "fout"
            )
    return redirect(url_for("uitwisseling.rapport", batch=rij.sleutel), code=303)


@bp.route("/beheer/uitwisseling", methods=["GET", "POST"])
@roles_required("beheerder")
def beheer():
    """The beheerder's side: the SRG mapping of the codes 0/8/9 and the API tokens."""
    instelling = SrgInstelling.van(current_user.organisatie_id)
    srg_form = SrgForm(obj=instelling)
    if srg_form.validate_on_submit():
        with db.atomic():
            srg_form.populate_obj(instelling)
            instelling.save()
            audit.log("wijzigen", object_type="srg_instelling", object_id=instelling.id)
        return redirect(url_for("uitwisseling.beheer"), code=303)
    return _beheer(srg_form=srg_form, status=422 if srg_form.errors else 200)


def _beheer(srg_form=None, token_form=None, nieuw_token=None, status=200):
    tokens = ApiToken.select().where(ApiToken.organisatie == current_user.organisatie_id)
    return render_template(
        "uitwisseling/beheer.html",
        srg_form=srg_form or SrgForm(obj=SrgInstelling.van(current_user.organisatie_id)),
        token_form=token_form or TokenForm(formdata=None),
        tokens=tokens.order_by(ApiToken.aangemaakt.desc()),
        nieuw_token=nieuw_token,
    ), status


@bp.route("/beheer/uitwisseling/tokens", methods=["POST"])
@roles_required("beheerder")
def token_maken():
    """Create an API token; it is shown on this response only, and stored as a hash."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _beheer(token_form=form, status=422)
    with db.atomic():
        rij, token = ApiToken.maak(
            current_user.organisatie_id, form.naam.data, current_user, clock.now()
        )
        audit.log("aanmaken", object_type="api_token", object_id=rij.id, omschrijving=rij.naam)
    return _beheer(nieuw_token=token)


@bp.route("/beheer/uitwisseling/tokens/intrekken", methods=["POST"])
@roles_required("beheerder")
def token_intrekken():
    """Revoke an API token of the organisation; it works no more from this moment."""
    token_id = id_uit_tekst(request.form.get("token"))
    with db.atomic():
        gedaan = (
            ApiToken.update(ingetrokken=clock.now())
            .where(
                (ApiToken.id == token_id)
                & (ApiToken.organisatie == current_user.organisatie_id)
                & ApiToken.ingetrokken.is_null()
            )
            .execute()
        )
        if gedaan:
            audit.log(
                "wijzigen", object_type="api_token", object_id=token_id, omschrijving="ingetrokken"
            )
    return redirect(url_for("uitwisseling.beheer"), code=303)


@api.record_once
def _zonder_csrf(state) -> None:
    # The API is read-only and authenticated by a bearer token, not by a session cookie.
    if "csrf" in state.app.extensions:
        state.app.extensions["csrf"].exempt(api)


@api.route("/metingen")
def api_metingen():
    """The metingen of the token's organisation changed after ?sinds=, as an XML message."""
    token = api_calls.token_uit_header(request.headers.get("Authorization", ""))
    oorsprong, now = request.remote_addr or "", clock.now()
    if token is None or token.ingetrokken is not None:
        with db.atomic():
            api_calls.log(token, "geweigerd", "ongeldig of ingetrokken token", oorsprong, now)
        return _api_fout(401, "Ongeldig of ingetrokken token.")
    sinds = api_calls.tijdstip(request.args.get("sinds", ""))
    if sinds is None:
        return _api_fout(400, "Geef sinds op als ISO-tijdstip, bijvoorbeeld 2026-01-01T00:00:00Z.")
    with export.tijdelijk_bestand() as uit:
        with db.atomic():
            bestand, metingen = api_calls.metingen_sinds(token, sinds, now, uit)
            omschrijving = f"API: {bestand.aantal} metingen sinds {sinds.isoformat()}"
            regel = api_calls.log(token, "gelukt", omschrijving, oorsprong, now)
            audit.noem_klanten(regel, metingen)
        return verstuur(uit, bestand.mimetype)


def _api_fout(code: int, melding: str) -> Response:
    response = Response(melding + "\n", status=code, mimetype="text/plain")
    if code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="participatieladder"'
    return response
