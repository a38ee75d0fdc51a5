"""An import batch: the uploaded file kept server-side, bound to its user, between the dry
run and the commit. The commit checks the same rows again against the database as it is
then; nothing the browser sends back is trusted but the choice "alles of niets"."""

import json
import secrets
import zlib

from exchange import bestand, importeren
from exchange.bestand import Tabel
from exchange.importeren import Uitslag
from models import Gebruiker, db
from models.uitwisseling import Importbatch


def proef(inhoud: bytes, soort: str, gebruiker: Gebruiker, vandaag, grenzen):
    """Read and check every row; nothing is written. Returns the table and the check."""
    tabel = bestand.lees(inhoud, soort, grenzen)
    ctx = importeren.context(tabel, gebruiker.organisatie_id, vandaag)
    return tabel, importeren.controleer(tabel, ctx)


def _inpakken(tabel: Tabel) -> bytes:
    formules = [[nr, index, reden] for (nr, index), reden in tabel.formules.items()]
    data = {"kop": tabel.kop, "rijen": tabel.rijen, "formules": formules}
    return zlib.compress(json.dumps(data).encode("utf-8"))


def _uitpakken(inhoud: bytes) -> Tabel:
    data = json.loads(zlib.decompress(inhoud))
    formules = {(nr, index): reden for nr, index, reden in data["formules"]}
    return Tabel(data["kop"], [(nr, waarden) for nr, waarden in data["rijen"]], formules)


def bewaar(gebruiker: Gebruiker, naam: str, soort: str, tabel: Tabel, uitslag: Uitslag, now):
    """Keep the file, as read, and its dry-run report under a random key.

    The file is kept as the rows it was read into (compressed), so the commit checks the very
    same rows without opening a possibly hostile workbook a second time.
    """
    return Importbatch.create(
        sleutel=secrets.token_urlsafe(32),
        gebruiker=gebruiker.id,
        organisatie=gebruiker.organisatie_id,
        bestandsnaam=naam[:200],
        soort=soort,
        inhoud=_inpakken(tabel),
        rapport=json.dumps(uitslag.rapport()),
        aangemaakt=now,
    )


def zoek(sleutel: str, gebruiker: Gebruiker) -> Importbatch | None:
    """The batch with this key, only for the user who uploaded it."""
    return Importbatch.get_or_none(
        (Importbatch.sleutel == sleutel[:64]) & (Importbatch.gebruiker == gebruiker.id)
    )


def is_verlopen(batch: Importbatch, now, grenzen: bestand.Grenzen) -> bool:
    return batch.status == "verlopen" or (
        batch.status == "proef" and now - batch.aangemaakt > grenzen.bewaartijd
    )


def ruim_op(now, grenzen: bestand.Grenzen) -> int:
    """Forget the files of dry runs nobody committed in time: they hold BSNs.

    Runs on every upload, on the exchange pages and in `flask bewaartermijn`, so a file does
    not outlive its time by waiting for the next upload. It writes only when a file has
    expired, so opening a page takes no write lock. Returns the number of files forgotten.
    """
    verlopen = (Importbatch.status == "proef") & (Importbatch.aangemaakt < now - grenzen.bewaartijd)
    if not Importbatch.select(Importbatch.id).where(verlopen).exists():
        return 0
    with db.atomic():
        return Importbatch.update(status="verlopen", inhoud=None).where(verlopen).execute()


def verwerk(batch: Importbatch, gebruiker: Gebruiker, alles_of_niets: bool, now, vandaag):
    """Check the stored rows again and import the valid ones; call inside a transaction.

    Returns the new check, and whether anything was written (not when "alles of niets" was
    chosen and a row has a problem, nor when another request processed the batch first).
    """
    tabel = _uitpakken(bytes(batch.inhoud))
    ctx = importeren.context(tabel, gebruiker.organisatie_id, vandaag)
    uitslag = importeren.controleer(tabel, ctx)
    if alles_of_niets and uitslag.fouten:
        # Show the user what the check found now, which may differ from the dry run.
        rapport = json.dumps(uitslag.rapport())
        Importbatch.update(rapport=rapport).where(Importbatch.id == batch.id).execute()
        return uitslag, False
    claimed = (
        Importbatch.update(status="verwerkt", inhoud=None, verwerkt_op=now)
        .where((Importbatch.id == batch.id) & (Importbatch.status == "proef"))
        .execute()
    )
    if claimed != 1:
        return uitslag, False
    klanten, metingen = importeren.verwerk(uitslag, ctx, batch.id, gebruiker.id, now)
    Importbatch.update(
        aantal_klanten=klanten,
        aantal_metingen=metingen,
        alles_of_niets=alles_of_niets,
        rapport=json.dumps(uitslag.rapport()),
    ).where(Importbatch.id == batch.id).execute()
    return uitslag, True
