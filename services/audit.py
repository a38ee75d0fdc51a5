"""Writing the audit trail from a request: who, from where, what, with what result."""

from flask import has_request_context, request
from flask_login import current_user

from models import Auditregel
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
    organisatie_id: int | None = None,
) -> Auditregel:
    """Append one Auditregel; call inside the transaction of the change it records.
    organisatie_id: the trail it belongs in, when not the actor's own organisation."""
    if gebruiker is None and has_request_context() and current_user.is_authenticated:
        gebruiker = current_user
    return Auditregel.create(
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
