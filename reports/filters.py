"""The filter every report takes, and the part of it the user cannot choose: their reach."""

import dataclasses
from dataclasses import dataclass

from models.meting import KLANTKENMERK_VELDEN

# Filter value for a klantkenmerk that was left empty at the meting.
ONBEKEND = "onbekend"

# A vrijstelling arbeidsplicht is "ja" or a municipal code (Bijlage 1, item 6): anything
# filled in other than "nee" means the klant is exempted.
GEEN_VRIJSTELLING = ("", "nee")

# Who sees the whole organisation, and who only their own metingen or their team's.
HELE_ORGANISATIE = ("manager", "partner")
EIGEN_CASELOAD = ("klantmanager", "intaker")
RAPPORT_ROLLEN = HELE_ORGANISATIE + EIGEN_CASELOAD


@dataclass(frozen=True)
class Bereik:
    """What a user may count: klanten of one organisation, and for a klantmanager or intaker
    only the metingen they handle or that belong to their team."""

    organisatie_id: int
    beperkt: bool = False
    klantmanager_id: int | None = None
    team_id: int | None = None


@dataclass(frozen=True)
class Filter:
    """The selection of a report; every field applies to the counted meting of a klant."""

    bereik: Bereik
    gemeente_id: int | None = None
    team_id: int | None = None
    klantmanager_id: int | None = None
    subgroep: str | None = None
    aanleiding: str | None = None
    kenmerken: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for veld, _waarde in self.kenmerken:
            if veld not in KLANTKENMERK_VELDEN:
                raise ValueError(f"Onbekend klantkenmerk: {veld}")

    def alleen_bereik(self) -> "Filter":
        """The same reach without the chosen selection."""
        return Filter(bereik=self.bereik)

    def met(self, **wijzigingen) -> "Filter":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **wijzigingen)


def bereik_voor(rol: str, organisatie_id: int, gebruiker_id: int, team_id: int | None) -> Bereik:
    """The reach of a user with this role; ValueError for a role without reports."""
    if rol in HELE_ORGANISATIE:
        return Bereik(organisatie_id=organisatie_id)
    if rol in EIGEN_CASELOAD:
        return Bereik(organisatie_id, beperkt=True, klantmanager_id=gebruiker_id, team_id=team_id)
    raise ValueError(f"De rol {rol} heeft geen toegang tot rapportages")
