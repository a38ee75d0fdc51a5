"""The meting: started from the klant page, answered page by page, saved as history."""

import functools

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.meting import ControleForm, NieuweMetingForm
from ladder import gesprek
from models import Meting, Traject, db
from models.base import id_uit_tekst
from services import audit, metingen
from services.samenvatting import samenvatting
from services.toegang import (
    alleen_metende_rollen,
    klant_of_404,
    mag_beheren_voor_klant,
    mag_meten,
    meting_of_404,
    zichtbare_trajecten,
)
from views.meting_stappen import STAPPEN, TITELS, _controle_form, gesprek_pagina, invoerder_is

bp = Blueprint("metingen", __name__)


@bp.before_request
@login_required
def _login():
    """Every meting page needs a login."""


def _url(meting: Meting, stap: str | None = None) -> str:
    if meting.status != "concept":
        return url_for("metingen.toon", meting_id=meting.id)
    stap = stap or gesprek.volgende_stap(meting.stand)
    return url_for("metingen.stap", meting_id=meting.id, stap=stap)


@bp.route("/klanten/<int:klant_id>/metingen", methods=["POST"])
@alleen_metende_rollen
def start(klant_id: int):
    """Start a meting, or resume this user's open one; a re-post opens the same one."""
    klant = klant_of_404(klant_id)
    form = NieuweMetingForm()
    if not form.validate_on_submit():
        abort(400)
    uitkomst = metingen.begin(
        klant,
        current_user._get_current_object(),
        token=form.token.data,
        traject=_zichtbaar_traject(klant, form.traject.data),
    )
    if uitkomst.melding:
        flash(uitkomst.melding, "info")
    return redirect(_url(uitkomst.meting), code=303)


def _zichtbaar_traject(klant, traject_id: str) -> Traject | None:
    """The traject a meting was started from, if the user may see it."""
    nummer = id_uit_tekst(traject_id)
    if nummer is None:
        return None
    return zichtbare_trajecten(klant).where(Traject.id == nummer).first()


@bp.route("/metingen/<int:meting_id>/stap/<stap>", methods=["GET", "POST"])
@alleen_metende_rollen
def stap(meting_id: int, stap: str):
    """One page of the conversation: show it, or save its answer and go to the next."""
    meting = meting_of_404(meting_id)
    if meting.status != "concept" or not invoerder_is(meting):
        flash("Deze meting is al opgeslagen.", "info")
        return redirect(_url(meting), code=303)
    _bekende_relaties(meting)
    if stap == gesprek.CONTROLE:
        return _controle(meting)
    if stap not in STAPPEN or not gesprek.is_bereikbaar(meting.stand, stap):
        return redirect(_url(meting), code=303)
    handler = STAPPEN[stap]
    form = handler.form(meting)
    if request.method == "POST":
        form.process(request.form)
    if request.method == "POST" and form.validate():
        if melding := handler.save(meting, form):
            flash(melding, "info")
        return redirect(_url(meting), code=303)
    return _render_stap(meting, stap, handler.template, form, **handler.context(meting))


def _bekende_relaties(meting: Meting) -> None:
    """The invoerder of a concept, on its own pages, is the user, and its organisation and
    usually the klant's are the user's too (read with the session): no query for each."""
    gebruiker = current_user._get_current_object()
    if meting.invoerder_id == gebruiker.id:
        meting.invoerder = gebruiker
    if meting.organisatie_id == gebruiker.organisatie_id:
        meting.organisatie = gebruiker.organisatie
    if meting.klant.organisatie_id == gebruiker.organisatie_id:
        meting.klant.organisatie = gebruiker.organisatie


def _render_stap(meting: Meting, stap: str, template: str, form, **context):
    return gesprek_pagina(
        meting.stand,
        stap,
        template,
        form,
        overzicht=context.pop("overzicht", None) or samenvatting(meting),
        # Several lines of the transcript link to the same page: each address built once.
        stap_url=functools.cache(
            lambda stap: url_for("metingen.stap", meting_id=meting.id, stap=stap)
        ),
        begin_url=url_for("klanten.klant", klant_id=meting.klant_id),
        meting=meting,
        klant=meting.klant,
        **context,
    )


def _controle(meting: Meting):
    if gesprek.volgende_stap(meting.stand) != gesprek.CONTROLE:
        return redirect(_url(meting), code=303)
    form = _controle_form(meting)
    if request.method == "POST":
        form = ControleForm(request.form, correctie=bool(meting.corrigeert_id))
    if request.method == "POST" and form.validate():
        try:
            status = metingen.opslaan(
                meting, current_user._get_current_object(), form.correctiereden.data or ""
            )
        except metingen.MetingFout as fout:
            form.form_errors.extend(_op_de_controlepagina(fout))
        else:
            if status == "ter_beoordeling":
                flash("De meting is opgeslagen en wacht op beoordeling door de gemeente.", "succes")
            else:
                flash("De meting is opgeslagen.", "succes")
            return redirect(url_for("metingen.toon", meting_id=meting.id), code=303)
    return _render_stap(
        meting, gesprek.CONTROLE, "metingen/controle.html", form, overzicht=samenvatting(meting)
    )


# The page of the conversation where each field of a meting is answered.
PAGINA_VAN_VELD = {
    "uitstroomreden": gesprek.KENMERKEN,
    "volgende_meetdatum": gesprek.KENMERKEN,
    "code_toelichting": gesprek.MEETMOMENT,
    "antwoorden": gesprek.MEETMOMENT,
    "groeipotentieel": gesprek.GROEIPOTENTIEEL,
}


def _op_de_controlepagina(fout: metingen.MetingFout) -> list[str]:
    """The check page cannot show a field of another page: it says where to change it.
    (The rules are checked on each page too; a concept left in a stale state earlier, or
    changed from another window, is caught here rather than saved.)"""
    meldingen = [m for m in fout.meldingen if m not in dict(fout.velden).values()]
    for veld, melding in fout.velden:
        pagina = PAGINA_VAN_VELD.get(veld)
        meldingen.append(f"{melding} Pas dit aan bij {TITELS[pagina]}." if pagina else melding)
    return meldingen


@bp.route("/metingen/<int:meting_id>")
def toon(meting_id: int):
    """The saved meting, as it will be printed."""
    meting = meting_of_404(meting_id)
    if meting.status == "concept":
        return redirect(_url(meting), code=303)
    with db.atomic():
        audit.log("inzien", object_type="meting", object_id=meting.id, klant_id=meting.klant_id)
    return render_template(
        "metingen/meting.html",
        meting=meting,
        klant=meting.klant,
        overzicht=samenvatting(meting),
        mag_meten=mag_meten(),
        mag_beoordelen=mag_beheren_voor_klant(meting.klant),
        form=NieuweMetingForm(),
        print_url=url_for("pdf.dossierblad", meting_id=meting.id),
    )


@bp.route("/metingen/<int:meting_id>/corrigeer", methods=["POST"])
@alleen_metende_rollen
def corrigeer(meting_id: int):
    """Start a correction: a new concept prefilled from this meting."""
    meting = meting_of_404(meting_id)
    try:
        uitkomst = metingen.corrigeer(meting, current_user._get_current_object())
    except metingen.MetingFout as fout:
        flash(str(fout), "info")
        return redirect(_url(meting), code=303)
    if uitkomst.melding:
        flash(uitkomst.melding, "info")
    if not uitkomst.nieuw:
        return redirect(_url(uitkomst.meting), code=303)
    kopie = uitkomst.meting
    return redirect(url_for("metingen.stap", meting_id=kopie.id, stap=gesprek.CONTROLE), code=303)
