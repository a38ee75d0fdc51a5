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
    """The metingen of the query, one row (or element) each, in the chosen format."""
    paren = list(rijen.rijen(query, met_persoonsgegevens))
    if formaat == "xml":
        metingen = [(rij, rijen.gewijzigd(meting)) for meting, rij in paren]
        return Export(bericht.bericht(metingen, now), bericht.XML_MIMETYPE, "xml", len(paren))
    namen = [k.naam for k in kolommen(met_persoonsgegevens)]
    alleen_rijen = (rij for _, rij in paren)
    if formaat == "xlsx":
        inhoud = schrijvers.schrijf_xlsx(namen, alleen_rijen)
        return Export(inhoud, schrijvers.XLSX_MIMETYPE, "xlsx", len(paren))
    inhoud = schrijvers.schrijf_csv(namen, alleen_rijen)
    return Export(inhoud, schrijvers.CSV_MIMETYPE, "csv", len(paren))


def enkele_meting(meting, met_persoonsgegevens: bool, now: datetime.datetime) -> bytes:
    """The XML message holding one meting."""
    codes = rijen.srg_codes().get(meting.klant.organisatie_id, {})
    subgroepen = meting.subgroep_codes
    rij = rijen.meting_rij(meting, subgroepen, rijen.srg_van(meting, codes))
    if met_persoonsgegevens:
        rij.update(rijen.persoonsgegevens(meting.klant))
    return bericht.bericht([(rij, rijen.gewijzigd(meting))], now)
