"""The export is written into a temporary file and sent from it in chunks (issue 17, item
4c): the browser gets that file whole, and the file is closed (gone) once the response is
sent, broken off, or not made at all; nothing stays behind in the temporary directory."""

import io
import tempfile

import pytest

from services import audit
from tests.fixtures.uitwisseling import exporteer, maak_meting, xlsx_rijen

AANTAL = 80  # metingen: the CSV and XML take more than one chunk of 64 kB


class Bewaard(io.BytesIO):
    """A temporary file that keeps what it held when it was closed."""

    inhoud = b""

    def close(self) -> None:
        if not self.closed:
            self.inhoud = self.getvalue()
        super().close()


@pytest.fixture
def metingen(logged_in, make_klant):
    km = logged_in("klantmanager")
    for _ in range(AANTAL // 20):
        klant = make_klant(km.organisatie)
        for n in range(20):
            toelichting = f"Gesprek {n}: " + "werk " * 200
            maak_meting(klant, km, klantmanager=km, toelichting=toelichting)
    return km


@pytest.fixture
def bestanden(monkeypatch):
    """The temporary files the export makes, as Bewaard files."""
    gemaakt: list[Bewaard] = []

    def maak(*args, **kwargs):
        gemaakt.append(Bewaard())
        return gemaakt[-1]

    monkeypatch.setattr(tempfile, "TemporaryFile", maak)
    return gemaakt


@pytest.mark.parametrize("formaat", ["csv", "xlsx", "xml"])
def test_a_large_export_is_sent_as_its_file_and_the_file_closed(
    client, metingen, bestanden, formaat
):
    response = exporteer(client, formaat=formaat, met_persoonsgegevens="y")
    assert response.status_code == 200
    [bestand] = bestanden
    assert bestand.closed and response.get_data() == bestand.inhoud
    assert response.content_length == len(bestand.inhoud)
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    assert response.headers["Cache-Control"] == "no-store"
    if formaat == "csv":
        assert len(bestand.inhoud) > 64 * 1024
        assert bestand.inhoud.decode("utf-8-sig").count("\r\n") == AANTAL + 1
    elif formaat == "xlsx":
        assert len(xlsx_rijen(bestand.inhoud)) == AANTAL + 1


def test_a_download_broken_off_closes_its_file(client, metingen, bestanden):
    # The WSGI server closes the response when the browser goes away.
    response = client.submit(
        "/uitwisseling/export", {"formaat": "xml"}, token_from="/uitwisseling", buffered=False
    )
    assert len(next(iter(response.response))) == 64 * 1024
    [bestand] = bestanden
    assert not bestand.closed
    response.close()
    assert bestand.closed


def test_an_export_that_fails_closes_its_file(client, metingen, bestanden, monkeypatch):
    def mislukt(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(audit, "log", mislukt)
    assert exporteer(client, formaat="csv").status_code == 500
    [bestand] = bestanden
    assert bestand.closed


def test_no_file_stays_behind_in_the_temporary_directory(client, metingen, monkeypatch, tmp_path):
    map_ = tmp_path / "tijdelijk"
    map_.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(map_))
    echt, geopend = tempfile.TemporaryFile, []

    def maak(*args, **kwargs):
        geopend.append(echt(*args, **kwargs))
        return geopend[-1]

    monkeypatch.setattr(tempfile, "TemporaryFile", maak)
    for formaat in ("csv", "xlsx", "xml"):
        assert exporteer(client, formaat=formaat).status_code == 200
    assert len(geopend) == 3 and all(bestand.closed for bestand in geopend)
    assert list(map_.iterdir()) == []


def test_the_audit_log_is_sent_from_a_temporary_file_too(client, logged_in, bestanden):
    logged_in("beheerder")
    response = client.get("/beheer/audit/export.csv")
    assert response.status_code == 200
    [bestand] = bestanden
    assert bestand.closed and response.get_data() == bestand.inhoud
    assert response.headers["Content-Disposition"] == 'attachment; filename="auditlog.csv"'
