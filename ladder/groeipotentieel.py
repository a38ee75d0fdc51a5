"""The growth-potential question per trede (Table 3.2) and the meaning of 0 and + (§3.3).

Groeipotentieel is recorded at every meting: ja gives "+", nee gives "0". On trede 6 it
does not apply (n.v.t.), and the codes 0, 8 and 9 have no trede to grow from.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Voorbeeld:
    """An example situation from Table 3.2 with the answer the report expects."""

    tekst: str
    uitkomst: str  # "+" or "0"


@dataclass(frozen=True)
class GroeiVraag:
    """The one growth-potential question asked for a trede."""

    trede: int
    tekst: str
    voorbeelden: tuple[Voorbeeld, ...]


GROEIVRAGEN: dict[int, GroeiVraag] = {
    5: GroeiVraag(
        trede=5,
        tekst=(
            "Verwacht u dat de klant binnen een jaar zonder of met minder ondersteuning kan werken?"
        ),
        voorbeelden=(
            Voorbeeld("Werkt parttime met uitkering: meer uren mogelijk", "+"),
            Voorbeeld("Heeft tijdelijke voorziening (bijv. lks)", "+"),
            Voorbeeld("In dienst van WSW-organisatie met indicatie begeleid werken", "+"),
            Voorbeeld("In dienst van WSW-organisatie zonder indicatie begeleid werken", "0"),
            Voorbeeld("Werkt begeleid in het kader van de WSW", "0"),
            Voorbeeld("BBL", "0"),
        ),
    ),
    4: GroeiVraag(
        trede=4,
        tekst=(
            "Verwacht u dat de klant binnen een jaar betaald kan werken met of zonder "
            "ondersteuning?"
        ),
        voorbeelden=(Voorbeeld("Zit in een traject met doel betaald werk", "+"),),
    ),
    3: GroeiVraag(
        trede=3,
        tekst=(
            "Verwacht u dat de klant binnen een jaar betaald of onbetaald kan werken "
            "(al dan niet binnen een traject)?"
        ),
        voorbeelden=(),
    ),
    2: GroeiVraag(
        trede=2,
        tekst=(
            "Verwacht u dat de klant binnen een jaar kan deelnemen aan georganiseerde "
            "activiteiten (inclusief trajecten)?"
        ),
        voorbeelden=(),
    ),
    1: GroeiVraag(
        trede=1,
        tekst=(
            "Verwacht u dat de klant binnen een jaar in contact kan en wil komen met anderen "
            "in informeel of georganiseerd verband?"
        ),
        voorbeelden=(),
    ),
}

STANDAARD = "0"

# §3.3 "Vaststellen groeipotentieel", verbatim.
UITLEG: dict[str, str] = {
    "0": (
        "geen groeipotentieel (dit is de standaardcode). Dat wil zeggen dat de uitvoerder "
        "op het betreffende meetmoment niet verwacht dat de burger het komende jaar naar "
        "een hoger participatieniveau zal stijgen; het huidige niveau is voorlopig het "
        "maximaal haalbare voor de burger. Om te voorkomen dat burgers op een bepaald "
        "niveau worden geparkeerd, is het belangrijk het groeipotentieel bij elke "
        "participatiemeting opnieuw vast te stellen."
    ),
    "+": (
        "Wel groeipotentieel. Dat wil zeggen dat de uitvoerder op het betreffende "
        "meetmoment verwacht dat de burger het komende jaar zal stijgen naar een hoger "
        "participatieniveau."
    ),
}


def groeivraag(trede: int) -> GroeiVraag | None:
    """The question for treden 1-5; None for trede 6 (n.v.t.) and for the codes 0, 8, 9."""
    return GROEIVRAGEN.get(trede)


def groeipotentieel_uit_antwoord(ja: bool) -> str:
    """Translate the answer to the growth question: ja gives "+", nee gives "0"."""
    return "+" if ja else "0"
