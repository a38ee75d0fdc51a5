"""Writing the audit trail from a request: who, from where, what, with what result."""

from flask import has_request_context, request
from flask_login import current_user
from peewee import ModelSelect, Value

from models import Auditregel, AuditregelKlant, Klant, Meting
from services import clock


def log(
    actie: str,
    *,
    object_type: str = "",
    object_id: object = "",
    klant_id: int | None = None,
    resultaat: str = "gelukt",
    omschrijving: str = "",
    gebruiker=None,
    klanten: ModelSelect | list[int] | None = None,
    organisatie_id: int | None = None,
) -> Auditregel:
    """Append one Auditregel; call inside the transaction of the change it records.

    `klanten`: the klanten a search, list or bulk export showed (see noem_klanten), so each
    klant's own organisation sees the read and an inzage can list it.
    `organisatie_id`: the trail it belongs in, when not the actor's own organisation."""
    if gebruiker is None and has_request_context() and current_user.is_authenticated:
        gebruiker = current_user
    regel = Auditregel.create(
        tijdstip=clock.now(),
        gebruiker_id=gebruiker.id if gebruiker else None,
        gebruiker_naam=gebruiker.naam if gebruiker else "",
        organisatie_id=organisatie_id or (gebruiker.organisatie_id if gebruiker else None),
        actie=actie,
        object_type=object_type,
        object_id=str(object_id or "")[:40],
        klant_id=klant_id,
        resultaat=resultaat,
        oorsprong=(request.remote_addr or "")[:100] if has_request_context() else "cli",
        omschrijving=omschrijving[:2000],
    )
    if klanten is not None:
        noem_klanten(regel, klanten)
    return regel


def noem_klanten(regel: Auditregel, klanten: ModelSelect | list[int]) -> None:
    """Link the audit line to every klant it concerned: ids, or a query of klanten or of
    metingen (copied in the database, however many rows a bulk export holds)."""
    velden = [AuditregelKlant.auditregel_id, AuditregelKlant.klant_id]
    if isinstance(klanten, ModelSelect):
        kolom = Klant.id if klanten.model is Klant else Meting.klant
        ids = klanten.select(Value(regel.id), kolom).distinct().order_by()
        AuditregelKlant.insert_from(ids, velden).execute()
    elif klanten:
        rijen = [(regel.id, klant_id) for klant_id in dict.fromkeys(klanten)]
        AuditregelKlant.insert_many(rijen, velden).execute()
