"""Fixtures that read the source documents, so the instrument's texts can be checked verbatim."""

import re
from pathlib import Path

import pytest

# Copies of the project's source documents, kept with the tests so that a fresh clone
# compares the instrument's texts with them too (names as in the seeds).
BRONNEN = Path(__file__).resolve().parent / "bronnen"
BROCHURE = "000_5a12a0acea29fc92.txt"
REGIOPLAN = "001_fde24924811e1cc2.txt"
GEGEVENSSET = "002_6131c12c1954a611.txt"

# A hyphen at the end of a printed line is either a word split by the typesetter
# ("uitkerings-\ninstantie") or a real hyphen that happened to fall there ("re-\nintegratie").
# The normalised text keeps such a hyphen as this marker, and a quote may read it either way.
AFBREEKSTREEP = "\x00"


def normaliseer(tekst: str) -> str:
    """Mark hyphens at line ends and collapse every run of whitespace to one space."""
    # Only a hyphen glued to a word can be a word split; " - " at a line end is a dash.
    tekst = re.sub(r"(?<=\w)-[ \t]*\n\s*", AFBREEKSTREEP, tekst)
    return re.sub(r"\s+", " ", tekst).strip()


def patroon(citaat: str) -> str:
    """A regex that finds the quote in normalised text, reading line-end hyphens either way."""
    delen = []
    for teken in " ".join(citaat.split()):
        if teken == "-":
            delen.append(f"[-{AFBREEKSTREEP}]")
        elif teken == " ":
            delen.append(" ")
        else:
            delen.append(re.escape(teken) + f"{AFBREEKSTREEP}?")
    return "".join(delen)


class Bron:
    """A source document, normalised, that can say where a quote occurs."""

    def __init__(self, pad: Path) -> None:
        self.tekst = normaliseer(pad.read_text(encoding="utf-8"))

    def positie(self, citaat: str, vanaf: int = 0, hoofdletters: bool = True) -> int:
        """Start of the first occurrence at or after ``vanaf``, or -1 if the quote is absent."""
        vlaggen = 0 if hoofdletters else re.IGNORECASE
        gevonden = re.compile(patroon(citaat), vlaggen).search(self.tekst, vanaf)
        return gevonden.start() if gevonden else -1

    def bevat(self, citaat: str, hoofdletters: bool = True) -> bool:
        """Whether the quote occurs; ``hoofdletters=False`` compares case-insensitively."""
        return self.positie(citaat, hoofdletters=hoofdletters) >= 0


def _laad(naam: str) -> Bron:
    """Load a source document; a missing one fails the tests instead of skipping them."""
    return Bron(BRONNEN / naam)


@pytest.fixture(scope="session")
def regioplan() -> Bron:
    """Regioplan's report: the instrument (Tables 1.1, 2.1, 3.1, 3.2, 3.3)."""
    return _laad(REGIOPLAN)


@pytest.fixture(scope="session")
def gegevensset() -> Bron:
    """CP-ICT's impact analysis, whose Bijlage 1 lists the klantkenmerken."""
    return _laad(GEGEVENSSET)


@pytest.fixture(scope="session")
def brochure() -> Bron:
    """The VNG brochure, with the four client stories the casusbank starts from."""
    return _laad(BROCHURE)
