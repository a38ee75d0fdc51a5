"""Stored prints: a dossierblad or historieoverzicht is rendered once and then served again,
byte for byte, for as long as nothing printed on it has changed.

Whether anything changed is decided by a fingerprint of what is printed: the rows and the
summary handed to the template (the historieoverzicht's rows as the database gave them,
which are only made into metingen when the print is rendered), the templates and the code
that shape them, and the release. A changed klant, meting, name or setting gives another
fingerprint, and so a new copy, whatever made the change. On top of that every change of a
klant's personal data or of its metingen deletes the klant's stored copies (`vergeet`), so
that an old name, address or toelichting is not kept in them after it was corrected or
anonymised.

Who may print is decided before any of this (services/toegang.py), and every print, also a
stored one, is logged by the caller.
"""

import datetime
import hashlib
from functools import cache
from pathlib import Path

import weasyprint

from models import Afdruk, Klant, is_sqlite
from version import VERSIE

ROOT = Path(__file__).resolve().parent.parent
# What shapes a print besides its data: a new template or rule text prints anew.
OPMAAK = (
    ROOT / "templates",
    ROOT / "ladder",
    ROOT / "services" / "samenvatting.py",
    ROOT / "services" / "grafiek.py",
    ROOT / "services" / "dates.py",
    ROOT / "services" / "pdf.py",
    ROOT / "views" / "pdf.py",
)


@cache
def _opmaak() -> bytes:
    """The release, the renderer and the files in OPMAAK, once per process."""
    inhoud = hashlib.sha256(f"{VERSIE} {weasyprint.__version__}".encode())
    for bron in OPMAAK:
        for pad in sorted([bron] if bron.is_file() else bron.rglob("*")):
            if pad.is_file() and pad.suffix in (".html", ".css", ".py"):
                inhoud.update(str(pad.relative_to(ROOT)).encode() + b"\0" + pad.read_bytes())
    return inhoud.digest()


def rij(model) -> tuple:
    """A row's columns and values, in a fixed order (an id is not its content)."""
    return (type(model).__name__, *sorted(model.__data__.items()))


def vingerafdruk(*inhoud) -> str:
    """sha256 of what is printed: rows (see `rij`), summaries, names; deterministic reprs."""
    return hashlib.sha256(_opmaak() + repr(inhoud).encode()).hexdigest()


def bewaard(sleutel: str, afdruk: str) -> bytes | None:
    """The stored PDF for this key, if it was made from the same content."""
    pdf = (
        Afdruk.select(Afdruk.pdf)
        .where((Afdruk.sleutel == sleutel) & (Afdruk.vingerafdruk == afdruk))
        .scalar()
    )
    return bytes(pdf) if pdf is not None else None


def bewaar(
    sleutel: str, klant: Klant, afdruk: str, pdf: bytes, vastgelegd_op: datetime.datetime
) -> bool:
    """Store (or replace) the copy; call inside a transaction. Not when the klant changed
    while it was rendered: then it is out of date already, and may hold a name that the
    change removed. A change that comes later deletes it again: the klant's row stays
    locked until the commit (PostgreSQL), and SQLite has one writer at a time anyway."""
    versie = Klant.select(Klant.versie).where(Klant.id == klant.id)
    versie = (versie if is_sqlite() else versie.for_update()).scalar()
    if versie != klant.versie:
        return False
    velden = {
        Afdruk.sleutel: sleutel,
        Afdruk.klant: klant.id,
        Afdruk.vingerafdruk: afdruk,
        Afdruk.vastgelegd_op: vastgelegd_op,
        Afdruk.pdf: pdf,
    }
    Afdruk.insert(velden).on_conflict(
        conflict_target=[Afdruk.sleutel],
        preserve=[Afdruk.klant, Afdruk.vingerafdruk, Afdruk.vastgelegd_op, Afdruk.pdf],
    ).execute()
    return True


def vergeet(klant_id: int) -> None:
    """Delete every stored print of this klant; call in the transaction of the change."""
    Afdruk.delete().where(Afdruk.klant == klant_id).execute()
