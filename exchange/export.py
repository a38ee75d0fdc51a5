"""An export of the participatiedatabase as one file: CSV, XLSX or the XML message."""

import datetime
from dataclasses import dataclass

from exchange import bericht, rijen, schrijvers
from exchange.kolommen import kolommen


@dataclass(frozen=True)
class Export:
    inhoud: bytes
    mimetype: str
    extensie: str
    aantal: int  # metingen

    def omschrijving(self, met_persoonsgegevens: bool) -> str:
        """For the audit log: the kind and the number of rows (no BSN)."""
        tekst = f"participatiedatabase {self.extensie}: {self.aantal} metingen"
        return tekst + (", met persoonsgegevens" if met_persoonsgegevens else "")


def maak(formaat: str, query, met_persoonsgegevens: bool, now: datetime.datetime) -> Export:
    """The metingen of the query, one row (or element) each, in the chosen format.

    The rows are written as the query yields them, never all held at once: the memory of an
    export is that of the file it makes (compressed, for XLSX), not of its metingen."""
    aantal = [0]

    def paren():
        for paar in rijen.rijen(query, met_persoonsgegevens):
            aantal[0] += 1
            yield paar

    if formaat == "xml":
        metingen = ((rij, rijen.gewijzigd(meting)) for meting, rij in paren())
        inhoud, mimetype = bericht.bericht(metingen, now), bericht.XML_MIMETYPE
    else:
        namen = [k.naam for k in kolommen(met_persoonsgegevens)]
        alleen_rijen = (rij for _, rij in paren())
        if formaat == "xlsx":
            inhoud, mimetype = (
                schrijvers.schrijf_xlsx(namen, alleen_rijen),
                schrijvers.XLSX_MIMETYPE,
            )
        else:
            inhoud, mimetype = schrijvers.schrijf_csv(namen, alleen_rijen), schrijvers.CSV_MIMETYPE
    return Export(inhoud, mimetype, formaat, aantal[0])


def enkele_meting(meting, met_persoonsgegevens: bool, now: datetime.datetime) -> bytes:
    """The XML message holding one meting."""
    codes = rijen.srg_codes().get(meting.klant.organisatie_id, {})
    subgroepen = meting.subgroep_codes
    rij = rijen.meting_rij(meting, subgroepen, rijen.srg_van(meting, codes))
    if met_persoonsgegevens:
        rij.update(rijen.persoonsgegevens(meting.klant))
    return bericht.bericht([(rij, rijen.gewijzigd(meting))], now)
