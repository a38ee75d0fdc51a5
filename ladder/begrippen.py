"""Terms in the instrument's own wording that are no longer current (the sources date from
2009–2010). The instrument's texts stay as they are; where one of these terms appears, the
page links to its explanation in the Handleiding."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Begrip:
    term: str
    voluit: str
    uitleg: str

    @property
    def anker(self) -> str:
        """The id of its entry in the Handleiding."""
        return "begrip-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


BEGRIPPEN: tuple[Begrip, ...] = (
    Begrip(
        "WWB",
        "Wet werk en bijstand",
        "De bijstandswet van 2004 tot 2015. Sinds 1 januari 2015 is dat de Participatiewet; "
        "een WWB-uitkering heet nu een bijstandsuitkering (Participatiewet).",
    ),
    Begrip(
        "CWI",
        "Centrum voor Werk en Inkomen",
        "Waar werkzoekenden zich inschreven. Sinds 2009 is het CWI opgegaan in UWV "
        "(eerst UWV WERKbedrijf); inschrijven als werkzoekende gaat nu bij UWV.",
    ),
    Begrip(
        "Nugger",
        "niet-uitkeringsgerechtigde",
        "Iemand die werk zoekt en geen uitkering ontvangt (ook geschreven als NUGger). "
        "De gemeente kan ook deze mensen ondersteunen bij het vinden van werk.",
    ),
    Begrip(
        "ANW",
        "Algemene nabestaandenwet",
        "Een ANW'er ontvangt een nabestaandenuitkering van de SVB (tegenwoordig afgekort als Anw).",
    ),
    Begrip(
        "WSW",
        "Wet sociale werkvoorziening",
        "Beschut werk bij een sw-bedrijf (intern, gedetacheerd of begeleid werken). Sinds de "
        "Participatiewet (2015) is er geen nieuwe instroom; wie al in de WSW werkte, houdt "
        "die rechten. De Participatiewet kent in plaats daarvan beschut werk.",
    ),
    Begrip(
        "IOAW",
        "Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte werkloze werknemers",
        "Een uitkering van de gemeente voor oudere werklozen, na afloop van de WW.",
    ),
    Begrip(
        "IOAZ",
        "Wet inkomensvoorziening oudere en gedeeltelijk arbeidsongeschikte gewezen zelfstandigen",
        "Een uitkering van de gemeente voor oudere zelfstandigen die met hun bedrijf stoppen.",
    ),
    Begrip(
        "WIK",
        "Wet inkomensvoorziening kunstenaars",
        "Een uitkering voor beginnende kunstenaars, uitgevoerd door gemeenten; later de WWIK, "
        "afgeschaft in 2012.",
    ),
    Begrip(
        "Bbz",
        "Besluit bijstandverlening zelfstandigen",
        "Bijstand van de gemeente voor (startende) zelfstandigen. Bestaat nog (Bbz 2004).",
    ),
)


def in_tekst(*teksten: str | Iterable[str]) -> list[Begrip]:
    """The terms that occur in these texts (each a text or a list of texts) as a word, or the
    first part of one ("WWB-uitkering"), in the order of BEGRIPPEN."""
    samen = "\n".join(t if isinstance(t, str) else "\n".join(t) for t in teksten)
    return list(_in(samen))


_PATRONEN = tuple((b, re.compile(rf"(?<![\w-]){re.escape(b.term)}(?!\w)", re.I)) for b in BEGRIPPEN)


# The pages of a meting ask this of the same instrument texts on every request: a search
# for each term in them cost a page of a question more than its form.
@functools.lru_cache(maxsize=256)
def _in(samen: str) -> tuple[Begrip, ...]:
    return tuple(b for b, patroon in _PATRONEN if patroon.search(samen))
