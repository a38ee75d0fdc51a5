"""The audit log viewer of the beheerder: filter, read, export. Nobody can change it."""

import datetime

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from exchange import schrijvers
from forms.audit import AuditFilterForm
from models import Auditregel, Gebruiker, Klant, db
from services import audit
from services.auth import roles_required

MAX_PAGINA = 10**9  # beyond that OFFSET no longer fits the database integer

bp = Blueprint("audit", __name__, url_prefix="/beheer/audit")

PER_PAGINA = 100


def _regels(form: AuditFilterForm):
    """Lines about this organisation: by its users, or about its klanten (also by partners)."""
    eigen_klanten = Klant.select(Klant.id).where(Klant.organisatie == current_user.organisatie_id)
    query = Auditregel.select().where(
        (Auditregel.organisatie_id == current_user.organisatie_id)
        | Auditregel.klant_id.in_(eigen_klanten)
    )
    if form.bsn.data:
        klant = Klant.get_or_none(
            (Klant.bsn == form.bsn.data) & (Klant.organisatie == current_user.organisatie_id)
        )
        query = query.where(Auditregel.klant_id == (klant.id if klant else -1))
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
    gebruikers = Gebruiker.select().where(Gebruiker.organisatie == current_user.organisatie_id)
    return AuditFilterForm(request.args, gebruikers=gebruikers.order_by(Gebruiker.naam))


@bp.route("")
@roles_required("beheerder")
def overzicht():
    """The audit log of the organisation, newest first, filtered."""
    form = _form()
    geldig = form.validate()
    pagina = min(max(request.args.get("pagina", 1, type=int) or 1, 1), MAX_PAGINA)
    regels = _regels(form).paginate(pagina, PER_PAGINA) if geldig else []
    return render_template(
        "beheer/audit.html", form=form, regels=regels, pagina=pagina, per_pagina=PER_PAGINA
    ), (200 if geldig else 422)


@bp.route("/export.csv")
@roles_required("beheerder")
def export():
    """The filtered audit log as CSV (UTF-8 with BOM, ; separated, for Dutch Excel)."""
    form = _form()
    if not form.validate():
        return overzicht()
    inhoud = schrijvers.schrijf_csv(KOLOMMEN, map(_csv_rij, _regels(form).iterator()))
    with db.atomic():
        audit.log("exporteren", object_type="auditlog", omschrijving="auditlog geëxporteerd")
    return Response(
        inhoud,
        mimetype=schrijvers.CSV_MIMETYPE,
        headers={"Content-Disposition": 'attachment; filename="auditlog.csv"'},
    )


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
