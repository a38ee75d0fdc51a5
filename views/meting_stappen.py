"""Each page of the meting conversation: its form, what it shows, and which change of the
meting its answer is (services/metingen.py makes the change)."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template
from flask_login import current_user

from forms.meting import (
    VRAGEN_METHODE,
    BevestigForm,
    ControleForm,
    JaNeeForm,
    KenmerkenForm,
    MeetmomentForm,
    SubgroepenForm,
    kenmerken_form_class,
)
from ladder import (
    aandachtspunten,
    gesprek,
    groeipotentieel,
    klantkenmerken,
    meetmomenten,
    subgroepen,
    treden,
    vragen,
)
from models import Gebruiker, Meting, OrganisatieKenmerk, OrganisatieSubgroep, Team
from models.organisatie import EigenAanvulling
from models.vaste_query import VasteQuery
from services import clock, metingen


@dataclass(frozen=True)
class Stap:
    template: str
    form: Callable  # (meting) -> form, prefilled from the meting
    save: Callable  # (meting, form) -> message for the user or None; calls the service
    context: Callable = lambda meting: {}


# --- meetmoment ---


def _meetmoment_form(meting: Meting) -> MeetmomentForm:
    form = MeetmomentForm(
        geboortedatum=meting.klant.geboortedatum,
        data={
            "meetdatum": meting.meetdatum or clock.today(),
            "aanleiding": meting.aanleiding or metingen.voorgestelde_aanleiding(meting),
            "methode": str(meting.trede) if meting.is_code else VRAGEN_METHODE,
            "code_toelichting": meting.code_toelichting,
        },
    )
    return form


def _meetmoment_context(meting: Meting) -> dict:
    voorstel = metingen.voorgestelde_aanleiding(meting)
    if voorstel is None:
        return {"voorstel": None}
    eerder = "de klant nog niet eerder is gemeten"
    if voorstel != "intake":
        eerder = "de vorige meting van de klant en de datum die daarbij is gepland"
    tekst = f"Voorgesteld: {meetmomenten.AANLEIDINGEN[voorstel]}, op grond van {eerder}."
    return {"voorstel": tekst}


def _meetmoment_save(meting: Meting, form: MeetmomentForm) -> str | None:
    return metingen.kies_meetmoment(
        meting,
        meetdatum=form.meetdatum.data,
        aanleiding=form.aanleiding.data,
        code=form.code,
        code_toelichting=form.code_toelichting.data or "",
    )


# --- V1..V5 ---


def vraag_stap(code: str) -> Stap:
    def form(meting: Meting) -> JaNeeForm:
        antwoord = meting.antwoorden_dict.get(code)
        return JaNeeForm(data={"antwoord": {True: "ja", False: "nee"}.get(antwoord)})

    def save(meting: Meting, form: JaNeeForm) -> None:
        metingen.beantwoord_vraag(meting, code, form.antwoord.data == "ja")

    def context(meting: Meting) -> dict:
        vraag = vragen.VRAGEN[code]
        return {
            "vraag": vraag,
            "treden_uitleg": [treden.TREDEN[n] for n in vraag.beslist_tussen],
            "mogelijk": vragen.route(meting.antwoorden_dict).mogelijke_treden,
            "let_op_punten": aandachtspunten.bij_vraag(code),
        }

    return Stap("metingen/vraag.html", form, save, context)


# --- uitkomst ---


def _uitkomst_save(meting: Meting, form) -> None:
    metingen.bevestig_uitkomst(meting)


def uitkomst_context(meting: Meting) -> dict:
    return {"trede": treden.TREDEN.get(meting.trede), "mogelijk": (meting.trede,)}


# --- groeipotentieel ---


def groei_form(meting: Meting) -> JaNeeForm:
    return JaNeeForm(data={"antwoord": meting.groei_antwoord or None})


def _groei_save(meting: Meting, form: JaNeeForm) -> None:
    metingen.beantwoord_groeivraag(meting, form.antwoord.data == "ja")


def groei_context(meting: Meting) -> dict:
    return {
        "groeivraag": groeipotentieel.groeivraag(meting.trede),
        "uitleg": groeipotentieel.UITLEG,
        "trede": treden.TREDEN.get(meting.trede),
        "let_op_punten": aandachtspunten.bij_groeivraag(meting.trede),
    }


# --- subgroepen ---


def _eigen(meting: Meting, model: type[EigenAanvulling]) -> list:
    """What the klant's gemeente added itself (active ones), read once for this meting
    object, that is once per request: the form and the page (or the save) both need it."""
    gelezen = meting.__dict__.setdefault("_eigen", {})
    if model not in gelezen:
        gelezen[model] = model.van(meting.klant.organisatie_id)
    return gelezen[model]


def _eigen_subgroepen(meting: Meting) -> list[OrganisatieSubgroep]:
    return _eigen(meting, OrganisatieSubgroep)


def _subgroepen_form(meting: Meting) -> SubgroepenForm:
    codes = meting.subgroep_codes
    geen = gesprek.SUBGROEPEN in meting.bevestigd and not codes
    return SubgroepenForm(data={"subgroepen": codes, "geen": geen}, eigen=_eigen_subgroepen(meting))


def _subgroepen_save(meting: Meting, form: SubgroepenForm) -> None:
    metingen.kies_subgroepen(meting, form.subgroepen.data)


def _subgroepen_context(meting: Meting) -> dict:
    definities = {str(s.code): s.definities for s in subgroepen.SUBGROEPEN.values()}
    for eigen in _eigen_subgroepen(meting):
        definities[eigen.code] = (eigen.definitie,) if eigen.definitie else ()
    return {"definities": definities}


# --- klantkenmerken and werkproces ---


_is_uitstroom = metingen.is_uitstroom


def _kenmerken_form(meting: Meting) -> KenmerkenForm:
    data = {k.code: getattr(meting, k.code) or None for k in klantkenmerken.KLANTKENMERKEN}
    if data["vrijstelling_arbeidsplicht"] not in (None, "ja", "nee"):
        data["vrijstelling_code"] = data["vrijstelling_arbeidsplicht"]
        data["vrijstelling_arbeidsplicht"] = "ja"
    volgende = meting.volgende_meetdatum
    if volgende is None and not _is_uitstroom(meting) and meting.meetdatum:
        maanden = meting.organisatie.standaard_interval_maanden
        volgende = meetmomenten.standaard_volgende_meetdatum(meting.meetdatum, maanden)
    data.update(
        toelichting=meting.toelichting,
        uitstroomreden=meting.uitstroomreden or None,
        klantmanager=str(meting.klantmanager_id or ""),
        team=str(meting.team_id or ""),
        afdeling=meting.afdeling,
        volgende_meetdatum=None if _is_uitstroom(meting) else volgende,
    )
    eigen = _eigen_kenmerken(meting)
    # Answers to the gemeente's own kenmerken: only when it has any (a query fewer).
    bestaand = {r.code: r.waarde for r in meting.eigen_kenmerk_rijen} if eigen else {}
    data.update({f"eigen_{k.code}": bestaand.get(k.code) for k in eigen})
    organisatie = meting.organisatie_id
    return kenmerken_form_class(eigen)(
        data=data,
        meetdatum=meting.meetdatum,
        uitstroom=_is_uitstroom(meting),
        klantmanagers=_KLANTMANAGERS.rijen(organisatie),
        teams=_TEAMS.rijen(organisatie),
    )


# The lists of the klantkenmerken page and its post: only what they show, as plain pairs (an
# organisation may have hundreds of accounts, and a model object for each cost more than the
# rest of the page), with SQL built once.
_KLANTMANAGERS = VasteQuery(
    lambda organisatie: (
        Gebruiker.select(Gebruiker.id, Gebruiker.naam)
        .where(
            (Gebruiker.organisatie == organisatie)
            & Gebruiker.actief
            & Gebruiker.rol.in_(("klantmanager", "intaker", "partner"))
        )
        .order_by(Gebruiker.naam)
        .tuples()
    ),
    -4_242_424_211,
)
_TEAMS = VasteQuery(
    lambda organisatie: (
        Team.select(Team.id, Team.naam)
        .where(Team.organisatie == organisatie)
        .order_by(Team.naam)
        .tuples()
    ),
    -4_242_424_212,
)


def _kenmerken_save(meting: Meting, form: KenmerkenForm) -> None:
    waarden = {k.code: getattr(form, k.code).data for k in klantkenmerken.KLANTKENMERKEN}
    if form.vrijstelling_code.data:
        waarden["vrijstelling_arbeidsplicht"] = form.vrijstelling_code.data
    metingen.kies_kenmerken(
        meting,
        metingen.Kenmerken(
            waarden=waarden,
            volgende_meetdatum=form.volgende_meetdatum.data,
            toelichting=form.toelichting.data or "",
            uitstroomreden=form.uitstroomreden.data or "",
            klantmanager=int(form.klantmanager.data) if form.klantmanager.data else None,
            team=int(form.team.data) if form.team.data else None,
            afdeling=form.afdeling.data or "",
            eigen={k.code: form[f"eigen_{k.code}"].data for k in _eigen_kenmerken(meting)},
        ),
    )


def _eigen_kenmerken(meting: Meting) -> list[OrganisatieKenmerk]:
    return _eigen(meting, OrganisatieKenmerk)


def _kenmerken_context(meting: Meting) -> dict:
    return {
        "eigen_kenmerken": _eigen_kenmerken(meting),
        "kenmerken": klantkenmerken.KLANTKENMERKEN,
        "uitstroom": _is_uitstroom(meting),
        "uitstroom_inleiding": meetmomenten.UITSTROOM_INLEIDING,
        # A correction, or a later meting, starts from the answers of the one before.
        "vooraf_ingevuld": bool(meting.corrigeert_id)
        or Meting.laatste_definitieve(meting.klant) is not None,
    }


def _controle_form(meting: Meting) -> ControleForm:
    return ControleForm(
        data={"correctiereden": meting.correctiereden}, correctie=bool(meting.corrigeert_id)
    )


STAPPEN: dict[str, Stap] = {
    gesprek.MEETMOMENT: Stap(
        "metingen/meetmoment.html", _meetmoment_form, _meetmoment_save, _meetmoment_context
    ),
    **{code: vraag_stap(code) for code in vragen.VRAGEN},
    gesprek.UITKOMST: Stap(
        "metingen/uitkomst.html", lambda m: BevestigForm(), _uitkomst_save, uitkomst_context
    ),
    gesprek.GROEIPOTENTIEEL: Stap(
        "metingen/groeipotentieel.html", groei_form, _groei_save, groei_context
    ),
    gesprek.SUBGROEPEN: Stap(
        "metingen/subgroepen.html", _subgroepen_form, _subgroepen_save, _subgroepen_context
    ),
    gesprek.KENMERKEN: Stap(
        "metingen/kenmerken.html", _kenmerken_form, _kenmerken_save, _kenmerken_context
    ),
}

TITELS = {
    gesprek.MEETMOMENT: "Meetmoment",
    gesprek.UITKOMST: "Uitkomst",
    gesprek.GROEIPOTENTIEEL: "Groeipotentieel",
    gesprek.SUBGROEPEN: "Subgroepen",
    gesprek.KENMERKEN: "Klantkenmerken",
    gesprek.CONTROLE: "Controleer uw antwoorden",
    **{code: f"Vraag {v.nummer}" for code, v in vragen.VRAGEN.items()},
}


def gesprek_pagina(
    stand: gesprek.Stand,
    stap: str,
    template: str,
    form,
    *,
    overzicht,
    stap_url: Callable[[str], str],
    begin_url: str,
    **context,
):
    """One page of the conversation, rendered: of a meting (views/metingen.py) or of a
    kalibratie answer (views/kalibratie.py). The way back, the step indicator and the
    transcript of the answers before this page come from the stand; `overzicht` is the
    summary whose rows make the transcript, `stap_url` the address of a page."""
    reeks = gesprek.stappen(stand)
    index = reeks.index(stap) if stap in reeks else len(reeks)
    eerder = set(reeks[:index])
    transcript = [
        (sectie.titel, [r for r in sectie.regels if r.stap in eerder and r.waarde])
        for sectie in overzicht.secties
    ]
    return render_template(
        template,
        stap=stap,
        titel=TITELS.get(stap, stap),
        form=form,
        terug=stap_url(reeks[index - 1]) if index > 0 else begin_url,
        transcript=[(t, r) for t, r in transcript if r],
        stap_nummer=index + 1,
        fasen=gesprek.fasen(stand),
        huidige_fase=gesprek.fase(stap),
        vraagnummer=gesprek.vraagnummer(stand, stap),
        treden=treden.TREDEN,
        stap_url=stap_url,
        overzicht=overzicht,
        **context,
    ), (422 if form.errors else 200)


def invoerder_is(meting: Meting) -> bool:
    return meting.invoerder_id == current_user.id
