"""Printing: the dossierblad of a meting and the historieoverzicht of a klant, as PDF/A,
each rendered once and then served from its stored copy (services/afdrukken.py); and the
inzage, printed anew every time."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from ladder import treden
from models import Meting, Organisatie, db
from services import afdrukken, audit, clock
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
    """The dossierblad of a saved meting, vastgelegd when it was saved and by whom; rendered
    once and stored. A concept is not printed (404, nothing logged)."""
    meting = meting_of_404(meting_id)
    if meting.status == "concept":
        abort(404)
    klant = meting.klant
    overzicht = samenvatting(meting)
    pdf = _vastgelegd(
        f"dossierblad:{meting.id}",
        "pdf/dossierblad.html",
        titel=f"Dossierblad participatieladder – {klant.volledige_naam}",
        onderwerp=f"Meting van {datum_in_woorden(meting.meetdatum)}",
        klant=klant,
        organisatie=_organisatie(meting.organisatie_id),
        vastgelegd=Vastlegging(meting.definitief_op, overzicht.verwijzingen.invoerder),
        inhoud=(afdrukken.rij(meting), overzicht),
        log={"object_type": "meting", "object_id": meting.id, "omschrijving": "dossierblad"},
        context=lambda: {"meting": meting, "overzicht": overzicht},
    )
    meetdatum = meting.meetdatum.isoformat() if meting.meetdatum else ""
    return pdf_antwoord(pdf, bestandsnaam("dossierblad", klant.achternaam, meetdatum))


@bp.route("/klanten/<int:klant_id>/historie.pdf")
def historie(klant_id: int):
    """Every saved meting of a klant, oldest first, with the trede drawn over time; stored
    per version of the klant and its metingen, vastgelegd when it was rendered."""
    klant = klant_of_404(klant_id)
    # The rows as read are the fingerprint; the metingen are made of them only to render.
    gelezen = Meting.history_gelezen(klant)

    def context() -> dict:
        metingen = gelezen.objecten()[::-1]
        definitief = [m for m in metingen if m.status == "definitief"]
        return {"metingen": metingen, "grafiek": trede_grafiek(definitief)}

    pdf = _vastgelegd(
        f"historieoverzicht:{klant.id}",
        "pdf/historie.html",
        titel=f"Historieoverzicht participatieladder – {klant.volledige_naam}",
        onderwerp=f"Alle metingen van {klant.volledige_naam}",
        klant=klant,
        organisatie=_organisatie(klant.organisatie_id),
        vastgelegd=Vastlegging(clock.now(), current_user.naam),
        inhoud=gelezen.rijen,
        log={"object_type": "klant", "object_id": klant.id, "omschrijving": "historieoverzicht"},
        context=context,
    )
    return pdf_antwoord(
        pdf, bestandsnaam("historieoverzicht", klant.achternaam, clock.today().isoformat())
    )


def _organisatie(organisatie_id: int) -> Organisatie:
    """The organisation whose name and gemeenten a print shows: most often the user's own,
    which the login already read."""
    eigen = current_user.organisatie
    return eigen if eigen.id == organisatie_id else Organisatie.get_by_id(organisatie_id)


@dataclass(frozen=True)
class Vastlegging:
    """Who fixed a stored print's content and when: its footer, instead of who printed it."""

    op: datetime.datetime | None
    door: str


def _vastgelegd(
    sleutel: str,
    template: str,
    *,
    titel: str,
    onderwerp: str,
    klant,
    organisatie,
    vastgelegd: Vastlegging,
    inhoud: tuple,
    log: dict,
    context: Callable[[], dict],
) -> bytes:
    """The stored copy while nothing printed on it changed, else a new one rendered and
    stored; either way the print is logged. The caller checked access first. `inhoud` is
    what the fingerprint is made of; `context`, the template's data, is only asked for when
    the print is rendered. The footer is not part of the fingerprint: it says when the
    content was fixed, not when it is printed."""
    gemeenten = organisatie.gemeentenamen()
    opmaak = (sleutel, template, titel, onderwerp, organisatie.naam, gemeenten)
    afdruk = afdrukken.vingerafdruk(*opmaak, afdrukken.rij(klant), inhoud)
    pdf = afdrukken.bewaard(sleutel, afdruk)
    nieuw = None
    if pdf is None:
        nieuw = pdf = maak_afdruk(
            template,
            titel=titel,
            onderwerp=onderwerp,
            organisatie=organisatie,
            gemeenten=gemeenten,
            vastgelegd=vastgelegd,
            klant=klant,
            **context(),
        )
    with db.atomic():  # rendering stays outside: it would hold SQLite's writer lock
        if nieuw is not None:
            afdrukken.bewaar(sleutel, klant, afdruk, nieuw, vastgelegd.op or clock.now())
        audit.log("printen", klant_id=klant.id, **log)
    return pdf


def maak_afdruk(
    template: str,
    *,
    titel: str,
    onderwerp: str,
    organisatie,
    gemeenten: list[str] | None = None,
    vastgelegd: Vastlegging | None = None,
    **context,
) -> bytes:
    """A PDF/A of a print template. With `vastgelegd` its footer says when and by whom the
    content was fixed, and nothing of who prints it goes in (the copy is served to others);
    without it, when and by whom it is printed."""
    afdrukker = {} if vastgelegd else {"geprint_op": clock.now(), "afdrukker": current_user.naam}
    html = render_template(
        template,
        titel=titel,
        organisatie=organisatie,
        gemeenten=organisatie.gemeentenamen() if gemeenten is None else gemeenten,
        treden=treden.TREDEN,
        vastgelegd=vastgelegd,
        **afdrukker,
        **context,
    )
    return render_pdf(
        html,
        title=titel,
        author=organisatie.naam,
        subject=onderwerp,
        fetcher=StaticFetcher(current_app.static_folder),
    )


def pdf_antwoord(data: bytes, naam: str):
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@bp.route("/klanten/<int:klant_id>/inzage.pdf")
def inzage_pdf(klant_id: int):
    """Everything stored about the klant, on paper (AVG art. 15), from the same data as JSON."""
    from services.privacy import inzage_opvragen

    klant, data = inzage_opvragen(klant_id, "PDF")
    pdf = maak_afdruk(
        "pdf/inzage.html",
        titel=f"Inzage participatieladder – {klant.volledige_naam}",
        onderwerp="Inzage in persoonsgegevens (art. 15 AVG)",
        klant=klant,
        organisatie=klant.organisatie,
        data=data,
    )
    return pdf_antwoord(pdf, bestandsnaam("inzage", klant.achternaam, clock.today().isoformat()))
