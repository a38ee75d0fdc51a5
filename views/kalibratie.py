"""Kalibratie and intervisie (issue 15): the casusbank, rounds, placing a casus through the
pages of a meting, and the dubbelmeting of a klant. The work is in services/kalibratie.py."""

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.kalibratie import AfrondForm, CasusForm, DubbelmetingenForm, RondeForm
from forms.meting import BevestigForm
from ladder import gesprek, treden
from models import Casus, Kalibratieantwoord, Kalibratieronde, Team, db
from services import audit, kalibratie
from services.auth import weiger_rol
from services.grafiek import alpha_grafiek
from services.pdf import bestandsnaam
from services.samenvatting import samenvatting_plaatsing
from services.toegang import alleen_metende_rollen, klant_of_404, weiger
from views.meting_stappen import (
    Stap,
    gesprek_pagina,
    groei_context,
    groei_form,
    uitkomst_context,
    vraag_stap,
)
from views.pdf import maak_afdruk, pdf_antwoord

bp = Blueprint("kalibratie", __name__, url_prefix="/kalibratie")
dubbel = Blueprint("dubbelmeting", __name__)


@bp.before_request
@login_required
def _login():
    """Kalibratie is for those who place klanten, and for who coordinates it."""
    if not (current_user.rol in kalibratie.DEELNEMENDE_ROLLEN or _coordinator()):
        weiger_rol("kalibratie", request.path)


def _coordinator() -> bool:
    return kalibratie.mag_coordineren(current_user)


def _alleen_coordinator() -> None:
    if not _coordinator():
        weiger_rol("kalibratie", request.path)


def _gebruiker():
    return current_user._get_current_object()


def _casus_of_404(casus_id: int) -> Casus:
    casus = Casus.get_or_none(
        (Casus.id == casus_id) & (Casus.organisatie == current_user.organisatie_id)
    )
    if casus is None:
        weiger("casus", casus_id)
    return casus


def _ronde_of_404(ronde_id: int) -> Kalibratieronde:
    """A round the user coordinates (same organisation, coordinating right) or takes part in."""
    ronde = Kalibratieronde.get_or_none(Kalibratieronde.id == ronde_id)
    if ronde is None or not (
        (ronde.organisatie_id == current_user.organisatie_id and _coordinator())
        or kalibratie.is_deelnemer(ronde, current_user)
    ):
        weiger("kalibratieronde", ronde_id)
    return ronde


def _mag_ronde_beheren(ronde: Kalibratieronde) -> bool:
    return ronde.organisatie_id == current_user.organisatie_id and _coordinator()


# --- overview ---


@bp.route("/")
def index():
    rondes = kalibratie.rondes_voor(current_user)
    eigen_voortgang = {r.id: _eigen_voortgang(r) for r in rondes}
    verloop = kalibratie.verloop(current_user.organisatie) if _coordinator() else []
    return render_template(
        "kalibratie/index.html",
        rondes=rondes,
        eigen_voortgang=eigen_voortgang,
        coordinator=_coordinator(),
        organisatie_rondes=kalibratie.rondes_van(current_user.organisatie)
        if _coordinator()
        else [],
        verloop=verloop,
        grafiek=alpha_grafiek(verloop),
    )


def _eigen_voortgang(ronde: Kalibratieronde) -> tuple[int, int]:
    casussen = kalibratie.casussen_van(ronde)
    klaar = (
        Kalibratieantwoord.select()
        .where(
            (Kalibratieantwoord.ronde == ronde)
            & (Kalibratieantwoord.gebruiker == current_user.id)
            & Kalibratieantwoord.klaar_op.is_null(False)
        )
        .count()
    )
    return klaar, len(casussen)


# --- the casusbank ---


@bp.route("/casussen")
def casussen():
    _alleen_coordinator()
    return render_template(
        "kalibratie/casussen.html", casussen=kalibratie.casusbank(current_user.organisatie)
    )


@bp.route("/casussen/nieuw", methods=["GET", "POST"])
def casus_nieuw():
    _alleen_coordinator()
    return _casus_formulier(None)


@bp.route("/casussen/<int:casus_id>", methods=["GET", "POST"])
def casus(casus_id: int):
    _alleen_coordinator()
    return _casus_formulier(_casus_of_404(casus_id))


def _casus_formulier(casus: Casus | None):
    form = CasusForm(obj=casus) if request.method == "GET" else CasusForm()
    if form.validate_on_submit():
        try:
            opgeslagen = kalibratie.bewaar_casus(
                current_user.organisatie,
                _gebruiker(),
                # A starter case's text is the instrument's: only its availability changes.
                casus.titel if casus and casus.code else form.titel.data or "",
                casus.tekst if casus and casus.code else form.tekst.data or "",
                casus=casus,
                actief=bool(form.actief.data),
            )
        except kalibratie.KalibratieFout as fout:
            for veld, melding in fout.velden:
                form[veld].errors.append(melding)
        else:
            flash("De casus is opgeslagen.", "succes")
            return redirect(url_for("kalibratie.casus", casus_id=opgeslagen.id), code=303)
    return render_template(
        "kalibratie/casus.html",
        form=form,
        casus=casus,
        referentie=_label(casus.referentie_trede, casus.referentie_groeipotentieel)
        if casus
        else "",
    ), (422 if form.errors else 200)


def _label(trede, groei) -> str:
    return treden.label(trede, groei) if trede is not None else ""


@bp.route("/casussen/<int:casus_id>/referentie", methods=["POST"])
def referentie(casus_id: int):
    """Give (or give again) the casus's reference answer through the conversation."""
    _alleen_coordinator()
    casus = _casus_of_404(casus_id)
    if not BevestigForm().validate_on_submit():
        abort(400)
    antwoord = kalibratie.referentie_antwoord(casus, _gebruiker())
    return redirect(_stap_url(antwoord), code=303)


# --- rounds ---


@bp.route("/rondes/nieuw", methods=["GET", "POST"])
def ronde_nieuw():
    _alleen_coordinator()
    organisatie = current_user.organisatie
    beschikbaar = [c for c in kalibratie.casusbank(organisatie) if c.actief]
    deelnemers = list(kalibratie.mogelijke_deelnemers(organisatie))
    teams = list(Team.select().where(Team.organisatie == organisatie).order_by(Team.naam))
    form = RondeForm(casussen=beschikbaar, deelnemers=deelnemers, teams=teams)
    if form.validate_on_submit():
        try:
            ronde = kalibratie.open_ronde(
                organisatie,
                _gebruiker(),
                form.naam.data or "",
                [int(c) for c in form.casussen.data],
                [int(d) for d in form.deelnemers.data],
                [int(t) for t in form.teams.data],
            )
        except kalibratie.KalibratieFout as fout:
            for veld, melding in fout.velden:
                form[veld].errors.append(melding)
        else:
            flash("De ronde is geopend. De deelnemers zien haar bij Kalibratie.", "succes")
            return redirect(url_for("kalibratie.ronde", ronde_id=ronde.id), code=303)
    return render_template(
        "kalibratie/ronde_nieuw.html",
        form=form,
        casussen={str(c.id): c for c in beschikbaar},
    ), (422 if form.errors else 200)


@bp.route("/rondes/<int:ronde_id>")
def ronde(ronde_id: int):
    """The coordinator sees progress per deelnemer; a deelnemer sees the casussen to place."""
    ronde = _ronde_of_404(ronde_id)
    beheer = _mag_ronde_beheren(ronde)
    deelnemer = kalibratie.is_deelnemer(ronde, current_user)
    eigen = {}
    if deelnemer:
        eigen = {
            a.casus_id: a
            for a in Kalibratieantwoord.select().where(
                (Kalibratieantwoord.ronde == ronde)
                & (Kalibratieantwoord.gebruiker == current_user.id)
            )
        }
    return render_template(
        "kalibratie/ronde.html",
        ronde=ronde,
        beheer=beheer,
        deelnemer=deelnemer,
        casussen=kalibratie.casussen_van(ronde),
        eigen=eigen,
        voortgang=kalibratie.voortgang(ronde) if beheer else [],
        form=BevestigForm(),
    )


@bp.route("/rondes/<int:ronde_id>/casussen/<int:casus_id>", methods=["POST"])
def plaats(ronde_id: int, casus_id: int):
    """Begin (or go on with) placing a casus of the round."""
    ronde = _ronde_of_404(ronde_id)
    if not BevestigForm().validate_on_submit() or not kalibratie.is_deelnemer(ronde, current_user):
        abort(400)
    casus = next((c for c in kalibratie.casussen_van(ronde) if c.id == casus_id), None)
    if casus is None:
        weiger("casus", casus_id)
    try:
        antwoord = kalibratie.antwoord_in_ronde(ronde, casus, _gebruiker())
    except kalibratie.KalibratieFout as fout:
        flash(str(fout), "info")
        return redirect(url_for("kalibratie.ronde", ronde_id=ronde.id), code=303)
    return redirect(_stap_url(antwoord), code=303)


@bp.route("/rondes/<int:ronde_id>/sluiten", methods=["POST"])
def sluiten(ronde_id: int):
    ronde = _ronde_of_404(ronde_id)
    if not _mag_ronde_beheren(ronde):
        weiger_rol("kalibratieronde", request.path)
    if not BevestigForm().validate_on_submit():
        abort(400)
    try:
        kalibratie.sluit_ronde(ronde, _gebruiker())
    except kalibratie.KalibratieFout as fout:
        flash(str(fout), "info")
    else:
        flash("De ronde is gesloten. De uitslag is nu zichtbaar voor de deelnemers.", "succes")
    return redirect(url_for("kalibratie.ronde", ronde_id=ronde.id), code=303)


# --- the conversation of a placement: the pages of a meting, with other saves ---


def _vraag(code: str) -> Stap:
    def save(antwoord, form) -> None:
        kalibratie.beantwoord_vraag(antwoord, code, form.antwoord.data == "ja")

    return replace(vraag_stap(code), save=save)


STAPPEN: dict[str, Stap] = {
    **{code: _vraag(code) for code in gesprek.vragen.VRAGEN},
    gesprek.UITKOMST: Stap(
        "metingen/uitkomst.html",
        lambda a: BevestigForm(),
        lambda a, f: kalibratie.bevestig_uitkomst(a),
        uitkomst_context,
    ),
    gesprek.GROEIPOTENTIEEL: Stap(
        "metingen/groeipotentieel.html",
        groei_form,
        lambda a, f: kalibratie.beantwoord_groeivraag(a, f.antwoord.data == "ja"),
        groei_context,
    ),
}


def _stap_url(antwoord: Kalibratieantwoord, stap: str | None = None) -> str:
    stap = stap or gesprek.volgende_stap(antwoord.stand)
    return url_for("kalibratie.stap", antwoord_id=antwoord.id, stap=stap)


def _terug_url(antwoord: Kalibratieantwoord) -> str:
    if antwoord.klant_id:
        return url_for("klanten.klant", klant_id=antwoord.klant_id)
    if antwoord.ronde_id:
        return url_for("kalibratie.ronde", ronde_id=antwoord.ronde_id)
    return url_for("kalibratie.casus", casus_id=antwoord.casus_id)


def _eigen_antwoord_of_404(antwoord_id: int) -> Kalibratieantwoord:
    """Only the one who gives an answer sees it while it is being given."""
    antwoord = Kalibratieantwoord.get_or_none(
        (Kalibratieantwoord.id == antwoord_id) & (Kalibratieantwoord.gebruiker == current_user.id)
    )
    if antwoord is None:
        weiger("kalibratieantwoord", antwoord_id)
    return antwoord


@bp.route("/antwoorden/<int:antwoord_id>/stap/<stap>", methods=["GET", "POST"])
def stap(antwoord_id: int, stap: str):
    antwoord = _eigen_antwoord_of_404(antwoord_id)
    if antwoord.klant_id:
        klant_of_404(antwoord.klant_id)  # access to the klant may have ended meanwhile
    if antwoord.is_klaar or (antwoord.ronde_id and not antwoord.ronde.is_open):
        flash("Dit antwoord is afgerond; het kan niet meer worden gewijzigd.", "info")
        return redirect(_terug_url(antwoord), code=303)
    if stap == gesprek.CONTROLE:
        return _controle(antwoord)
    if stap not in STAPPEN or not gesprek.is_bereikbaar(antwoord.stand, stap):
        return redirect(_stap_url(antwoord), code=303)
    handler = STAPPEN[stap]
    form = handler.form(antwoord)
    if request.method == "POST":
        form.process(request.form)
    if request.method == "POST" and form.validate():
        try:
            handler.save(antwoord, form)
        except kalibratie.KalibratieFout as fout:
            flash(str(fout), "info")
            return redirect(_terug_url(antwoord), code=303)
        return redirect(_stap_url(antwoord), code=303)
    return _render_stap(antwoord, stap, handler.template, form, **handler.context(antwoord))


def _controle(antwoord: Kalibratieantwoord):
    if gesprek.volgende_stap(antwoord.stand) != gesprek.CONTROLE:
        return redirect(_stap_url(antwoord), code=303)
    form = AfrondForm()
    if antwoord.ronde_id is None and antwoord.casus_id is not None:
        form.toelichting.description = (
            "Waarom is dit het juiste antwoord? De deelnemers zien deze toelichting bij de "
            "uitslag van een ronde."
        )
    if form.validate_on_submit():
        try:
            kalibratie.rond_af(antwoord, _gebruiker(), form.toelichting.data or "")
        except kalibratie.KalibratieFout as fout:
            form.form_errors.append(str(fout))
        else:
            flash(_afgerond(antwoord), "succes")
            return redirect(_terug_url(antwoord), code=303)
    return _render_stap(
        antwoord,
        gesprek.CONTROLE,
        "kalibratie/controle.html",
        form,
        overzicht=samenvatting_plaatsing(antwoord),
    )


def _afgerond(antwoord: Kalibratieantwoord) -> str:
    if antwoord.klant_id:
        return "De dubbelmeting is opgeslagen. Zij telt niet mee in de rapportages."
    if antwoord.ronde_id is None:
        return "Het referentieantwoord is opgeslagen."
    return "Uw antwoord is opgeslagen. U ziet de uitslag als de ronde is gesloten."


def _render_stap(antwoord: Kalibratieantwoord, stap: str, template: str, form, **context):
    if antwoord.klant_id:  # the dubbelmeting shows a klant: personal data, logged
        with db.atomic():
            audit.log(
                "inzien",
                object_type="dubbelmeting",
                object_id=antwoord.id,
                klant_id=antwoord.klant_id,
            )
    return gesprek_pagina(
        antwoord.stand,
        stap,
        template,
        form,
        overzicht=context.pop("overzicht", None) or samenvatting_plaatsing(antwoord),
        stap_url=lambda s: _stap_url(antwoord, s),
        begin_url=_terug_url(antwoord),
        meting=antwoord,
        antwoord=antwoord,
        casus=antwoord.casus if antwoord.casus_id else None,
        klant=antwoord.klant if antwoord.klant_id else None,
        **context,
    )


# --- dubbelmeting: a second klantmanager places a real klant, as a check ---


@dubbel.route("/klanten/<int:klant_id>/dubbelmeting", methods=["POST"])
@login_required
@alleen_metende_rollen
def start(klant_id: int):
    klant = klant_of_404(klant_id)
    if not BevestigForm().validate_on_submit():
        abort(400)
    try:
        antwoord = kalibratie.begin_dubbelmeting(klant, _gebruiker())
    except kalibratie.KalibratieFout as fout:
        flash(str(fout), "info")
        return redirect(url_for("klanten.klant", klant_id=klant.id), code=303)
    if antwoord.is_klaar:
        flash("U heeft de dubbelmeting van deze klant al gedaan.", "info")
        return redirect(url_for("klanten.klant", klant_id=klant.id), code=303)
    return redirect(_stap_url(antwoord), code=303)


# --- results ---


@bp.route("/rondes/<int:ronde_id>/uitslag")
def uitslag(ronde_id: int):
    """After closing: agreement, per casus the spread and the question where paths part,
    anonymous answers; the viewer's own deviations only to the viewer."""
    ronde = _ronde_of_404(ronde_id)
    if ronde.is_open:
        flash("De uitslag is zichtbaar zodra de ronde is gesloten.", "info")
        return redirect(url_for("kalibratie.ronde", ronde_id=ronde.id), code=303)
    return render_template(
        "kalibratie/uitslag.html",
        ronde=ronde,
        uitslag=kalibratie.uitslag(ronde),
        afwijkingen=kalibratie.eigen_afwijkingen(ronde, current_user),
    )


@bp.route("/rondes/<int:ronde_id>/uitslag.pdf")
def uitslag_pdf(ronde_id: int):
    """The discussion sheet for the intervisie meeting: the anonymous results of a closed
    round, the same rows as the page, without anyone's own deviations (PDF/A, logged)."""
    ronde = _ronde_of_404(ronde_id)
    if ronde.is_open:  # nothing to discuss yet, and nothing may leak before closing
        flash("Het gespreksblad is er zodra de ronde is gesloten.", "info")
        return redirect(url_for("kalibratie.ronde", ronde_id=ronde.id), code=303)
    pdf = maak_afdruk(
        "pdf/gespreksblad.html",
        titel=f"Gespreksblad kalibratieronde – {ronde.naam}",
        onderwerp="Uitslag van een kalibratieronde, zonder namen, voor de intervisie",
        organisatie=ronde.organisatie,
        ronde=ronde,
        uitslag=kalibratie.uitslag(ronde),
    )
    with db.atomic():
        audit.log(
            "printen",
            object_type="kalibratieronde",
            object_id=ronde.id,
            omschrijving="gespreksblad",
            organisatie_id=ronde.organisatie_id,
        )
    gesloten = ronde.gesloten_op.date().isoformat() if ronde.gesloten_op else ""
    return pdf_antwoord(pdf, bestandsnaam("gespreksblad", ronde.naam, gesloten))


@bp.route("/dubbelmetingen")
def dubbelmetingen():
    """Coordinators: how often a dubbelmeting agreed with the meting it checked, optionally
    over a period of meetdata."""
    _alleen_coordinator()
    form = DubbelmetingenForm(request.args)
    uitkomst = None
    if form.validate():
        uitkomst = kalibratie.dubbelmetingen(current_user.organisatie, form.van.data, form.tot.data)
    return render_template("kalibratie/dubbelmetingen.html", form=form, uitkomst=uitkomst), (
        422 if form.errors else 200
    )
