"""The meting: started from the klant page, answered page by page, saved as history."""

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.meting import ControleForm, NieuweMetingForm
from ladder import gesprek, treden, vragen
from models import Meting, MetingKenmerk, MetingSubgroep, Traject, db
from models.base import id_uit_tekst
from services import audit, clock
from services.samenvatting import samenvatting
from services.toegang import (
    klant_of_404,
    mag_beheren_voor_klant,
    mag_meten,
    meting_of_404,
    require_meten,
    zichtbare_trajecten,
)
from views.meting_stappen import STAPPEN, TITELS, _controle_form, invoerder_is

bp = Blueprint("metingen", __name__)

# Fields a new meting takes over from the klant's previous one, to be confirmed.
OVERNEMEN = (
    "inkomenssituatie",
    "startkwalificatie",
    "inburgeringsplichtig",
    "inburgeringsbehoeftig",
    "laaggeletterd",
    "vrijstelling_arbeidsplicht",
    "vrijstelling_inburgeringsplicht",
    "lopend_p_instrument",
    "nieuw_p_instrument",
    "klantmanager",
    "team",
    "afdeling",
)


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
def start(klant_id: int):
    """Start a meting, or resume this user's open one; a re-post opens the same one."""
    require_meten()
    klant = klant_of_404(klant_id)
    form = NieuweMetingForm()
    if not form.validate_on_submit():
        abort(400)
    bestaand = Meting.get_or_none(Meting.idempotentie_token == form.token.data)
    if bestaand is not None and bestaand.klant_id == klant.id:
        return redirect(_url(bestaand), code=303)
    concepten = Meting.open_concepts(klant, current_user)
    if concepten:
        return _hervat_bij_traject(concepten[0], form.traject.data)
    with db.atomic():
        meting = _nieuw_concept(
            klant,
            form.token.data,
            Meting.laatste_definitieve(klant),
            **_traject_velden(klant, form.traject.data),
        )
        audit.log(
            "aanmaken",
            object_type="meting",
            object_id=meting.id,
            klant_id=klant.id,
            omschrijving="meting begonnen",
        )
    return redirect(_url(meting), code=303)


def _hervat_bij_traject(concept: Meting, traject_id: str):
    """Resume the open concept (one per klant per user), without losing a traject's meting:
    an untouched concept measures the traject after all, otherwise the user is told why not."""
    velden = _traject_velden(concept.klant, traject_id) if traject_id else {}
    if not velden or concept.traject_id == velden["traject"]:
        return redirect(_url(concept), code=303)
    if _onaangeroerd(concept) and concept.traject_id is None:
        with db.atomic():
            for veld, waarde in velden.items():
                setattr(concept, veld, waarde)
            _p_instrument_kenmerken(concept)
            concept.gewijzigd = clock.now()
            concept.save()
            audit.log(
                "wijzigen",
                object_type="meting",
                object_id=concept.id,
                klant_id=concept.klant_id,
                omschrijving=f"open meting gekoppeld aan traject {concept.traject_id}",
            )
        flash(
            "U had al een meting van deze klant open. Die meting is nu de meting bij het "
            "traject; u gaat daarmee verder.",
            "info",
        )
    else:
        flash(
            "U heeft al een open meting van deze klant; u gaat daarmee verder. De meting bij "
            "het traject kunt u starten nadat u deze meting hebt opgeslagen.",
            "info",
        )
    return redirect(_url(concept), code=303)


def _onaangeroerd(concept: Meting) -> bool:
    """A concept still at its first page, with nothing answered, can take on a traject."""
    return (
        not concept.corrigeert_id
        and gesprek.volgende_stap(concept.stand) == gesprek.MEETMOMENT
        and not concept.antwoorden_dict
        and concept.trede is None
    )


def _traject_velden(klant, traject_id: str) -> dict:
    """A meting started from a traject measures its start or its end (seeds/001 §3.2)."""
    traject_nummer = id_uit_tekst(traject_id)
    traject = (
        zichtbare_trajecten(klant).where(Traject.id == traject_nummer).first()
        if traject_nummer is not None
        else None
    )
    if traject is None:
        return {}
    bij_start = traject.status == "lopend"
    return {
        "traject": traject.id,
        "aanleiding": "start_traject" if bij_start else "afronding_traject",
        "meetdatum": traject.begindatum if bij_start else traject.einddatum,
    }


def _p_instrument_kenmerken(meting: Meting) -> None:
    """Klantkenmerken 8 and 9 follow from the registered trajecten, where there are any."""
    trajecten = list(Traject.select().where(Traject.klant == meting.klant_id))
    if not trajecten:
        return
    datum = meting.meetdatum or clock.today()
    nieuw = meting.aanleiding == "start_traject" and meting.traject_id is not None
    lopend = any(
        t.loopt_op(datum) and t.id != meting.traject_id and t.status == "lopend" for t in trajecten
    )
    meting.lopend_p_instrument = "ja" if lopend else "nee"
    meting.nieuw_p_instrument = "ja" if nieuw else "nee"


def _nieuw_concept(klant, token, vorige: Meting | None, **extra) -> Meting:
    now = clock.now()
    meting = Meting(
        klant=klant,
        organisatie=current_user.organisatie_id,
        invoerder=current_user.id,
        status="concept",
        idempotentie_token=token,
        aangemaakt=now,
        gewijzigd=now,
        klantmanager=klant.klantmanager_id,
        team=klant.team_id,
        **extra,
    )
    if vorige is not None:
        for veld in OVERNEMEN:
            setattr(meting, veld, getattr(vorige, veld))
    if "corrigeert" not in extra:
        _p_instrument_kenmerken(meting)
    meting.save()
    if vorige is not None:
        for code in vorige.subgroep_codes:
            MetingSubgroep.create(meting=meting, subgroep=code)
        for rij in vorige.eigen_kenmerk_rijen:
            MetingKenmerk.create(meting=meting, code=rij.code, waarde=rij.waarde)
    return meting


@bp.route("/metingen/<int:meting_id>/stap/<stap>", methods=["GET", "POST"])
def stap(meting_id: int, stap: str):
    """One page of the conversation: show it, or save its answer and go to the next."""
    require_meten()
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
        with db.atomic():
            handler.save(meting, form)
            meting.stap = stap
            meting.gewijzigd = clock.now()
            meting.save(only=meting.dirty_fields)  # the columns this page changed
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
    reeks = gesprek.stappen(meting.stand)
    index = reeks.index(stap) if stap in reeks else len(reeks)
    vorige = reeks[index - 1] if index > 0 else None
    terug = (
        url_for("metingen.stap", meting_id=meting.id, stap=vorige)
        if vorige
        else url_for("klanten.klant", klant_id=meting.klant_id)
    )
    eerder = set(reeks[:index])
    transcript = [
        (sectie.titel, [r for r in sectie.regels if r.stap in eerder and r.waarde])
        for sectie in (context.get("overzicht") or samenvatting(meting)).secties
    ]
    status = 422 if form.errors else 200
    return render_template(
        template,
        meting=meting,
        klant=meting.klant,
        stap=stap,
        titel=TITELS.get(stap, stap),
        form=form,
        terug=terug,
        transcript=[(t, r) for t, r in transcript if r],
        stap_nummer=index + 1,
        fasen=gesprek.FASEN,
        huidige_fase=gesprek.fase(stap),
        vraagnummer=gesprek.vraagnummer(meting.stand, stap),
        treden=treden.TREDEN,
        **context,
    ), status


def _controle(meting: Meting):
    if gesprek.volgende_stap(meting.stand) != gesprek.CONTROLE:
        return redirect(_url(meting), code=303)
    form = _controle_form(meting)
    if request.method == "POST":
        form = ControleForm(request.form, correctie=bool(meting.corrigeert_id))
    if request.method == "POST" and form.validate():
        conflict = _datums_fout(meting) or _opslaan(meting, form)
        if conflict is None:
            if status_na_opslaan(meting) == "ter_beoordeling":
                flash("De meting is opgeslagen en wacht op beoordeling door de gemeente.", "succes")
            else:
                flash("De meting is opgeslagen.", "succes")
            return redirect(url_for("metingen.toon", meting_id=meting.id), code=303)
        form.form_errors.append(conflict)
    return _render_stap(
        meting, gesprek.CONTROLE, "metingen/controle.html", form, overzicht=samenvatting(meting)
    )


def _datums_fout(meting: Meting) -> str | None:
    """The next meetmoment must come after this one. A changed meetdatum already sends the
    user back to the klantkenmerken; a concept left in that state earlier is refused here
    rather than saved with an impossible plan."""
    volgende, meetdatum = meting.volgende_meetdatum, meting.meetdatum
    if volgende is not None and meetdatum is not None and volgende <= meetdatum:
        return (
            "De volgende meetdatum moet na de meetdatum liggen. Pas de volgende meetdatum "
            "aan bij Klantkenmerken."
        )
    return None


def status_na_opslaan(meting: Meting) -> str:
    """A partner's meting waits for the klant's organisation when that organisation asks so."""
    eigenaar = meting.klant.organisatie
    if meting.organisatie_id != eigenaar.id and eigenaar.partner_metingen_beoordelen:
        return "ter_beoordeling"
    return "definitief"


def vervang(meting: Meting, now) -> bool:
    """Mark the meting that `meting` corrects as replaced, logged under the original's id;
    False if someone was first. Runs inside the caller's transaction."""
    if not meting.corrigeert_id:
        return True
    replaced = (
        Meting.update(status="vervangen", gewijzigd=now, versie=Meting.versie + 1)
        .where((Meting.id == meting.corrigeert_id) & (Meting.status == "definitief"))
        .execute()
    )
    if replaced == 1:
        audit.log(
            "wijzigen",
            object_type="meting",
            object_id=meting.corrigeert_id,
            klant_id=meting.klant_id,
            omschrijving=f"vervangen door correctie {meting.id}",
        )
    return replaced == 1


def _opslaan(meting: Meting, form: ControleForm) -> str | None:
    """Make the concept definitive (or ter beoordeling); a correction replaces its original."""
    now = clock.now()
    status = status_na_opslaan(meting)
    with db.atomic() as transaction:
        if status == "definitief" and not vervang(meting, now):
            transaction.rollback()
            return (
                "De meting die u corrigeert is intussen al door iemand anders "
                "gecorrigeerd. Bekijk de historie van de klant voordat u verdergaat."
            )
        updated = (
            Meting.update(
                status=status,
                definitief_op=now,
                gewijzigd=now,
                stap="",
                correctiereden=form.correctiereden.data or "",
                versie=Meting.versie + 1,
            )
            .where((Meting.id == meting.id) & (Meting.status == "concept"))
            .execute()
        )
        if updated != 1:
            transaction.rollback()
            return "Deze meting is al opgeslagen."
        actie = "wijzigen" if meting.corrigeert_id else "aanmaken"
        omschrijving = "correctie opgeslagen" if meting.corrigeert_id else "meting opgeslagen"
        if status == "ter_beoordeling":
            omschrijving += ", ter beoordeling"
        audit.log(
            actie,
            object_type="meting",
            object_id=meting.id,
            klant_id=meting.klant_id,
            omschrijving=omschrijving,
        )
    return None


@bp.route("/metingen/<int:meting_id>")
def toon(meting_id: int):
    """The saved meting, as it will be printed."""
    meting = meting_of_404(meting_id)
    if meting.status == "concept":
        return redirect(_url(meting), code=303)
    with db.atomic():
        audit.log("inzien", object_type="meting", object_id=meting.id, klant_id=meting.klant_id)
    vervanger = Meting.get_or_none(Meting.corrigeert == meting)
    return render_template(
        "metingen/meting.html",
        meting=meting,
        klant=meting.klant,
        overzicht=samenvatting(meting),
        vervanger=vervanger,
        mag_meten=mag_meten(),
        mag_beoordelen=mag_beheren_voor_klant(meting.klant),
        form=NieuweMetingForm(),
        print_url=url_for("pdf.dossierblad", meting_id=meting.id),
    )


@bp.route("/metingen/<int:meting_id>/corrigeer", methods=["POST"])
def corrigeer(meting_id: int):
    """Start a correction: a new concept prefilled from this meting."""
    require_meten()
    meting = meting_of_404(meting_id)
    if meting.status != "definitief":
        flash("Alleen een definitieve meting kan worden gecorrigeerd.", "info")
        return redirect(_url(meting), code=303)
    concepten = Meting.open_concepts(meting.klant, current_user)
    if concepten:
        if concepten[0].corrigeert_id != meting.id:
            flash(
                "U heeft al een open meting van deze klant; u gaat daarmee verder. Deze meting "
                "kunt u corrigeren nadat u de open meting hebt opgeslagen.",
                "info",
            )
        return redirect(_url(concepten[0]), code=303)
    with db.atomic():
        kopie = _nieuw_concept(
            meting.klant,
            None,
            meting,
            corrigeert=meting,
            meetdatum=meting.meetdatum,
            aanleiding=meting.aanleiding,
            trede=meting.trede,
            antwoorden=json.dumps(vragen.geldige_antwoorden(meting.antwoorden_dict)),
            code_toelichting=meting.code_toelichting,
            groei_antwoord=meting.groei_antwoord,
            groeipotentieel=meting.groeipotentieel,
            toelichting=meting.toelichting,
            uitstroomreden=meting.uitstroomreden,
            volgende_meetdatum=meting.volgende_meetdatum,
            bevestigde_stappen=meting.bevestigde_stappen,
        )
        audit.log(
            "aanmaken",
            object_type="meting",
            object_id=kopie.id,
            klant_id=meting.klant_id,
            omschrijving=f"correctie van meting {meting.id} begonnen",
        )
    return redirect(url_for("metingen.stap", meting_id=kopie.id, stap=gesprek.CONTROLE), code=303)
