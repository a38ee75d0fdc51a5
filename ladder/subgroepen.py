"""The seven subgroepen every municipality registers, with their definitions (Table 3.3).

A klant can belong to several subgroepen at once (§2.5), e.g. an uitkeringsgerechtigde
who follows an inburgeringstraject. Municipalities may add subgroepen of their own.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Subgroep:
    """A subgroep and the definition items (the dashes) listed for it in Table 3.3."""

    code: int
    naam: str
    definities: tuple[str, ...]
    voetnoot: str | None = None


SUBGROEPEN: dict[int, Subgroep] = {
    1: Subgroep(
        code=1,
        naam="Burger met gemeentelijke uitkering",
        definities=(
            "Ontvangt uitkering van de gemeente: WWB < 65 jaar, IOAW, IOAZ, WIK, Bbz",
            (
                "Uitgestroomd uit uitkering en half jaar gewerkt (wekeneis WW: 26 van de 36 "
                "weken gewerkt)"
            ),
        ),
    ),
    2: Subgroep(
        code=2,
        naam="Niet-uitkeringsgerechtigde",
        definities=(
            (
                "Nugger/ANW’er die ingeschreven staat als werkzoekend bij het CWI en een "
                "re-integratieaanbod heeft ontvangen van de gemeente"
            ),
        ),
    ),
    3: Subgroep(
        code=3,
        naam="Burger met re-integratieaanbod",
        definities=("Ontvangt een re-integratieaanbod gefinancierd uit het participatiebudget",),
    ),
    4: Subgroep(
        code=4,
        naam="Inburgeraar",
        definities=(
            "Door de gemeente inburgeringsplichtig verklaard",
            "Door de gemeente inburgeringsbehoeftig verklaard",
        ),
    ),
    5: Subgroep(
        code=5,
        naam="Burger met educatieaanbod",
        definities=("Educatieaanbod volgend gefinancierd uit het participatiebudget",),
    ),
    6: Subgroep(
        code=6,
        naam="Jongere tot 27 jaar die aanspraak maakt op leerwerkrecht",
        definities=(
            (
                "Jongere onder de 27 jaar die zich meldt bij de gemeentelijke sociale dienst en "
                "niet werkt of naar school gaat"
            ),
        ),
        # Footnote 2 of Table 3.3.
        voetnoot=(
            "De groep jongeren tot 27 jaar wordt alleen in de ladder opgenomen mits het "
            "participatiebudget voor deze groep wordt ingezet (bij invoering leerwerkrecht "
            "in 2009)."
        ),
    ),
    7: Subgroep(
        code=7,
        naam="Burger met UWV-uitkering",
        definities=("Ontvangt een uitkering van UWV: WW, Wajong, WAO, WIA",),
    ),
}
