"""Printing: the dossierblad of a meting and the historieoverzicht of a klant, as PDF/A."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from ladder import treden
from models import Meting, db
from services import audit, clock
from services.dates import datum_in_woorden
from services.grafiek import trede_grafiek
from services.pdf import StaticFetcher, bestandsnaam, render_pdf
from services.samenvatting import samenvatting
from services.toegang import klant_of_404, mag_klanten_zien, meting_of_404, weiger

bp = Blueprint("pdf", __name__)


@bp.before_request
@login_required
def _login():
    """Printing needs a login and a role that works with klant data."""
    if not mag_klanten_zien():
        weiger("pagina", request.path)


@bp.route("/metingen/<int:meting_id>/dossierblad.pdf")
def dossierblad(meting_id: int):
    """The dossierblad of a saved meting; a concept is not printed (404, nothing logged)."""
    meting = meting_of_404(meting_id)
    if meting.status == "concept":
        abort(404)
    klant, organisatie = meting.klant, meting.organisatie
    titel = f"Dossierblad participatieladder – {klant.volledige_naam}"
    pdf = _print(
        "pdf/dossierblad.html",
        titel=titel,
        onderwerp=f"Meting van {datum_in_woorden(meting.meetdatum)}",
        klant=klant,
        organisatie=organisatie,
        meting=meting,
        overzicht=samenvatting(meting),
    )
    with db.atomic():
        audit.log(
            "printen",
            object_type="meting",
            object_id=meting.id,
            klant_id=klant.id,
            omschrijving="dossierblad",
        )
    meetdatum = meting.meetdatum.isoformat() if meting.meetdatum else ""
    return _pdf(pdf, bestandsnaam("dossierblad", klant.achternaam, meetdatum))


@bp.route("/klanten/<int:klant_id>/historie.pdf")
def historie(klant_id: int):
    """Every saved meting of a klant, oldest first, with the trede drawn over time."""
    klant = klant_of_404(klant_id)
    metingen = Meting.history_for(klant)[::-1]
    pdf = _print(
        "pdf/historie.html",
        titel=f"Historieoverzicht participatieladder – {klant.volledige_naam}",
        onderwerp=f"Alle metingen van {klant.volledige_naam}",
        klant=klant,
        organisatie=klant.organisatie,
        metingen=metingen,
        grafiek=trede_grafiek([m for m in metingen if m.status == "definitief"]),
    )
    with db.atomic():
        audit.log(
            "printen",
            object_type="klant",
            object_id=klant.id,
            klant_id=klant.id,
            omschrijving="historieoverzicht",
        )
    return _pdf(pdf, bestandsnaam("historieoverzicht", klant.achternaam, clock.today().isoformat()))


def _print(template: str, *, titel: str, onderwerp: str, organisatie, **context) -> bytes:
    html = render_template(
        template,
        titel=titel,
        organisatie=organisatie,
        gemeenten=[g.naam for g in organisatie.gemeenten()],
        treden=treden.TREDEN,
        geprint_op=clock.now(),
        afdrukker=current_user.naam,
        **context,
    )
    return render_pdf(
        html,
        title=titel,
        author=organisatie.naam,
        subject=onderwerp,
        fetcher=StaticFetcher(current_app.static_folder),
    )


def _pdf(data: bytes, naam: str):
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@bp.route("/klanten/<int:klant_id>/inzage.pdf")
def inzage_pdf(klant_id: int):
    """Everything stored about the klant, on paper (AVG art. 15), from the same data as JSON."""
    from services.privacy import inzage_opvragen

    klant, data = inzage_opvragen(klant_id, "PDF")
    pdf = _print(
        "pdf/inzage.html",
        titel=f"Inzage participatieladder – {klant.volledige_naam}",
        onderwerp="Inzage in persoonsgegevens (art. 15 AVG)",
        klant=klant,
        organisatie=klant.organisatie,
        data=data,
    )
    return _pdf(pdf, bestandsnaam("inzage", klant.achternaam, clock.today().isoformat()))
