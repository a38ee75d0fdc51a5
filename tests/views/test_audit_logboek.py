"""No BSN in the application log: the log files are read by operations staff and kept far
longer than a klant's data, and a database error's detail can quote the BSN."""

import io
import logging

import pytest

from services.logboek import maskeer

BSN = "111222333"  # passes the 11-proef
DETAIL = f'duplicate key value violates unique constraint "klant_bsn"\nDETAIL:  Key (bsn)=({BSN})'


@pytest.fixture
def logregels(app):
    """Whatever app.logger writes, as a log file would hold it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    app.logger.addHandler(handler)
    yield stream
    app.logger.removeHandler(handler)


def test_an_exception_naming_a_bsn_is_logged_masked(app, logregels, caplog):
    try:
        raise RuntimeError(DETAIL)
    except RuntimeError:
        app.logger.exception("Onverwachte fout bij klant %s", BSN)
    tekst = logregels.getvalue()
    assert BSN not in tekst and BSN not in caplog.text
    assert "Onverwachte fout bij klant *********" in tekst
    assert "Key (bsn)=(*********)" in tekst and "Traceback" in tekst  # still useful to read


def test_an_unexpected_error_in_a_request_reaches_the_log_without_the_bsn(
    app, client, logregels, caplog
):
    def kapot():
        raise RuntimeError(DETAIL)

    app.add_url_rule("/test-kapot", "test_kapot", kapot)
    response = client.get("/test-kapot")
    assert response.status_code == 500
    assert BSN not in response.get_data(as_text=True)
    tekst = logregels.getvalue()
    assert "Onverwachte fout" in tekst and "Key (bsn)=(*********)" in tekst
    assert BSN not in tekst and BSN not in caplog.text


def test_only_runs_of_exactly_nine_digits_are_masked():
    assert maskeer(f"bsn={BSN}, klant 42") == "bsn=*********, klant 42"
    assert maskeer("telefoon 0612345678, postcode 3511") == "telefoon 0612345678, postcode 3511"
    assert maskeer("12345678") == "12345678"
    assert maskeer(f"{BSN}/{BSN}") == "*********/*********"
