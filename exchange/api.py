"""The read-only API for client-tracking systems: its token, its one parameter, its log."""

import datetime
from typing import BinaryIO

from exchange import export, rijen
from exchange.export import Export
from models import Auditregel, Klant
from models.uitwisseling import ApiToken


def token_uit_header(header: str) -> ApiToken | None:
    """The token row named by "Authorization: Bearer <token>", revoked or not."""
    soort, _, waarde = header.partition(" ")
    return ApiToken.zoek(waarde.strip()) if soort.lower() == "bearer" else None


def tijdstip(waarde: str) -> datetime.datetime | None:
    """An ISO 8601 timestamp as naive UTC (as the database stores it); no offset means UTC."""
    try:
        tijd = datetime.datetime.fromisoformat(waarde.replace("Z", "+00:00"))
    except ValueError:
        return None
    if tijd.tzinfo is not None:
        tijd = tijd.astimezone(datetime.UTC).replace(tzinfo=None)
    return tijd


def metingen_sinds(
    token: ApiToken, sinds: datetime.datetime, now, uit: BinaryIO
) -> tuple[Export, object]:
    """The XML message of the organisation's own klanten's metingen changed after `sinds`,
    or whose klant's data changed after it (the message carries those data too), written
    into uit (an export.tijdelijk_bestand).

    Replaced metingen are included (status "vervangen"), so a receiving system learns that
    a meting it has was corrected. Call inside a transaction. Also the query of the metingen
    sent, so the audit line can name their klanten.
    """
    klanten = Klant.select().where(Klant.organisatie == token.organisatie_id)
    selectie = rijen.Selectie(met_vervangen=True, gewijzigd_na=sinds)
    query = rijen.metingen(klanten, selectie)
    bestand = export.maak("xml", query, True, now, uit)
    ApiToken.update(laatst_gebruikt=now).where(ApiToken.id == token.id).execute()
    return bestand, query


def log(token: ApiToken | None, resultaat: str, omschrijving: str, oorsprong: str, now):
    """One audit line per call: no user, the token's organisation, the caller's address."""
    return Auditregel.create(
        tijdstip=now,
        organisatie_id=token.organisatie_id if token else None,
        actie="exporteren" if resultaat == "gelukt" else "geweigerd",
        object_type="api",
        object_id=str(token.id) if token else "",
        resultaat=resultaat,
        oorsprong=oorsprong[:100],
        omschrijving=omschrijving,
    )
