"""The participatiedatabase as rows: one per meting, every field of the data set."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import JOIN

from exchange.kolommen import KENMERK_CODES, PERSOONSGEGEVENS
from ladder.srg import srg_code
from ladder.vragen import geldige_antwoorden
from models import Gebruiker, Gemeente, Klant, Meting, MetingSubgroep, Organisatie, Team
from models.uitwisseling import SrgInstelling
from reports.filters import Filter
from reports.peil import voorwaarden

Exportrij = dict[str, object]  # column name -> str, int, date or None

Klantmanager = Gebruiker.alias("klantmanager")
Invoerder = Gebruiker.alias("invoerder")
KlantGemeente = Gemeente.alias("klant_gemeente")


@dataclass(frozen=True)
class Selectie:
    """Which metingen an export holds (the klanten are chosen by the caller)."""

    van: datetime.date | None = None
    tot: datetime.date | None = None  # inclusive
    met_vervangen: bool = False
    gewijzigd_na: datetime.datetime | None = None
    # The reports' filter (reach, gemeente, team, klantmanager, subgroep, aanleiding), applied
    # to every meting rather than to the one that counts at a peildatum.
    filter: Filter | None = None

    @property
    def statussen(self) -> tuple[str, ...]:
        return ("definitief", "vervangen") if self.met_vervangen else ("definitief",)


def _kolommen() -> list:
    """The columns a row (meting_rij, persoonsgegevens, srg_van, gewijzigd) reads, and no
    others: of the 111 columns of the seven tables, peewee turning every one of every row
    into attributes was most of the time of an export of 16 000 metingen."""
    meting = [
        *(Meting.id, Meting.klant, Meting.organisatie, Meting.invoerder, Meting.klantmanager),
        *(Meting.team, Meting.meetdatum, Meting.aanleiding, Meting.uitstroomreden),
        *(Meting.volgende_meetdatum, Meting.afdeling, Meting.trede, Meting.groeipotentieel),
        *(Meting.code_toelichting, Meting.toelichting, Meting.status, Meting.antwoorden),
        Meting.gewijzigd,
        *(getattr(Meting, code) for code in KENMERK_CODES),
    ]
    klant = [Klant.id, Klant.gemeente, Klant.organisatie, Klant.geanonimiseerd, Klant.gewijzigd]
    klant += [getattr(Klant, kolom.naam) for kolom in PERSOONSGEGEVENS]
    return [
        *meting,
        *klant,
        *(KlantGemeente.id, KlantGemeente.cbs_code, KlantGemeente.naam),
        *(Klantmanager.id, Klantmanager.naam, Klantmanager.email),
        *(Invoerder.id, Invoerder.naam, Team.id, Team.naam, Organisatie.id, Organisatie.naam),
    ]


def metingen(klanten, selectie: Selectie):
    """The metingen of these klanten, with what a row needs joined in, in a stable order."""
    query = (
        Meting.select(*_kolommen())
        .join(Klant)
        .join(KlantGemeente, JOIN.LEFT_OUTER, on=(Klant.gemeente == KlantGemeente.id))
        .switch(Meting)
        .join(Klantmanager, JOIN.LEFT_OUTER, on=(Meting.klantmanager == Klantmanager.id))
        .switch(Meting)
        .join(Invoerder, on=(Meting.invoerder == Invoerder.id))
        .switch(Meting)
        .join(Team, JOIN.LEFT_OUTER)
        .switch(Meting)
        .join(Organisatie)
        .where(Meting.klant.in_(klanten.select(Klant.id)) & Meting.status.in_(selectie.statussen))
    )
    if selectie.van:
        query = query.where(Meting.meetdatum >= selectie.van)
    if selectie.tot:
        query = query.where(Meting.meetdatum <= selectie.tot)
    if selectie.gewijzigd_na:
        # A change to the klant (name, address, gemeente, anonymisation) is part of every
        # meting's message too, so it sends the klant's metingen again.
        na = selectie.gewijzigd_na
        query = query.where((Meting.gewijzigd > na) | (Klant.gewijzigd > na))
    if selectie.filter is not None and (lijst := voorwaarden(selectie.filter, Klant, Meting)):
        query = query.where(*lijst)
    # Ordered by what identifies a meting across installations, not by ids.
    return query.order_by(Klant.bsn, Meting.meetdatum, Meting.aanleiding, Meting.id)


def gewijzigd(meting: Meting) -> datetime.datetime:
    """When the meting's message last changed: the meting itself or its klant's data."""
    return max(meting.gewijzigd, meting.klant.gewijzigd)


class Subgroepen:
    """The subgroep codes of the query's metingen, read alongside them: the same query (so
    the same order of metingen) joined to their subgroepen, each meting's codes in a row.
    Asked for each meting in the query's order, it reads on to that meting's codes, so no
    export holds the codes of all its metingen at once (for 100 000 metingen a dict of
    them took 40 MB)."""

    def __init__(self, query) -> None:
        paren = (
            query.select(Meting.id, MetingSubgroep.subgroep)
            .switch(Meting)
            .join(MetingSubgroep, on=(MetingSubgroep.meting == Meting.id))
            .order_by_extend(MetingSubgroep.subgroep)
            .tuples()
        )
        self._paren = iter(paren.iterator())
        self._volgende = next(self._paren, None)

    def van(self, meting_id: int) -> list[str]:
        """The codes of this meting; ask for every meting of the query, in its order."""
        codes = []
        while self._volgende is not None and self._volgende[0] == meting_id:
            codes.append(self._volgende[1])
            self._volgende = next(self._paren, None)
        return codes

    def gelezen(self) -> bool:
        """Every code was handed out (else the order of metingen was not the query's)."""
        return self._volgende is None


def srg_codes() -> dict[int, dict[int, str]]:
    """Every organisation's mapping of the codes 0/8/9 (a small table)."""
    return {rij.organisatie_id: rij.codes for rij in SrgInstelling.select()}


def srg_van(meting: Meting, codes: dict[int, str]) -> str:
    """The SRG code of a meting: P-instrument used (lopend or nieuw) and Table 1.1."""
    if meting.trede is None:
        return ""
    gebruikt = meting.lopend_p_instrument == "ja" or meting.nieuw_p_instrument == "ja"
    return srg_code(meting.trede, gebruikt, codes)


def rijen(query, met_persoonsgegevens: bool) -> Iterator[tuple[Meting, Exportrij]]:
    """Each meting of the query with its row."""
    subgroepen = Subgroepen(query)
    mappings = srg_codes()
    for meting in query.iterator():
        codes = mappings.get(meting.klant.organisatie_id, {})
        rij = meting_rij(meting, subgroepen.van(meting.id), srg_van(meting, codes))
        if met_persoonsgegevens:
            rij.update(persoonsgegevens(meting.klant))
        yield meting, rij
    if not subgroepen.gelezen():
        raise RuntimeError("De subgroepen kwamen niet in de volgorde van de metingen.")


def persoonsgegevens(klant: Klant) -> Exportrij:
    """The personal data of Bijlage 1, with the BSN as the key; empty once anonymised."""
    if klant.geanonimiseerd:
        return dict.fromkeys((kolom.naam for kolom in PERSOONSGEGEVENS), "")
    return {kolom.naam: getattr(klant, kolom.naam) for kolom in PERSOONSGEGEVENS}


def meting_rij(m: Meting, subgroepen: list[str], srg: str) -> Exportrij:
    """Every field of one meting (without the personal data)."""
    klant = m.klant
    gemeente = klant.gemeente if klant.gemeente_id else None
    km = m.klantmanager if m.klantmanager_id else None
    antwoorden = geldige_antwoorden(m.antwoorden_dict)
    rij: Exportrij = {
        "meting_id": m.id,
        "klant_id": klant.id,
        "gemeente_code": gemeente.cbs_code if gemeente else "",
        "gemeente": gemeente.naam if gemeente else "",
        "meetdatum": m.meetdatum,
        "aanleiding": m.aanleiding,
        "uitstroomreden": m.uitstroomreden,
        "volgende_meetdatum": m.volgende_meetdatum,
        "klantmanager": km.naam if km else "",
        "klantmanager_email": km.email if km else "",
        "team": m.team.naam if m.team_id else "",
        "afdeling": m.afdeling,
        "invoerder": m.invoerder.naam,
        "organisatie": m.organisatie.naam,
        "trede": m.trede,
        "groeipotentieel": m.groeipotentieel or "",
        "code_toelichting": m.code_toelichting,
        "subgroepen": ",".join(subgroepen),
        "toelichting": m.toelichting,
        "status": m.status,
        "srg_code": srg,
    }
    for n in range(1, 6):
        antwoord = antwoorden.get(f"V{n}")
        rij[f"v{n}"] = "" if antwoord is None else ("ja" if antwoord else "nee")
    for code in KENMERK_CODES:
        rij[code] = getattr(m, code)
    return rij


def eigen_vrijstellingscodes(organisatie_id: int) -> list[str]:
    """The gemeente's own codes for the vrijstelling arbeidsplicht (klantkenmerk 6) that its
    metingen hold, besides ja and nee: the import template lists them."""
    kolom = Meting.vrijstelling_arbeidsplicht
    query = (
        Meting.select(kolom)
        .distinct()
        .where((Meting.organisatie == organisatie_id) & kolom.not_in(("ja", "nee", "")))
        .where(kolom.is_null(False))
        .order_by(kolom)
    )
    return [code for (code,) in query.tuples()]
