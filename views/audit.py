"""The audit log viewer of the beheerder: filter, read, export. Nobody can change it."""

import datetime

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from exchange import schrijvers
from exchange.export import tijdelijk_bestand
from forms.audit import AuditFilterForm
from models import Auditregel, AuditregelKlant, Gebruiker, Klant, db
from models.base import id_uit_tekst
from services import audit
from services.auth import roles_required
from views.download import download

MAX_PAGINA = 10**9  # beyond that OFFSET no longer fits the database integer

bp = Blueprint("audit", __name__, url_prefix="/beheer/audit")

PER_PAGINA = 100


def _regels(form: AuditFilterForm, klant_id: int | None):
    """Lines about this organisation: by its users, or about its klanten (also by partners,
    and bulk reads such as searches and exports that showed one of its klanten)."""
    eigen_klanten = Klant.select(Klant.id).where(Klant.organisatie == current_user.organisatie_id)
    in_bulk = AuditregelKlant.select(AuditregelKlant.auditregel_id).where(
        AuditregelKlant.klant_id.in_(eigen_klanten)
    )
    query = Auditregel.select().where(
        (Auditregel.organisatie_id == current_user.organisatie_id)
        | Auditregel.klant_id.in_(eigen_klanten)
        | Auditregel.id.in_(in_bulk)
    )
    if klant_id is not None:
        over_klant = AuditregelKlant.select(AuditregelKlant.auditregel_id).where(
            AuditregelKlant.klant_id == klant_id
        )
        query = query.where((Auditregel.klant_id == klant_id) | Auditregel.id.in_(over_klant))
    if form.gebruiker.data:
        query = query.where(Auditregel.gebruiker_id == int(form.gebruiker.data))
    if form.actie.data:
        query = query.where(Auditregel.actie == form.actie.data)
    if form.van.data:
        query = query.where(
            Auditregel.tijdstip >= datetime.datetime.combine(form.van.data, datetime.time())
        )
    if form.tot.data:
        # Up to and including that day (31-12-9999 has no next day: then up to its end).
        einde = datetime.datetime.combine(form.tot.data, datetime.time.max)
        query = query.where(Auditregel.tijdstip <= einde)
    return query.order_by(Auditregel.tijdstip.desc(), Auditregel.id.desc())


def _form() -> AuditFilterForm:
    """The filter: posted (the BSN travels only in a POST body), or from the query string,
    where a BSN is never read: it would stand in browser history and proxy logs."""
    gebruikers = Gebruiker.select().where(Gebruiker.organisatie == current_user.organisatie_id)
    gebruikers = gebruikers.order_by(Gebruiker.naam)
    if request.method == "POST":
        return AuditFilterForm(gebruikers=gebruikers)
    args = request.args.copy()
    args.pop("bsn", None)
    return AuditFilterForm(args, gebruikers=gebruikers, meta={"csrf": False})


def _geldig(form: AuditFilterForm) -> bool:
    return form.validate_on_submit() if request.method == "POST" else form.validate()


def _klant_id(form: AuditFilterForm) -> int | None:
    """The own organisation's klant named by the posted BSN or by ?klant=<id>; 0 matches
    nothing (a BSN of no klant of this organisation shows no lines, as any unknown BSN)."""
    if request.method == "POST":
        if not form.bsn.data:
            return None
        klant = Klant.met_bsn(current_user.organisatie_id, form.bsn.data)
        return klant.id if klant else 0
    return id_uit_tekst(request.args.get("klant"))


@bp.route("", methods=["GET", "POST"])
@roles_required("beheerder")
def overzicht():
    """The audit log of the organisation, newest first, filtered."""
    form = _form()
    geldig = _geldig(form)
    klant_id = _klant_id(form) if geldig else None
    if geldig and request.method == "POST":
        filters = {k: v for k, v in request.form.items() if k not in ("bsn", "csrf_token")}
        if klant_id is not None:
            filters["klant"] = klant_id
        return redirect(url_for("audit.overzicht", **filters), code=303)
    pagina = min(max(request.args.get("pagina", 1, type=int) or 1, 1), MAX_PAGINA)
    regels = _regels(form, klant_id).paginate(pagina, PER_PAGINA) if geldig else []
    return render_template(
        "beheer/audit.html",
        form=form,
        regels=regels,
        pagina=pagina,
        per_pagina=PER_PAGINA,
        klant_id=klant_id,
        bsn_in_adres="bsn" in request.args,
    ), (200 if geldig else 422)


@bp.route("/export.csv", methods=["GET", "POST"])
@roles_required("beheerder")
def export():
    """The filtered audit log as CSV (UTF-8 with BOM, ; separated, for Dutch Excel)."""
    form = _form()
    if not _geldig(form):
        return overzicht()
    klant_id = _klant_id(form)
    regels = map(_csv_rij, _regels(form, klant_id).iterator())
    # Years of lines can make a large file: on disk, as the export of the metingen.
    with tijdelijk_bestand() as uit:
        schrijvers.schrijf_csv_naar(uit, KOLOMMEN, regels)
        with db.atomic():
            audit.log("exporteren", object_type="auditlog", omschrijving="auditlog geëxporteerd")
        return download(uit, schrijvers.CSV_MIMETYPE, "auditlog.csv")


KOLOMMEN = (
    "tijdstip (UTC)",
    "gebruiker",
    "organisatie",
    "actie",
    "object",
    "object-id",
    "klant-id",
    "resultaat",
    "oorsprong",
    "omschrijving",
)


def _csv_rij(r: Auditregel) -> dict:
    # Names and descriptions come from users (a partner's beheerder names its users):
    # the exchange's CSV writer neutralises every text cell.
    waarden = (
        r.tijdstip.isoformat(sep=" ", timespec="seconds"),
        r.gebruiker_naam,
        r.organisatie_id,
        r.actie,
        r.object_type,
        r.object_id,
        r.klant_id,
        r.resultaat,
        r.oorsprong,
        r.omschrijving,
    )
    return dict(zip(KOLOMMEN, waarden, strict=True))
