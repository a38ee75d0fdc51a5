"""What a user can choose in the filter of a report: only what lies within their reach."""

from dataclasses import dataclass

from ladder.subgroepen import SUBGROEPEN
from models import Gebruiker, Gemeente, Organisatie, OrganisatieGemeente, OrganisatieSubgroep, Team
from reports.filters import Bereik

# Roles whose name can stand on a meting as behandelend klantmanager.
BEHANDELAARS = ("klantmanager", "intaker", "partner")

Keuze = tuple[str, str]


@dataclass(frozen=True)
class Keuzelijsten:
    """The options of the filter fields, as (value, label) pairs."""

    organisaties: tuple[Keuze, ...]
    gemeenten: tuple[Keuze, ...]
    teams: tuple[Keuze, ...]
    klantmanagers: tuple[Keuze, ...]
    subgroepen: tuple[Keuze, ...]


def keuzelijsten(bereik: Bereik) -> Keuzelijsten:
    """The options for a user with this reach."""
    organisatie = Organisatie.get_by_id(bereik.organisatie_id)
    return Keuzelijsten(
        organisaties=((str(organisatie.id), organisatie.naam),),
        gemeenten=_gemeenten(bereik.organisatie_id),
        teams=_teams(bereik),
        klantmanagers=_klantmanagers(bereik),
        subgroepen=_subgroepen(bereik.organisatie_id),
    )


def _gemeenten(organisatie_id: int) -> tuple[Keuze, ...]:
    query = (
        Gemeente.select(Gemeente.id, Gemeente.naam)
        .join(OrganisatieGemeente)
        .where(OrganisatieGemeente.organisatie == organisatie_id)
        .order_by(Gemeente.naam)
    )
    return tuple((str(i), naam) for i, naam in query.tuples())


def _teams(bereik: Bereik) -> tuple[Keuze, ...]:
    """All teams of the organisation; a klantmanager or intaker only their own."""
    query = Team.select(Team.id, Team.naam).where(Team.organisatie == bereik.organisatie_id)
    if bereik.beperkt:
        query = (
            query.where(Team.id == bereik.team_id)
            if bereik.team_id
            else query.where(Team.id.is_null())
        )
    return tuple((str(i), naam) for i, naam in query.order_by(Team.naam).tuples())


def _klantmanagers(bereik: Bereik) -> tuple[Keuze, ...]:
    """Everyone who can handle klanten; a klantmanager or intaker: themselves and their team."""
    query = Gebruiker.select().where(
        (Gebruiker.organisatie == bereik.organisatie_id) & Gebruiker.rol.in_(BEHANDELAARS)
    )
    if bereik.beperkt:
        eigen = Gebruiker.id == bereik.klantmanager_id
        if bereik.team_id:
            eigen = eigen | (Gebruiker.team == bereik.team_id)
        query = query.where(eigen)
    return tuple(
        (str(g.id), g.naam if g.actief else f"{g.naam} (inactief)")
        for g in query.order_by(Gebruiker.naam)
    )


def _subgroepen(organisatie_id: int) -> tuple[Keuze, ...]:
    """The seven of Table 3.3, then the organisation's own."""
    eigen = OrganisatieSubgroep.select().where(OrganisatieSubgroep.organisatie == organisatie_id)
    return (
        *((str(code), f"{code}. {s.naam}") for code, s in SUBGROEPEN.items()),
        *((s.code, s.naam) for s in eigen.order_by(OrganisatieSubgroep.code)),
    )
