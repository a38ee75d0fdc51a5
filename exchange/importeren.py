"""Import: the dry run over every row, and the commit of the valid rows in one transaction.

A meting is identified by BSN + meetdatum + aanleiding: importing the same file twice
creates nothing the second time. Klanten are created in the importing user's organisation;
a klant that exists there already is left as it is.
"""

import datetime
from dataclasses import dataclass, field

from exchange import metingvelden, validatie
from exchange.bestand import Bestandsfout, Tabel
from exchange.kolommen import ALLE_KOLOMMEN
from exchange.validatie import Bronrij, Context, Fout
from ladder.subgroepen import SUBGROEPEN
from models import (
    Gebruiker,
    Gemeente,
    Klant,
    Meting,
    MetingSubgroep,
    OrganisatieGemeente,
    OrganisatieSubgroep,
    Team,
    db,
)
from models.uitwisseling import ImportMeting
from services import metingen

MAX_GEMELDE_FOUTEN = 1000
BLOK = 500  # ids per IN (…) and rows per multi-row INSERT
FORMULE = "De cel bevat een formule; alleen waarden worden ingelezen."


@dataclass
class Importregel:
    """A valid row: a klant to create (or an existing one) and perhaps a meting."""

    nr: int
    bsn: str
    klant: dict | None
    meting: dict | None
    subgroepen: list[str]
    dubbel: bool = False  # the meting exists already


@dataclass
class Uitslag:
    rijen: int = 0
    regels: list[Importregel] = field(default_factory=list)
    fouten: list[Fout] = field(default_factory=list)
    rijen_fout: int = 0
    genegeerde_kolommen: list[str] = field(default_factory=list)
    waarschuwingen: list[Fout] = field(default_factory=list)

    def omschrijving(self) -> str:
        """For the audit log: what the import created (no BSN)."""
        verslag = self.rapport()
        return (
            f"import: {verslag['klanten_nieuw']} klanten en "
            f"{verslag['metingen_nieuw']} metingen aangemaakt"
        )

    def rapport(self) -> dict:
        """The summary and the problems, as stored with the batch and shown to the user."""
        nieuw = {r.bsn for r in self.regels if r.klant}
        metingen = [r for r in self.regels if r.meting]
        return {
            "rijen": self.rijen,
            "rijen_fout": self.rijen_fout,
            "klanten_nieuw": len(nieuw),
            "klanten_bestaand": len({r.bsn for r in self.regels} - nieuw),
            "metingen_nieuw": sum(1 for r in metingen if not r.dubbel),
            "metingen_dubbel": sum(1 for r in metingen if r.dubbel),
            "aantal_fouten": len(self.fouten),
            "fouten": [[f.rij, f.kolom, f.melding] for f in self.fouten[:MAX_GEMELDE_FOUTEN]],
            "genegeerde_kolommen": self.genegeerde_kolommen,
            "waarschuwingen": [
                [w.rij, w.kolom, w.melding] for w in self.waarschuwingen[:MAX_GEMELDE_FOUTEN]
            ],
        }


def kolommen(tabel: Tabel) -> tuple[list[str | None], list[str]]:
    """The known column per position (None for others), and the names that are ignored."""
    bekend = {k.naam for k in ALLE_KOLOMMEN}
    if len(set(tabel.kop)) != len(tabel.kop):
        raise Bestandsfout("Een kolomnaam komt meer dan eens voor in de kopregel.")
    if "bsn" not in tabel.kop:
        raise Bestandsfout("De kolom bsn ontbreekt in de kopregel.")
    genegeerd = [naam for naam in tabel.kop if naam not in bekend and naam]
    return [naam if naam in bekend else None for naam in tabel.kop], genegeerd


def context(tabel: Tabel, organisatie_id: int, vandaag: datetime.date) -> Context:
    """Look up, in a few queries, everything the rows of this file refer to."""
    kolommen(tabel)  # a file without a bsn column stops here
    index = tabel.kop.index("bsn")
    nummers = {validatie.normaliseer_bsn(w[index]) for _, w in tabel.rijen if index < len(w)}
    klanten = _klanten(organisatie_id, sorted(n for n in nummers if n))
    gebruikers = Gebruiker.select(Gebruiker.email, Gebruiker.id).where(
        (Gebruiker.organisatie == organisatie_id)
        & Gebruiker.rol.in_(("klantmanager", "intaker", "partner"))
    )
    gemeenten = (
        Gemeente.select(Gemeente.cbs_code, Gemeente.id)
        .join(OrganisatieGemeente)
        .where(OrganisatieGemeente.organisatie == organisatie_id)
    )
    eigen_subgroepen = OrganisatieSubgroep.van(organisatie_id)
    return Context(
        organisatie_id=organisatie_id,
        vandaag=vandaag,
        klanten=klanten,
        meting_sleutels=_meting_sleutels(list(klanten.values())),
        klantmanagers={email.lower(): gid for email, gid in gebruikers.tuples()},
        teams=dict(
            Team.select(Team.naam, Team.id).where(Team.organisatie == organisatie_id).tuples()
        ),
        gemeenten=dict(gemeenten.tuples()),
        subgroepen={str(c) for c in SUBGROEPEN} | {s.code for s in eigen_subgroepen},
    )


def _blokken(waarden: list) -> list[list]:
    return [waarden[i : i + BLOK] for i in range(0, len(waarden), BLOK)]


def _klanten(organisatie_id: int, nummers: list[str]) -> dict[str, int]:
    """The organisation's own klanten with these BSNs; other organisations' are not read."""
    gevonden = {}
    for blok in _blokken(nummers):
        query = Klant.select(Klant.bsn, Klant.id).where(
            (Klant.organisatie == organisatie_id) & Klant.bsn.in_(blok)
        )
        gevonden.update(query.tuples())
    return gevonden


def _meting_sleutels(klant_ids: list[int]) -> set[tuple[str, datetime.date, str]]:
    sleutels = set()
    for blok in _blokken(klant_ids):
        query = (
            Meting.select(Klant.bsn, Meting.meetdatum, Meting.aanleiding)
            .join(Klant)
            .where(Meting.klant.in_(blok) & (Meting.status != "concept"))
        )
        sleutels.update(query.tuples())
    return sleutels


def controleer(tabel: Tabel, ctx: Context) -> Uitslag:
    """The dry run: every row checked, nothing written."""
    namen, genegeerd = kolommen(tabel)
    uitslag = Uitslag(rijen=len(tabel.rijen), genegeerde_kolommen=genegeerd)
    eerder: dict[tuple, int] = {}
    op_datum: dict[tuple, tuple[int, str]] = {}
    for nr, waarden in tabel.rijen:
        rij = Bronrij(nr, {naam: w for naam, w in zip(namen, waarden, strict=False) if naam})
        for (fnr, index), _reden in tabel.formules.items():
            if fnr == nr and index < len(namen):
                rij.fout(namen[index] or tabel.kop[index], FORMULE)
        regel = _regel(rij, ctx)
        if regel is not None and regel.meting:
            _dubbel(rij, regel, ctx, eerder)
            _zelfde_dag(rij, regel, op_datum, uitslag)
        if rij.fouten:
            uitslag.fouten.extend(rij.fouten)
            uitslag.rijen_fout += 1
        else:
            uitslag.regels.append(regel)
    return uitslag


def _regel(rij: Bronrij, ctx: Context) -> Importregel | None:
    nummer = validatie.bsn(rij, ctx)
    werkproces = validatie.werkproces(rij, ctx)
    klant = None
    if nummer and nummer not in ctx.klanten:
        klant = {**validatie.klant(rij, ctx, nummer), **werkproces}
        klant.pop("afdeling")
    meting = None
    subgroepen: list[str] = []
    if any(rij.get(k) for k in ("meetdatum", "aanleiding", "trede")):
        meting = {**metingvelden.meting(rij, ctx), **werkproces}
        subgroepen = metingvelden.subgroepen(rij, ctx)
    return Importregel(rij.nr, nummer, klant, meting, subgroepen) if nummer else None


def _dubbel(rij: Bronrij, regel: Importregel, ctx: Context, eerder: dict[tuple, int]) -> None:
    sleutel = (regel.bsn, regel.meting["meetdatum"], regel.meting["aanleiding"])
    if None in sleutel or rij.fouten:
        return
    if sleutel in eerder:
        rij.fout("meetdatum", f"Deze meting staat al in rij {eerder[sleutel]} van het bestand.")
        return
    eerder[sleutel] = rij.nr
    regel.dubbel = sleutel in ctx.meting_sleutels


def _zelfde_dag(rij: Bronrij, regel: Importregel, op_datum: dict, uitslag: Uitslag) -> None:
    """Two metingen of one klant on one day with other aanleidingen: both are imported, and
    which counts in a report then depends on the order of the rows. Say so."""
    sleutel = (regel.bsn, regel.meting["meetdatum"])
    aanleiding = regel.meting["aanleiding"]
    if None in sleutel or rij.fouten:
        return
    if sleutel not in op_datum:
        op_datum[sleutel] = (rij.nr, aanleiding)
        return
    eerste, andere = op_datum[sleutel]
    if andere != aanleiding:
        melding = (
            f"Rij {eerste} heeft een meting van deze klant op dezelfde datum met een andere "
            "aanleiding. Beide worden ingelezen; welke in de rapporten telt, hangt dan af van de "
            "volgorde. Controleer of dat de bedoeling is."
        )
        uitslag.waarschuwingen.append(Fout(rij.nr, "meetdatum", melding))


def verwerk(uitslag: Uitslag, ctx: Context, batch_id: int, invoerder_id: int, now) -> tuple:
    """Create the klanten and metingen of the valid rows; call inside a transaction.

    Rows go in as multi-row INSERTs that return the new ids with the row's key, so ten
    thousand rows take a few dozen statements.
    """
    klant_ids = dict(ctx.klanten)
    nieuw: dict[str, dict] = {}
    for regel in uitslag.regels:
        if regel.klant and regel.bsn not in klant_ids:
            nieuw.setdefault(regel.bsn, {**regel.klant, "aangemaakt": now, "gewijzigd": now})
    for rij_id, bsn in _voeg_toe(Klant, list(nieuw.values()), Klant.bsn):
        klant_ids[bsn] = rij_id
    regels = [r for r in uitslag.regels if r.meting and not r.dubbel]
    velden = [_meting_velden(r, klant_ids[r.bsn], ctx, invoerder_id, now) for r in regels]
    sleutels = (Meting.klant, Meting.meetdatum, Meting.aanleiding)
    meting_ids = {tuple(sleutel): mid for mid, *sleutel in _voeg_toe(Meting, velden, *sleutels)}
    subgroepen, koppelingen = [], []
    for regel, rij in zip(regels, velden, strict=True):
        meting_id = meting_ids[(rij["klant"], rij["meetdatum"], rij["aanleiding"])]
        subgroepen += [(meting_id, code) for code in regel.subgroepen]
        koppelingen.append((batch_id, meting_id))
    _voeg_in([MetingSubgroep.meting, MetingSubgroep.subgroep], subgroepen)
    _voeg_in([ImportMeting.importbatch, ImportMeting.meting], koppelingen)
    return len(nieuw), len(koppelingen)


def _voeg_in(velden: list, rijen: list[tuple]) -> None:
    """Insert rows of plain values (ids, codes) into the columns of velden, a block per
    statement, as _voeg_toe does: peewee's insert_many cost more than the database."""
    tabel = velden[0].model._meta.table_name
    kolommen = ", ".join(f'"{f.column_name}"' for f in velden)
    plek = "(" + ", ".join([db.obj.param] * len(velden)) + ")"
    for blok in _blokken(rijen):
        sql = f'INSERT INTO "{tabel}" ({kolommen}) VALUES {", ".join([plek] * len(blok))}'  # noqa: S608 - names from the model
        db.execute_sql(sql, [waarde for rij in blok for waarde in rij])


def _voeg_toe(model, rijen: list[dict], *sleutel) -> list[tuple]:
    """Insert the rows; (id, *key) of each, in no particular order.

    One multi-row INSERT … RETURNING per block, written here rather than by peewee's
    insert_many, whose query building costs more than the database for ten thousand rows.
    Fields a row leaves out get the model's default, as Model.create would give them.
    """
    velden = [f for f in model._meta.sorted_fields if not f.primary_key]
    kolommen = ", ".join(f'"{f.column_name}"' for f in velden)
    plek = "(" + ", ".join([db.obj.param] * len(velden)) + ")"
    terug_kolommen = ", ".join(f'"{f.column_name}"' for f in (model.id, *sleutel))
    terug = []
    for blok in _blokken(rijen):
        waarden = [f.db_value(_waarde(rij, f)) for rij in blok for f in velden]
        sql = (
            f'INSERT INTO "{model._meta.table_name}" ({kolommen}) '  # noqa: S608 - names from the model
            f"VALUES {', '.join([plek] * len(blok))} RETURNING {terug_kolommen}"
        )
        for rij in db.execute_sql(sql, waarden).fetchall():
            terug.append(
                (rij[0], *(f.python_value(w) for f, w in zip(sleutel, rij[1:], strict=True)))
            )
    return terug


def _waarde(rij: dict, veld):
    if veld.name in rij:
        return rij[veld.name]
    return veld.default() if callable(veld.default) else veld.default


def _meting_velden(regel: Importregel, klant_id: int, ctx: Context, invoerder_id: int, now) -> dict:
    """An imported meting is complete: the columns the meting service gives a whole one."""
    return metingen.complete_velden(
        **regel.meting,
        klant=klant_id,
        organisatie=ctx.organisatie_id,
        bron="import",
        invoerder=invoerder_id,
        aangemaakt=now,
        gewijzigd=now,
        definitief_op=now,
    )
