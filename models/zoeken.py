"""Searching names the way people type them: without caring about case or accents.

"celik" finds Çelik, "ozturk" finds Öztürk and "ijsselmeer" finds Ĳsselmeer, on SQLite and on
PostgreSQL alike. SQLite's LIKE ignores case for ASCII only, and PostgreSQL's lower() under
the C locale does the same; neither knows about accents. So the same folding runs on both
sides: in Python for the search term, and in SQL for the column, where SQLite calls the
Python function itself (registered on every connection) and PostgreSQL gets translate() with
a table made from the same function, needing no extension (unaccent) or locale."""

import unicodedata

from peewee import fn

# Letters that Unicode does not decompose into a base letter and an accent.
EIGEN = {"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "ħ": "h"}
# Letters whose folded form is two letters; PostgreSQL's translate() maps one to one.
TWEE_LETTERS = {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ĳ": "ij", "Ĳ": "ij"}


def zoekvorm(tekst: str | None) -> str:
    """The text folded for searching: lower case, without accents."""
    if not tekst:
        return ""
    tekst = "".join(EIGEN.get(teken) or TWEE_LETTERS.get(teken, teken) for teken in tekst)
    ontleed = unicodedata.normalize("NFKD", tekst)
    zonder_accenten = "".join(t for t in ontleed if not unicodedata.combining(t))
    return zonder_accenten.casefold()


def _vertaaltabel() -> tuple[str, str]:
    """(from, to) for translate(): every Latin letter with an accent, and the upper-case
    ASCII letters, to one lower-case ASCII letter."""
    van, naar = [], []
    for code in [*range(ord("A"), ord("Z") + 1), *range(0xC0, 0x250)]:
        teken = chr(code)
        gevouwen = zoekvorm(teken)
        if teken not in TWEE_LETTERS and len(gevouwen) == 1 and gevouwen != teken:
            van.append(teken)
            naar.append(gevouwen)
    return "".join(van), "".join(naar)


VAN, NAAR = _vertaaltabel()


def gevouwen(kolom, sqlite: bool):
    """The SQL expression of the column folded as zoekvorm() folds a text."""
    if sqlite:
        return fn.zoekvorm(kolom)
    for teken, vervanging in TWEE_LETTERS.items():
        kolom = fn.replace(kolom, teken, vervanging)
    return fn.lower(fn.translate(kolom, VAN, NAAR))
