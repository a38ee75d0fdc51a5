"""Who may see and do what with klant data. Every denial is logged and answered with 404,
so that guessing an id tells nothing about whether it exists."""

from flask import abort
from flask_login import current_user

from models import Instrument, Klant, Meting, Plaatsing, Toegang, Traject, db
from models.vaste_query import VasteQuery
from services import audit, clock
from services.auth import roles_required

# Roles that work with klant data. A beheerder manages accounts and sees no klant data.
LEZEN = ("manager", "klantmanager", "intaker", "partner")
METEN = ("klantmanager", "intaker", "partner")


def mag_klanten_zien(gebruiker=None) -> bool:
    gebruiker = gebruiker or current_user
    return gebruiker.is_authenticated and gebruiker.rol in LEZEN


def mag_meten(gebruiker=None) -> bool:
    gebruiker = gebruiker or current_user
    return gebruiker.is_authenticated and gebruiker.rol in METEN


def zichtbare_klanten(gebruiker=None):
    """The klanten this user may see: those of their own organisation, and those another
    organisation gave it access to (a toegang in force today)."""
    gebruiker = gebruiker or current_user
    if not mag_klanten_zien(gebruiker):
        return Klant.select().where(Klant.id.is_null())  # nothing
    via_toegang = (
        Toegang.actief(clock.today())
        .where(Toegang.organisatie == gebruiker.organisatie_id)
        .select(Toegang.klant)
    )
    return Klant.select().where(
        (Klant.organisatie == gebruiker.organisatie_id) | Klant.id.in_(via_toegang)
    )


def mag_klant_zien(klant: Klant, gebruiker=None) -> bool:
    """zichtbare_klanten() for one klant already read: its own organisation's klant, or one
    reached through a toegang in force today (one indexed lookup, only for a partner)."""
    gebruiker = gebruiker or current_user
    if not mag_klanten_zien(gebruiker):
        return False
    if klant.organisatie_id == gebruiker.organisatie_id:
        return True
    return (
        Toegang.actief(clock.today())
        .where((Toegang.organisatie == gebruiker.organisatie_id) & (Toegang.klant == klant.id))
        .exists()
    )


def is_eigen_klant(klant: Klant, gebruiker=None) -> bool:
    """The klant belongs to the user's own organisation (not reached through a toegang)."""
    gebruiker = gebruiker or current_user
    return klant.organisatie_id == gebruiker.organisatie_id


def mag_beheren_voor_klant(klant: Klant, gebruiker=None) -> bool:
    """Grant toegang and judge partner metingen: the klant's own klantmanagers and intakers."""
    gebruiker = gebruiker or current_user
    return is_eigen_klant(klant, gebruiker) and gebruiker.rol in ("klantmanager", "intaker")


def weiger(object_type: str, object_id, klant_id=None):
    """Log the denied attempt and answer 404."""
    with db.atomic():
        audit.log(
            "geweigerd",
            object_type=object_type,
            object_id=object_id,
            klant_id=klant_id,
            resultaat="geweigerd",
        )
    abort(404)


# The two lookups below read the row by its primary key and apply the rule of
# zichtbare_klanten() in Python (mag_klant_zien): the same answer, without a subquery over
# all the organisation's klanten on every page of a meting.


# The klant page and the start of a meting read the klant by its id: its SQL built once.
_KLANT = VasteQuery(
    lambda klant_id: Klant.select().where(Klant.id == klant_id).limit(1), -4_242_424_205
)


def klant_of_404(klant_id: int) -> Klant:
    klant = _KLANT.eerste(Klant.id.db_value(klant_id)) if mag_klanten_zien() else None
    if klant is None or not mag_klant_zien(klant):
        weiger("klant", klant_id)
    return klant


# Every page of a meting reads it with its klant: 80 columns, whose SQL is built only once.
_METING_MET_KLANT = VasteQuery(
    lambda meting_id: (
        Meting.select(Meting, Klant).join(Klant).where(Meting.id == meting_id).limit(1)
    ),
    -4_242_424_242,
)


def meting_of_404(meting_id: int) -> Meting:
    """A meting of a visible klant; someone else's concept is not visible."""
    meting = _METING_MET_KLANT.eerste(Meting.id.db_value(meting_id)) if mag_klanten_zien() else None
    if (
        meting is None
        or (meting.status == "concept" and meting.invoerder_id != current_user.id)
        or not mag_klant_zien(meting.klant)
    ):
        weiger("meting", meting_id)
    return meting


# The pages that record metingen: start, answer, correct; trajecten and plaatsingen.
alleen_metende_rollen = roles_required(
    *METEN, object_type="meting", omschrijving="rol mag niet meten"
)


def zichtbare_trajecten(klant):
    """The klant's own organisation sees every traject; a partner only the ones it registered."""
    if is_eigen_klant(klant):
        return _trajecten(klant)
    return _trajecten(klant, current_user.organisatie_id)


def zichtbare_plaatsingen(klant):
    if is_eigen_klant(klant):
        return _plaatsingen(klant)
    return _plaatsingen(klant, current_user.organisatie_id)


def _trajecten(klant, organisatie=None):
    query = Traject.select(Traject, Instrument).join(Instrument).where(Traject.klant == klant)
    if organisatie is not None:
        query = query.where(Traject.organisatie == organisatie)
    return query.order_by(Traject.begindatum.desc(), Traject.id.desc())


def _plaatsingen(klant, organisatie=None):
    query = Plaatsing.select().where(Plaatsing.klant == klant)
    if organisatie is not None:
        query = query.where(Plaatsing.organisatie == organisatie)
    return query.order_by(Plaatsing.begindatum.desc())


# The klant page lists both, for its own klanten or a partner's: SQL built once for each.
_TRAJECTEN = (
    VasteQuery(_trajecten, -4_242_424_213),
    VasteQuery(_trajecten, -4_242_424_214, -4_242_424_215),
)
_PLAATSINGEN = (
    VasteQuery(_plaatsingen, -4_242_424_216),
    VasteQuery(_plaatsingen, -4_242_424_217, -4_242_424_218),
)


def trajecten_en_plaatsingen(klant) -> tuple[list, list]:
    """zichtbare_trajecten and zichtbare_plaatsingen of the klant, as lists."""
    if is_eigen_klant(klant):
        return _TRAJECTEN[0].rijen(klant), _PLAATSINGEN[0].rijen(klant)
    organisatie = current_user.organisatie_id
    return _TRAJECTEN[1].rijen(klant, organisatie), _PLAATSINGEN[1].rijen(klant, organisatie)
