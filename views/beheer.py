"""Functioneel beheer: the accounts, teams and gemeenten of the beheerder's own organisation."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from peewee import IntegrityError, fn

from forms.beheer import BenchmarkDeelnameForm, GebruikerForm, GemeenteForm, TeamForm
from forms.organisatie import InstellingenForm, KenmerkForm, SubgroepForm
from models import (
    Gebruiker,
    Gemeente,
    Klant,
    Meting,
    Organisatie,
    OrganisatieGemeente,
    OrganisatieKenmerk,
    OrganisatieSubgroep,
    Sessie,
    Team,
    db,
    is_sqlite,
)
from models.organisatie import EigenAanvulling
from services import audit, clock, tweefactor
from services.auth import roles_required

bp = Blueprint("beheer", __name__, url_prefix="/beheer")


def _eigen_gebruiker(gebruiker_id: int) -> Gebruiker:
    """A user of the beheerder's own organisation, or 404 (logged) for anything else."""
    gebruiker = Gebruiker.get_or_none(
        (Gebruiker.id == gebruiker_id) & (Gebruiker.organisatie == current_user.organisatie_id)
    )
    if gebruiker is None:
        with db.atomic():
            audit.log(
                "geweigerd", object_type="gebruiker", object_id=gebruiker_id, resultaat="geweigerd"
            )
        abort(404)
    return gebruiker


def _teams():
    return Team.select().where(Team.organisatie == current_user.organisatie_id).order_by(Team.naam)


@bp.route("/gebruikers")
@roles_required("beheerder")
def gebruikers():
    """List the accounts of the organisation."""
    rows = (
        Gebruiker.select()
        .where(Gebruiker.organisatie == current_user.organisatie_id)
        .order_by(Gebruiker.actief.desc(), Gebruiker.naam)
    )
    return render_template("beheer/gebruikers.html", gebruikers=rows)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@roles_required("beheerder")
def gebruiker_nieuw():
    """Add an account to the organisation."""
    form = GebruikerForm(teams=_teams(), organisatie_naam=current_user.organisatie.naam)
    if form.validate_on_submit():
        with db.atomic():
            gebruiker = Gebruiker(organisatie=current_user.organisatie_id)
            _vul(gebruiker, form)
            gebruiker.zet_wachtwoord(form.wachtwoord.data)
            gebruiker.wachtwoord_wijzigen = True  # the user chooses their own at first login
            gebruiker.save()
            audit.log(
                "aanmaken",
                object_type="gebruiker",
                object_id=gebruiker.id,
                omschrijving=_omschrijving(
                    "met eenmalig wachtwoord", _kwaliteit_gewijzigd(False, gebruiker)
                ),
            )
        flash(f"Het account van {gebruiker.naam} is aangemaakt.", "succes")
        return redirect(url_for("beheer.gebruikers"), code=303)
    _log_email_bezet(form)
    return render_template("beheer/gebruiker.html", form=form, gebruiker=None), (
        422 if form.errors else 200
    )


@bp.route("/gebruikers/<int:gebruiker_id>", methods=["GET", "POST"])
@roles_required("beheerder")
def gebruiker_bewerken(gebruiker_id: int):
    """Edit an account; deactivating it ends its sessions at once."""
    gebruiker = _eigen_gebruiker(gebruiker_id)
    form = GebruikerForm(
        obj=gebruiker,
        bestaande=gebruiker,
        teams=_teams(),
        organisatie_naam=current_user.organisatie.naam,
    )
    if not form.is_submitted():
        form.team.data = str(gebruiker.team_id or "")
    if form.validate_on_submit():
        if gebruiker.id == current_user.id and (
            not form.actief.data or form.rol.data != "beheerder"
        ):
            form.rol.errors.append(
                "U kunt uw eigen beheerdersrol niet intrekken of uw eigen account niet uitzetten."
            )
        else:
            with db.atomic():
                kwaliteit_was = gebruiker.kwaliteit
                _vul(gebruiker, form)
                if form.wachtwoord.data:
                    gebruiker.zet_wachtwoord(form.wachtwoord.data)
                    gebruiker.wachtwoord_wijzigen = gebruiker.id != current_user.id
                gebruiker.save()
                if not gebruiker.actief or form.wachtwoord.data:
                    Sessie.beeindig_alle(gebruiker, clock.now())
                audit.log(
                    "wijzigen",
                    object_type="gebruiker",
                    object_id=gebruiker.id,
                    omschrijving=_omschrijving(
                        "eenmalig wachtwoord gegeven"
                        if gebruiker.wachtwoord_wijzigen and form.wachtwoord.data
                        else "",
                        _kwaliteit_gewijzigd(kwaliteit_was, gebruiker),
                    ),
                )
            flash(f"Het account van {gebruiker.naam} is opgeslagen.", "succes")
            return redirect(url_for("beheer.gebruikers"), code=303)
    _log_email_bezet(form)
    return render_template("beheer/gebruiker.html", form=form, gebruiker=gebruiker), (
        422 if form.errors else 200
    )


def _log_email_bezet(form: GebruikerForm) -> None:
    log_email_bezet(form.email_bezet)


def log_email_bezet(bezet: Gebruiker | None) -> None:
    """An address of another account was refused: logged in this organisation's trail without
    saying where the address is in use, and in the trail of the organisation that has it."""
    if bezet is None:
        return
    with db.atomic():
        audit.log(
            "geweigerd",
            object_type="gebruiker",
            resultaat="geweigerd",
            omschrijving="e-mailadres van een ander account geweigerd",
        )
        if bezet.organisatie_id != current_user.organisatie_id:
            audit.log(
                "geweigerd",
                object_type="gebruiker",
                object_id=bezet.id,
                resultaat="geweigerd",
                omschrijving="een andere organisatie probeerde dit e-mailadres te gebruiken",
                organisatie_id=bezet.organisatie_id,
            )


def _vul(gebruiker: Gebruiker, form: GebruikerForm) -> None:
    gebruiker.naam = form.naam.data
    gebruiker.email = form.email.data.lower()
    gebruiker.rol = form.rol.data
    gebruiker.team = int(form.team.data) if form.team.data else None
    # New accounts are active; the checkbox is only on the edit page.
    gebruiker.actief = form.actief.data if gebruiker.id else True
    gebruiker.kwaliteit = bool(form.kwaliteit.data)


def _kwaliteit_gewijzigd(was: bool, gebruiker: Gebruiker) -> str:
    """The right to coordinate kalibratierondes, in the audit line when it changed."""
    if bool(was) == bool(gebruiker.kwaliteit):
        return ""
    if gebruiker.kwaliteit:
        return "recht kalibratierondes coördineren gegeven"
    return "recht kalibratierondes coördineren ingetrokken"


def _omschrijving(*delen: str) -> str:
    return "; ".join(deel for deel in delen if deel)


@bp.route("/gebruikers/<int:gebruiker_id>/tweefactor-reset", methods=["POST"])
@roles_required("beheerder")
def tweefactor_reset(gebruiker_id: int):
    """Lost phone: forget the user's second factor; they enrol again at the next login."""
    gebruiker = _eigen_gebruiker(gebruiker_id)
    with db.atomic():
        code = tweefactor.reset(gebruiker, clock.now())
        Sessie.beeindig_alle(gebruiker, clock.now())
        audit.log(
            "wijzigen",
            object_type="gebruiker",
            object_id=gebruiker.id,
            omschrijving="tweestapsverificatie opnieuw ingesteld door beheerder",
        )
    # Shown once, on this page: never in a flash message, which travels in the cookie.
    return render_template(
        "beheer/inschrijfcode.html",
        gebruiker=gebruiker,
        code=code,
        uren=int(tweefactor.INSCHRIJFCODE_GELDIG.total_seconds() // 3600),
    )


@bp.route("/gebruikers/<int:gebruiker_id>/sessies-beeindigen", methods=["POST"])
@roles_required("beheerder")
def sessies_beeindigen(gebruiker_id: int):
    """End every open session of the user at once (e.g. a lost laptop)."""
    gebruiker = _eigen_gebruiker(gebruiker_id)
    with db.atomic():
        aantal = Sessie.beeindig_alle(gebruiker, clock.now())
        audit.log(
            "wijzigen",
            object_type="gebruiker",
            object_id=gebruiker.id,
            omschrijving=f"{aantal} sessie(s) beëindigd door beheerder",
        )
    flash(f"{aantal} open sessie(s) van {gebruiker.naam} zijn beëindigd.", "succes")
    return redirect(url_for("beheer.gebruiker_bewerken", gebruiker_id=gebruiker.id), code=303)


@bp.route("/instellingen", methods=["GET", "POST"])
@roles_required("beheerder")
def instellingen():
    """The organisation's settings and its own subgroepen."""
    organisatie = Organisatie.get_by_id(current_user.organisatie_id)
    form = InstellingenForm(obj=organisatie)
    if form.validate_on_submit():
        with db.atomic():
            form.populate_obj(organisatie)
            organisatie.save()
            audit.log(
                "wijzigen",
                object_type="organisatie",
                object_id=organisatie.id,
                omschrijving="instellingen gewijzigd",
            )
        flash("De instellingen zijn opgeslagen.", "succes")
        return redirect(url_for("beheer.instellingen"), code=303)
    return _instellingen_pagina(organisatie, form)


def _instellingen_pagina(organisatie, form, ingevuld=None):
    """The settings page; `ingevuld` is the form of an own addition that was posted."""
    formulieren = {naam: soort.form(prefix=soort.prefix) for naam, soort in AANVULLINGEN.items()}
    if ingevuld is not None:
        formulieren[ingevuld[0]] = ingevuld[1]
    fouten = form.errors or any(f.errors for f in formulieren.values())
    return render_template(
        "beheer/instellingen.html",
        form=form,
        subgroep_form=formulieren["subgroep"],
        kenmerk_form=formulieren["kenmerk"],
        # Never from the posted data of another form on this page: shows the stored value.
        benchmark_form=BenchmarkDeelnameForm(None, prefix="bm", obj=organisatie),
        subgroepen=OrganisatieSubgroep.van(organisatie.id, alleen_actief=False),
        kenmerken=OrganisatieKenmerk.van(organisatie.id, alleen_actief=False),
    ), (422 if fouten else 200)


@bp.route("/benchmark", methods=["POST"])
@roles_required("beheerder")
def benchmark_deelname():
    """Opt the organisation in to the benchmark (report 7), or out again."""
    organisatie = Organisatie.get_by_id(current_user.organisatie_id)
    form = BenchmarkDeelnameForm(prefix="bm")
    if not form.validate_on_submit():
        abort(400)
    deelname = bool(form.benchmark_deelname.data)
    if deelname != organisatie.benchmark_deelname:
        with db.atomic():
            organisatie.benchmark_deelname = deelname
            organisatie.save()
            audit.log(
                "wijzigen",
                object_type="organisatie",
                object_id=organisatie.id,
                omschrijving=f"benchmark: deelname {'aan' if deelname else 'uit'}",
            )
    flash(f"Uw organisatie doet {'mee' if deelname else 'niet mee'} aan de benchmark.", "succes")
    return redirect(url_for("beheer.instellingen"), code=303)


# --- what the gemeente adds to the instrument itself: subgroepen and klantkenmerken ---


@dataclass(frozen=True)
class Aanvulling:
    """One kind of own addition: its rows, its form and how the page speaks of it."""

    model: type[EigenAanvulling]
    form: type
    prefix: str
    velden: tuple[str, ...]  # copied from the form onto a new row
    toegevoegd: Callable[[EigenAanvulling], str]  # the message after adding one


AANVULLINGEN = {
    "subgroep": Aanvulling(
        OrganisatieSubgroep,
        SubgroepForm,
        "sub",
        ("code", "naam", "definitie"),
        lambda rij: f"Subgroep ‘{rij.naam}’ is toegevoegd.",
    ),
    "kenmerk": Aanvulling(
        OrganisatieKenmerk,
        KenmerkForm,
        "km",
        ("code", "vraag", "opties"),
        lambda rij: f"Klantkenmerk ‘{rij.vraag}’ is toegevoegd.",
    ),
}


def _toevoegen(soort: str):
    """Add a subgroep to the seven of Table 3.3, or a klantkenmerk to the nine of the data
    set; a code is used once per organisation."""
    aanvulling = AANVULLINGEN[soort]
    organisatie = Organisatie.get_by_id(current_user.organisatie_id)
    form = aanvulling.form(prefix=aanvulling.prefix)
    if form.validate_on_submit():
        model = aanvulling.model
        if (
            model.select()
            .where((model.organisatie == organisatie) & (model.code == form.code.data))
            .exists()
        ):
            form.code.errors.append("Deze code bestaat al.")
        else:
            with db.atomic():
                rij = model.create(
                    organisatie=organisatie,
                    **{veld: getattr(form, veld).data or "" for veld in aanvulling.velden},
                )
                audit.log("aanmaken", object_type=soort, object_id=rij.id)
            flash(aanvulling.toegevoegd(rij), "succes")
            return redirect(url_for("beheer.instellingen"), code=303)
    return _instellingen_pagina(organisatie, InstellingenForm(obj=organisatie), (soort, form))


def _aan_of_uit(soort: str, rij_id: int):
    """Switch an own addition on or off: metingen that have it keep it."""
    model = AANVULLINGEN[soort].model
    rij = model.get_or_none(
        (model.id == rij_id) & (model.organisatie == current_user.organisatie_id)
    )
    if rij is None:
        with db.atomic():
            audit.log("geweigerd", object_type=soort, object_id=rij_id, resultaat="geweigerd")
        abort(404)
    with db.atomic():
        rij.actief = not rij.actief
        rij.save()
        audit.log(
            "wijzigen",
            object_type=soort,
            object_id=rij.id,
            omschrijving="aan" if rij.actief else "uit",
        )
    return redirect(url_for("beheer.instellingen"), code=303)


@bp.route("/subgroepen", methods=["POST"])
@roles_required("beheerder")
def subgroep_toevoegen():
    return _toevoegen("subgroep")


@bp.route("/subgroepen/<int:subgroep_id>/actief", methods=["POST"])
@roles_required("beheerder")
def subgroep_actief(subgroep_id: int):
    return _aan_of_uit("subgroep", subgroep_id)


@bp.route("/kenmerken", methods=["POST"])
@roles_required("beheerder")
def kenmerk_toevoegen():
    return _toevoegen("kenmerk")


@bp.route("/kenmerken/<int:kenmerk_id>/actief", methods=["POST"])
@roles_required("beheerder")
def kenmerk_actief(kenmerk_id: int):
    return _aan_of_uit("kenmerk", kenmerk_id)


# --- teams ---


def _eigen_team(team_id: int) -> Team:
    """A team of the beheerder's own organisation, or 404 (logged) for anything else."""
    team = Team.get_or_none(
        (Team.id == team_id) & (Team.organisatie == current_user.organisatie_id)
    )
    if team is None:
        with db.atomic():
            audit.log("geweigerd", object_type="team", object_id=team_id, resultaat="geweigerd")
        abort(404)
    return team


def _eigen_team_vergrendeld(team_id: int) -> Team | None:
    """The team again, inside the transaction that removes it. On PostgreSQL the row stays
    locked until that transaction ends: an account, klant or meting that is given this team
    at the same moment waits, so a team found unused stays unused until it is gone. (SQLite
    lets one writer at a time in: BEGIN IMMEDIATE.)"""
    query = Team.select().where(
        (Team.id == team_id) & (Team.organisatie == current_user.organisatie_id)
    )
    if not is_sqlite():
        query = query.for_update()
    return query.first()


def _gebruik(teams) -> dict[int, dict[str, int]]:
    """Per team id: how many accounts, klanten and metingen (concepts included) point to it."""
    ids = [team.id for team in teams]
    gebruik = {team_id: {"gebruikers": 0, "klanten": 0, "metingen": 0} for team_id in ids}
    if not ids:
        return gebruik
    for soort, model in (("gebruikers", Gebruiker), ("klanten", Klant), ("metingen", Meting)):
        rijen = (
            model.select(model.team, fn.COUNT(model.id))
            .where(model.team.in_(ids))
            .group_by(model.team)
            .tuples()
        )
        for team_id, aantal in rijen:
            gebruik[team_id][soort] = aantal
    return gebruik


def _in_gebruik_tekst(aantallen: dict[str, int]) -> str:
    """The text "2 gebruikers en 1 meting", or "" when nothing points to the team."""
    enkelvoud = {"gebruikers": "gebruiker", "klanten": "klant", "metingen": "meting"}
    delen = [
        f"{aantal} {soort if aantal != 1 else enkelvoud[soort]}"
        for soort, aantal in aantallen.items()
        if aantal
    ]
    if len(delen) > 1:
        return ", ".join(delen[:-1]) + " en " + delen[-1]
    return delen[0] if delen else ""


@bp.route("/teams", methods=["GET", "POST"])
@roles_required("beheerder")
def teams():
    """The organisation's teams, and a form to add one."""
    form = TeamForm(organisatie_id=current_user.organisatie_id)
    team = Team(organisatie=current_user.organisatie_id)
    if form.validate_on_submit() and _bewaar_team(team, form, "aanmaken"):
        flash(f"Team ‘{team.naam}’ is toegevoegd.", "succes")
        return redirect(url_for("beheer.teams"), code=303)
    rijen = list(_teams())
    gebruik = _gebruik(rijen)
    return render_template(
        "beheer/teams.html",
        form=form,
        teams=[(team, _in_gebruik_tekst(gebruik[team.id])) for team in rijen],
    ), (422 if form.errors else 200)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@roles_required("beheerder")
def team_bewerken(team_id: int):
    """Rename a team or change its afdeling; its accounts, klanten and metingen keep it."""
    team = _eigen_team(team_id)
    form = TeamForm(obj=team, organisatie_id=current_user.organisatie_id, bestaande=team)
    if form.validate_on_submit() and _bewaar_team(team, form, "wijzigen"):
        flash(f"Team ‘{team.naam}’ is opgeslagen.", "succes")
        return redirect(url_for("beheer.teams"), code=303)
    return _team_pagina(team, form)


def _team_pagina(team: Team, form: TeamForm, weigering: str = "", status: int | None = None):
    in_gebruik = _in_gebruik_tekst(_gebruik([team])[team.id])
    if status is None:
        status = 422 if form.errors else 200
    return render_template(
        "beheer/team.html", form=form, team=team, in_gebruik=in_gebruik, weigering=weigering
    ), status


def _bewaar_team(team: Team, form: TeamForm, actie: str) -> bool:
    """Save the team and log it in one transaction; False (with the message at the field)
    when another beheerder took the name in the meantime."""
    vorige = (team.naam, team.afdeling)
    team.naam = form.naam.data
    team.afdeling = form.afdeling.data or ""
    try:
        with db.atomic():
            team.save()
            omschrijving = f"team ‘{team.naam}’"
            if actie == "wijzigen" and vorige[0] != team.naam:
                omschrijving = f"team ‘{vorige[0]}’ hernoemd tot ‘{team.naam}’"
            audit.log(actie, object_type="team", object_id=team.id, omschrijving=omschrijving)
    except IntegrityError:
        team.naam, team.afdeling = vorige
        form.naam.errors.append("Uw organisatie heeft al een team met deze naam.")
        return False
    return True


@bp.route("/teams/<int:team_id>/verwijderen", methods=["POST"])
@roles_required("beheerder")
def team_verwijderen(team_id: int):
    """Remove a team nobody uses. A team that accounts, klanten or metingen point to stays:
    removing it would silently empty their team (the history of the metingen included)."""
    team = _eigen_team(team_id)
    with db.atomic():
        team = _eigen_team_vergrendeld(team.id)
        in_gebruik = _in_gebruik_tekst(_gebruik([team])[team.id]) if team else ""
        if team is not None and not in_gebruik:
            team.delete_instance()
            audit.log(
                "wijzigen",
                object_type="team",
                object_id=team_id,
                omschrijving=f"team ‘{team.naam}’ verwijderd",
            )
    if team is None:  # another beheerder removed it just now
        flash("Dit team was al verwijderd.", "succes")
    elif in_gebruik:
        weigering = (
            f"Team ‘{team.naam}’ is niet verwijderd, want het is nog in gebruik bij "
            f"{in_gebruik}. Een team dat in gebruik is blijft bestaan, zodat eerdere metingen "
            "hun team houden. U kunt het team wel een andere naam geven."
        )
        form = TeamForm(None, obj=team, organisatie_id=current_user.organisatie_id, bestaande=team)
        return _team_pagina(team, form, weigering=weigering, status=409)
    else:
        flash(f"Team ‘{team.naam}’ is verwijderd.", "succes")
    return redirect(url_for("beheer.teams"), code=303)


# --- gemeenten ---


def _klanten_per_gemeente(gemeente_ids) -> dict[int, int]:
    """Per gemeente id: how many klanten of the own organisation live there (anonymised
    klanten too: the reports still split their metingen by gemeente)."""
    aantallen = dict.fromkeys(gemeente_ids, 0)
    if not aantallen:
        return aantallen
    rijen = (
        Klant.select(Klant.gemeente, fn.COUNT(Klant.id))
        .where(
            (Klant.organisatie == current_user.organisatie_id) & Klant.gemeente.in_(list(aantallen))
        )
        .group_by(Klant.gemeente)
        .tuples()
    )
    for gemeente_id, aantal in rijen:
        aantallen[gemeente_id] = aantal
    return aantallen


def _klanten_tekst(aantal: int) -> str:
    return f"{aantal} klant{'' if aantal == 1 else 'en'}"


def _gemeenten_pagina(form: GemeenteForm, weigering: str = "", status: int | None = None):
    rijen = list(Organisatie.get_by_id(current_user.organisatie_id).gemeenten())
    aantallen = _klanten_per_gemeente([gemeente.id for gemeente in rijen])
    if status is None:
        status = 422 if form.errors else 200
    return render_template(
        "beheer/gemeenten.html",
        form=form,
        gemeenten=[(gemeente, aantallen[gemeente.id]) for gemeente in rijen],
        weigering=weigering,
    ), status


@bp.route("/gemeenten", methods=["GET", "POST"])
@roles_required("beheerder")
def gemeenten():
    """The gemeenten the organisation serves, and a form to add one. Only these are offered
    in the klant form and the reports' gemeente filter."""
    form = GemeenteForm(organisatie_id=current_user.organisatie_id)
    if form.validate_on_submit():
        gemeente = _koppel_gemeente(form)
        if gemeente is not None:
            flash(f"Gemeente ‘{gemeente.naam}’ ({gemeente.cbs_code}) is toegevoegd.", "succes")
            return redirect(url_for("beheer.gemeenten"), code=303)
    return _gemeenten_pagina(form)


def _koppel_gemeente(form: GemeenteForm) -> Gemeente | None:
    """Link the gemeente with the posted code (created first when no organisation has it
    yet) and log it, all in one transaction. None, with the message at the field, when
    another beheerder created that code or linked it in the meantime."""
    try:
        with db.atomic():
            gemeente = form.bestaande
            if gemeente is None:
                gemeente = Gemeente.create(cbs_code=form.cbs_code.data, naam=form.naam.data)
            OrganisatieGemeente.create(organisatie=current_user.organisatie_id, gemeente=gemeente)
            audit.log(
                "wijzigen" if form.bestaande else "aanmaken",
                object_type="gemeente",
                object_id=gemeente.id,
                omschrijving=f"gemeente ‘{gemeente.naam}’ ({gemeente.cbs_code}) "
                + ("gekoppeld" if form.bestaande else "aangemaakt en gekoppeld"),
            )
    except IntegrityError:
        form.cbs_code.errors.append(
            "Deze gemeente is zojuist door een andere beheerder toegevoegd. "
            "Bekijk de lijst en probeer het zo nodig opnieuw."
        )
        return None
    return gemeente


def _eigen_gemeente(gemeente_id: int) -> Gemeente:
    """A gemeente the beheerder's own organisation serves, or 404 (logged) for anything
    else."""
    gemeente = (
        Gemeente.select()
        .join(OrganisatieGemeente)
        .where(
            (Gemeente.id == gemeente_id)
            & (OrganisatieGemeente.organisatie == current_user.organisatie_id)
        )
        .first()
    )
    if gemeente is None:
        with db.atomic():
            audit.log(
                "geweigerd", object_type="gemeente", object_id=gemeente_id, resultaat="geweigerd"
            )
        abort(404)
    return gemeente


def _eigen_koppeling_vergrendeld(gemeente: Gemeente) -> OrganisatieGemeente | None:
    """The organisation's link to the gemeente, inside the transaction that removes it. On
    PostgreSQL the gemeente row stays locked until that transaction ends: a klant given this
    gemeente at the same moment is either counted or waits, so a link found unused stays
    unused until it is gone. (SQLite lets one writer at a time in: BEGIN IMMEDIATE.)"""
    if not is_sqlite():
        Gemeente.select().where(Gemeente.id == gemeente.id).for_update().execute()
    return OrganisatieGemeente.get_or_none(
        (OrganisatieGemeente.organisatie == current_user.organisatie_id)
        & (OrganisatieGemeente.gemeente == gemeente)
    )


@bp.route("/gemeenten/<int:gemeente_id>/verwijderen", methods=["POST"])
@roles_required("beheerder")
def gemeente_verwijderen(gemeente_id: int):
    """Stop serving a gemeente no klant of the organisation lives in. The gemeente itself
    stays (other organisations may serve it); one that klanten live in stays in the list,
    so their klant form and the reports' gemeente filter keep offering it."""
    gemeente = _eigen_gemeente(gemeente_id)
    aantal = 0
    with db.atomic():
        koppeling = _eigen_koppeling_vergrendeld(gemeente)
        if koppeling is not None:
            aantal = _klanten_per_gemeente([gemeente.id])[gemeente.id]
            if not aantal:
                koppeling.delete_instance()
                audit.log(
                    "wijzigen",
                    object_type="gemeente",
                    object_id=gemeente.id,
                    omschrijving=f"gemeente ‘{gemeente.naam}’ ({gemeente.cbs_code}) ontkoppeld",
                )
    if koppeling is None:  # another beheerder removed it just now
        flash(f"Gemeente ‘{gemeente.naam}’ was al verwijderd uit de lijst.", "succes")
    elif aantal:
        weigering = (
            f"Gemeente ‘{gemeente.naam}’ is niet verwijderd, want er "
            f"{'woont' if aantal == 1 else 'wonen'} nog {_klanten_tekst(aantal)} van uw "
            "organisatie. Zolang dat zo is blijft de gemeente in de lijst, zodat het "
            "klantformulier en de rapportages haar blijven tonen."
        )
        form = GemeenteForm(None, organisatie_id=current_user.organisatie_id)
        return _gemeenten_pagina(form, weigering=weigering, status=409)
    else:
        flash(f"Gemeente ‘{gemeente.naam}’ is verwijderd uit de lijst.", "succes")
    return redirect(url_for("beheer.gemeenten"), code=303)
