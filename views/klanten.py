"""Finding, registering and viewing klanten."""

import json
import operator
import secrets
from functools import reduce

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.klant import KlantBewerkenForm, KlantForm, ZoekForm
from forms.meting import BevestigForm, NieuweMetingForm
from forms.validators import is_valid_bsn, normalise_bsn
from models import Gemeente, Klant, Meting, OrganisatieGemeente, db, is_sqlite
from models.base import id_uit_tekst
from models.zoeken import gevouwen, zoekvorm
from services import afdrukken, audit, clock, kalibratie
from services.grafiek import trede_grafiek
from services.privacy import inzage_opvragen
from services.toegang import (
    alleen_metende_rollen,
    klant_of_404,
    mag_beheren_voor_klant,
    mag_meten,
    trajecten_en_plaatsingen,
    zichtbare_klanten,
    zichtbare_trajecten,
)

bp = Blueprint("klanten", __name__, url_prefix="/klanten")


@bp.before_request
@login_required
def _login():
    """Every klant page needs a login and a role that works with klant data."""
    from services.toegang import mag_klanten_zien

    if not mag_klanten_zien():
        from services.toegang import weiger

        weiger("pagina", request.path)


@bp.route("", methods=["GET", "POST"])
def zoeken():
    """Search the visible klanten by BSN or name; the klanten shown are logged.

    The form posts, so a BSN never stands in a URL (browser history, proxy logs). A name in
    the query string (?q=) still works for links; a BSN there is not searched."""
    if request.method == "POST":
        form = ZoekForm()
        geldig = form.validate_on_submit() and bool(form.q.data)
    else:
        form = ZoekForm(request.args, meta={"csrf": False})
        geldig = bool(form.q.data) and form.validate()
        if geldig and _lijkt_op_bsn(form.q.data):
            form.q.errors.append(
                "Zoek op BSN met het formulier hieronder: dan komt het BSN niet in de adresbalk "
                "en de browsergeschiedenis."
            )
            form.q.data = ""
            geldig = False
    resultaten = list(_zoek(form.q.data).limit(50)) if geldig else None
    if resultaten:
        with db.atomic():
            audit.log(
                "inzien",
                object_type="zoekresultaat",
                klant_id=resultaten[0].id if len(resultaten) == 1 else None,
                omschrijving=f"klanten zoeken: {len(resultaten)} getoond met BSN en geboortedatum",
                klanten=[k.id for k in resultaten],
            )
    status = 422 if form.errors else 200
    return render_template("klanten/zoeken.html", form=form, resultaten=resultaten), status


def _lijkt_op_bsn(q: str) -> bool:
    return sum(ch.isdigit() for ch in q) >= 8


def _zoek(q: str):
    query = zichtbare_klanten().order_by(*Klant.dutch_order())
    if _lijkt_op_bsn(q) and is_valid_bsn(q):
        return query.where(Klant.bsn == normalise_bsn(q))
    # Case and accents do not matter, on both engines: "celik" finds Çelik.
    term, sqlite = zoekvorm(q), is_sqlite()
    volledig = Klant.tussenvoegsel.concat(" ").concat(Klant.achternaam)
    kolommen = (Klant.achternaam, Klant.voornaam, volledig)
    return query.where(reduce(operator.or_, (gevouwen(k, sqlite).contains(term) for k in kolommen)))


def _gemeenten():
    return (
        Gemeente.select()
        .join(OrganisatieGemeente)
        .where(OrganisatieGemeente.organisatie == current_user.organisatie_id)
        .order_by(Gemeente.naam)
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@alleen_metende_rollen
def nieuw():
    """Register a klant; a BSN this user can already see leads to that klant.

    Identity is per organisation: whether another organisation (or a partner) has a klant
    with this BSN is never looked up, so the answer cannot reveal it."""
    form = KlantForm(gemeenten=_gemeenten())
    if form.validate_on_submit():
        bestaand = _bekende_klant(form.bsn.data)
        if bestaand is None:
            with db.atomic():
                klant = Klant(organisatie=current_user.organisatie_id)
                form.populate_obj(klant)
                klant.gemeente = int(form.gemeente.data) if form.gemeente.data else None
                klant.klantmanager = current_user.id if current_user.rol == "klantmanager" else None
                klant.team = current_user.team_id
                klant.aangemaakt = klant.gewijzigd = clock.now()
                if klant.voeg_toe():
                    audit.log(
                        "aanmaken", object_type="klant", object_id=klant.id, klant_id=klant.id
                    )
            if klant.id is not None:
                flash(f"{klant.volledige_naam} is geregistreerd.", "succes")
                return redirect(url_for("klanten.klant", klant_id=klant.id), code=303)
            # A colleague registered the same BSN at the same moment.
            bestaand = Klant.met_bsn(current_user.organisatie_id, form.bsn.data)
        flash("Er bestaat al een klant met dit BSN. U ziet nu die klant.", "info")
        return redirect(url_for("klanten.klant", klant_id=bestaand.id), code=303)
    return render_template("klanten/nieuw.html", form=form), 422 if form.errors else 200


def _bekende_klant(bsn: str) -> Klant | None:
    """The own organisation's klant with this BSN, or one reached through a toegang."""
    eigen = Klant.met_bsn(current_user.organisatie_id, bsn)
    return eigen or zichtbare_klanten().where(Klant.bsn == bsn).first()


@bp.route("/<int:klant_id>")
def klant(klant_id: int):
    """The klant page: personal data, history of metingen, next meetmoment."""
    klant = klant_of_404(klant_id)
    historie = Meting.history_for(klant)
    concepten = Meting.open_concepts(klant, current_user) if mag_meten() else []
    # The history's first definitive meting is Meting.laatste_definitieve (the same order).
    laatste = next((m for m in historie if m.status == "definitief"), None)
    if klant.klantmanager_id == current_user.id:  # shown on the page: no query for it
        klant.klantmanager = current_user._get_current_object()
    trajecten, plaatsingen = trajecten_en_plaatsingen(klant) if mag_meten() else ([], [])
    with db.atomic():
        audit.log("inzien", object_type="klant", object_id=klant.id, klant_id=klant.id)
    return render_template(
        "klanten/klant.html",
        klant=klant,
        historie=historie,
        concepten=concepten,
        laatste=laatste,
        vandaag=clock.today(),
        grafiek=trede_grafiek([m for m in historie if m.status == "definitief"]),
        nieuwe_meting=NieuweMetingForm(token=secrets.token_urlsafe(24)),
        mag_meten=mag_meten(),
        # A second, independent placement by a colleague who did not make the meting.
        dubbelmeting=mag_meten() and kalibratie.kan_dubbelmeten(laatste, current_user),
        dubbelmeting_form=BevestigForm(),
        mag_beheren=mag_beheren_voor_klant(klant),
        trajecten=trajecten,
        plaatsingen=plaatsingen,
        traject_meting=_traject_voor_meting(klant, request.args.get("traject", "")),
    )


def _traject_voor_meting(klant, traject_id: str):
    """The traject just started or ended, so the page can offer its meting."""
    traject = id_uit_tekst(traject_id)
    if not (mag_meten() and traject is not None):
        return None
    from models import Traject

    return zichtbare_trajecten(klant).where(Traject.id == traject).first()


@bp.route("/<int:klant_id>/inzage.json")
def inzage_json(klant_id: int):
    """Everything stored about this klant, for an inzageverzoek (AVG art. 15)."""
    klant, data = inzage_opvragen(klant_id, "JSON")
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="inzage-klant-{klant.id}.json"'
    return response


@bp.route("/<int:klant_id>/bewerken", methods=["GET", "POST"])
def bewerken(klant_id: int):
    """Correct the personal data; two people editing at once cannot overwrite each other."""
    klant = klant_of_404(klant_id)
    if not mag_beheren_voor_klant(klant):
        from services.toegang import weiger

        weiger("klant", klant_id, klant_id=klant_id)
    form = KlantBewerkenForm(obj=klant, gemeenten=_gemeenten())
    if not form.is_submitted():
        form.versie.data = str(klant.versie)
        form.gemeente.data = str(klant.gemeente_id or "")
        # The form shows BSN and address: opening it is a read of personal data.
        with db.atomic():
            audit.log(
                "inzien",
                object_type="klant",
                object_id=klant.id,
                klant_id=klant.id,
                omschrijving="persoonsgegevens ter wijziging geopend",
            )
    if form.validate_on_submit():
        ander = Klant.met_bsn(klant.organisatie_id, form.bsn.data)
        if ander is not None and ander.id == klant.id:
            ander = None
        if ander is not None:
            form.bsn.errors.append("Er bestaat al een andere klant met dit BSN.")
        elif not _sla_klant_op(klant, form):
            klant = Klant.get_by_id(klant.id)
            form = KlantBewerkenForm(obj=klant, formdata=None, gemeenten=_gemeenten())
            form.versie.data = str(klant.versie)
            form.gemeente.data = str(klant.gemeente_id or "")
            form.form_errors.append(
                "Iemand anders heeft de gegevens van deze klant intussen gewijzigd. Hieronder "
                "staan de nieuwe gegevens; voer uw wijziging zo nodig opnieuw in."
            )
            return render_template("klanten/bewerken.html", form=form, klant=klant), 409
        else:
            flash("De gegevens van de klant zijn opgeslagen.", "succes")
            return redirect(url_for("klanten.klant", klant_id=klant.id), code=303)
    return render_template("klanten/bewerken.html", form=form, klant=klant), (
        422 if form.errors else 200
    )


def _sla_klant_op(klant: Klant, form) -> bool:
    """Update only if nobody saved since the form was opened (the versie column)."""
    velden = {
        name: form[name].data or ""
        for name in (
            "bsn",
            "voornaam",
            "voorletters",
            "tussenvoegsel",
            "achternaam",
            "geslacht",
            "adres",
            "postcode",
            "woonplaats",
        )
    }
    gemeente = int(form.gemeente.data) if form.gemeente.data else None
    versie_tekst = str(form.versie.data or "")
    versie = id_uit_tekst(versie_tekst)
    versie = -1 if versie is None else versie
    with db.atomic():
        updated = (
            Klant.update(
                **velden,
                geboortedatum=form.geboortedatum.data,
                gemeente=gemeente,
                gewijzigd=clock.now(),
                versie=Klant.versie + 1,
            )
            .where((Klant.id == klant.id) & (Klant.versie == versie))
            .execute()
        )
        if updated:
            afdrukken.vergeet(klant.id)  # no copy keeps the data as it was
            audit.log(
                "wijzigen",
                object_type="klant",
                object_id=klant.id,
                klant_id=klant.id,
                omschrijving="persoonsgegevens gewijzigd",
            )
    return updated == 1
