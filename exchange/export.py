"""An export of the participatiedatabase as one file: CSV, XLSX or the XML message."""

import datetime
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from exchange import bericht, rijen, schrijvers
from exchange.kolommen import kolommen


@dataclass(frozen=True)
class Export:
    mimetype: str
    extensie: str
    aantal: int  # metingen

    def omschrijving(self, met_persoonsgegevens: bool) -> str:
        """For the audit log: the kind and the number of rows (no BSN)."""
        tekst = f"participatiedatabase {self.extensie}: {self.aantal} metingen"
        return tekst + (", met persoonsgegevens" if met_persoonsgegevens else "")


@contextmanager
def tijdelijk_bestand() -> Iterator[BinaryIO]:
    """A file for an export, on disk rather than in memory, without a name (on Linux) and
    gone once it is closed. Closed here when making or logging the export fails; otherwise
    whoever sends it closes it (the response, once sent or broken off)."""
    bestand = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    try:
        yield bestand
    except BaseException:
        bestand.close()
        raise


def maak(
    formaat: str, query, met_persoonsgegevens: bool, now: datetime.datetime, uit: BinaryIO
) -> Export:
    """The metingen of the query, one row (or element) each, in the chosen format, written
    into uit (a tijdelijk_bestand).

    The rows are written as the query yields them and the file goes to disk, so the memory
    of an export does not grow with its metingen nor with the file it makes."""
    aantal = [0]

    def paren():
        for paar in rijen.rijen(query, met_persoonsgegevens):
            aantal[0] += 1
            yield paar

    if formaat == "xml":
        metingen = ((rij, rijen.gewijzigd(meting)) for meting, rij in paren())
        bericht.bericht_naar(uit, metingen, now)
        mimetype = bericht.XML_MIMETYPE
    else:
        namen = [k.naam for k in kolommen(met_persoonsgegevens)]
        alleen_rijen = (rij for _, rij in paren())
        if formaat == "xlsx":
            schrijvers.schrijf_xlsx_naar(uit, namen, alleen_rijen)
            mimetype = schrijvers.XLSX_MIMETYPE
        else:
            schrijvers.schrijf_csv_naar(uit, namen, alleen_rijen)
            mimetype = schrijvers.CSV_MIMETYPE
    return Export(mimetype, formaat, aantal[0])


def enkele_meting(meting, met_persoonsgegevens: bool, now: datetime.datetime) -> bytes:
    """The XML message holding one meting."""
    codes = rijen.srg_codes().get(meting.klant.organisatie_id, {})
    subgroepen = meting.subgroep_codes
    rij = rijen.meting_rij(meting, subgroepen, rijen.srg_van(meting, codes))
    if met_persoonsgegevens:
        rij.update(rijen.persoonsgegevens(meting.klant))
    return bericht.bericht([(rij, rijen.gewijzigd(meting))], now)
