"""Partner access to a klant, and the judgement of partner metingen by the klant's own
organisation (the check on mutations of seeds/002 §1.4)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.toegang import BeoordelingForm, ToegangForm
from models import Klant, Meting, Organisatie, Toegang, db
from models.organisatie import GEMEENTELIJKE_SOORTEN
from services import audit, clock, metingen
from services.samenvatting import samenvatting
from services.toegang import klant_of_404, mag_beheren_voor_klant, meting_of_404, weiger

bp = Blueprint("toegang", __name__)


@bp.before_request
@login_required
def _login():
    """Every page here needs a login."""


def _beheerbare_klant(klant_id: int) -> Klant:
    klant = klant_of_404(klant_id)
    if not mag_beheren_voor_klant(klant):
        weiger("toegang", klant_id, klant_id=klant_id)
    return klant


def _partners():
    return (
        Organisatie.select()
        .where(
            (Organisatie.id != current_user.organisatie_id)
            & Organisatie.soort.not_in(GEMEENTELIJKE_SOORTEN)
        )
        .order_by(Organisatie.naam)
    )


@bp.route("/klanten/<int:klant_id>/toegang", methods=["GET", "POST"])
def toegang(klant_id: int):
    """List and grant the partner organisations' access to this klant."""
    klant = _beheerbare_klant(klant_id)
    form = ToegangForm(partners=_partners(), data={"begindatum": clock.today()})
    if request.method == "POST":
        form.process(request.form)
    if request.method == "POST" and form.validate():
        with db.atomic():
            rij = Toegang.create(
                klant=klant,
                organisatie=int(form.organisatie.data),
                begindatum=form.begindatum.data,
                einddatum=form.einddatum.data,
                verleend_door=current_user.id,
                aangemaakt=clock.now(),
            )
            audit.log(
                "aanmaken",
                object_type="toegang",
                object_id=rij.id,
                klant_id=klant.id,
                omschrijving=f"toegang voor {rij.organisatie.naam}",
            )
        flash(f"{rij.organisatie.naam} heeft nu toegang tot deze klant.", "succes")
        return redirect(url_for("toegang.toegang", klant_id=klant.id), code=303)
    rijen = klant.toegangen.order_by(Toegang.begindatum.desc())
    return render_template(
        "klanten/toegang.html", klant=klant, form=form, rijen=rijen, vandaag=clock.today()
    ), (422 if form.errors else 200)


@bp.route("/klanten/<int:klant_id>/toegang/<int:toegang_id>/intrekken", methods=["POST"])
def intrekken(klant_id: int, toegang_id: int):
    """Withdraw a partner's access at once."""
    klant = _beheerbare_klant(klant_id)
    rij = Toegang.get_or_none((Toegang.id == toegang_id) & (Toegang.klant == klant))
    if rij is None:
        weiger("toegang", toegang_id, klant_id=klant.id)
    with db.atomic():
        Toegang.update(ingetrokken=clock.now()).where(Toegang.id == rij.id).execute()
        audit.log(
            "wijzigen",
            object_type="toegang",
            object_id=rij.id,
            klant_id=klant.id,
            omschrijving="toegang ingetrokken",
        )
    flash(f"De toegang van {rij.organisatie.naam} is ingetrokken.", "succes")
    return redirect(url_for("toegang.toegang", klant_id=klant.id), code=303)


@bp.route("/beoordelen")
def te_beoordelen():
    """The partner metingen waiting for this organisation's judgement."""
    if current_user.rol not in ("klantmanager", "intaker"):
        weiger("pagina", request.path)
    rijen = (
        Meting.select(Meting, Klant)
        .join(Klant)
        .where(
            (Meting.status == "ter_beoordeling")
            & (Klant.organisatie == current_user.organisatie_id)
        )
        .order_by(Meting.definitief_op)
    )
    return render_template("toegang/te_beoordelen.html", rijen=rijen)


@bp.route("/metingen/<int:meting_id>/beoordeel", methods=["GET", "POST"])
def beoordeel(meting_id: int):
    """Accept or reject a partner's meting; only then does it count."""
    meting = meting_of_404(meting_id)
    if not mag_beheren_voor_klant(meting.klant) or meting.status != "ter_beoordeling":
        weiger("meting", meting_id, klant_id=meting.klant_id)
    form = BeoordelingForm()
    if not form.is_submitted():
        # The review page shows the partner's whole meting of the klant.
        with db.atomic():
            audit.log(
                "inzien",
                object_type="meting",
                object_id=meting.id,
                klant_id=meting.klant_id,
                omschrijving="partnermeting ter beoordeling geopend",
            )
    if form.validate_on_submit():
        try:
            metingen.beoordeel(
                meting,
                current_user._get_current_object(),
                akkoord=form.besluit.data == "accepteren",
                reden=(form.reden.data or "").strip(),
            )
        except metingen.MetingFout as fout:
            form.form_errors.append(str(fout))
        else:
            flash("Uw besluit is opgeslagen.", "succes")
            return redirect(url_for("metingen.toon", meting_id=meting.id), code=303)
    return render_template(
        "toegang/beoordeel.html",
        meting=meting,
        klant=meting.klant,
        form=form,
        overzicht=samenvatting(meting),
    ), (422 if form.errors else 200)
