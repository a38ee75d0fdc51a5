"""Every free-text field of every form is plain text (one validator, put on by BaseForm), and
the import applies the same rule (issue 14, items 5 and 18)."""

import html
import importlib
import pkgutil
import re

import pytest
from flask import render_template_string
from wtforms.fields.core import UnboundField
from wtforms.meta import DefaultMeta

import forms
import models
from forms import BaseForm
from forms.validators import gewone_tekst, meerregelige_tekst
from ladder.tekst import MELDING_ONZICHTBAAR
from models import Klant, Plaatsing
from tests.exchange.test_uitwisseling_import import GOED, KOP
from tests.fixtures.klant import KLANT_FORMULIER as NIEUW
from tests.fixtures.uitwisseling import maak_csv, upload

TEKSTVELDEN = {"StringField", "EmailField", "SearchField", "TextAreaField"}


def _formulieren() -> set[type]:
    for module in pkgutil.iter_modules(forms.__path__):
        importlib.import_module(f"forms.{module.name}")
    gevonden, open_ = set(), [BaseForm]
    while open_:
        for sub in open_.pop().__subclasses__():
            gevonden.add(sub)
            open_.append(sub)
    return gevonden


def _gebonden_tekstvelden(app):
    with app.test_request_context():
        for formulier in _formulieren():
            for naam in dir(formulier):
                veld = getattr(formulier, naam, None)
                if isinstance(veld, UnboundField) and veld.field_class.__name__ in TEKSTVELDEN:
                    opties = {"name": naam, "prefix": "", "_meta": DefaultMeta()}
                    yield formulier, naam, BaseForm.Meta.bind_field(None, None, veld, opties)


def test_every_text_field_of_every_form_gets_the_plain_text_check(app):
    gezien = []
    for formulier, naam, veld in _gebonden_tekstvelden(app):
        controle = meerregelige_tekst if veld.type == "TextAreaField" else gewone_tekst
        assert veld.validators.count(controle) == 1, (formulier.__name__, naam)
        gezien.append(f"{formulier.__name__}.{naam}")
    # The fields the probe named are among them.
    for naam in (
        "GebruikerForm.naam",
        "InstrumentForm.naam",
        "ProjectForm.naam",
        "PlaatsingForm.sector",
        "SubgroepForm.naam",
        "KenmerkForm.vraag",
        "TokenForm.naam",
        "KenmerkenForm.afdeling",
        "KenmerkenForm.toelichting",
        "MeetmomentForm.code_toelichting",
        "BeoordelingForm.reden",
        "KlantForm.achternaam",
    ):
        assert naam in gezien, naam


@pytest.mark.parametrize("achternaam", ["Çelik", "محمد", "כהן", "Ĳsselmeer"])
def test_names_in_every_script_are_registered(client, logged_in, achternaam):
    logged_in()
    response = client.submit("/klanten/nieuw", {**NIEUW, "achternaam": achternaam})
    assert response.status_code == 303
    assert Klant.get().achternaam == achternaam


@pytest.mark.parametrize(
    ("veld", "waarde"),
    [
        ("achternaam", "Jansen\u202eTest"),
        ("achternaam", "Pie\u200bters"),
        ("adres", "Laan 1\u200f"),
    ],
)
def test_invisible_characters_are_refused_next_to_the_field_and_in_the_summary(
    client, logged_in, veld, waarde
):
    logged_in()
    response = client.submit("/klanten/nieuw", {**NIEUW, veld: waarde})
    assert response.status_code == 422
    pagina = html.unescape(response.get_data(as_text=True))
    assert pagina.count(MELDING_ONZICHTBAAR) == 2  # above the field and in the error summary
    assert f'href="#{veld}"' in pagina
    assert Klant.select().count() == 0


def test_a_sector_with_a_control_character_is_refused(client, logged_in, make_klant):
    """The sector "zorg\x01" once broke the project's verantwoording workbook for good (item 5)."""
    km = logged_in("klantmanager")
    org = km.organisatie
    project = models.Project.create(organisatie=org, naam="Banenoffensief", doel_aantal=10)
    klant = make_klant(org)
    url = f"/klanten/{klant.id}/plaatsingen/nieuw"
    velden = {
        "project": str(project.id),
        "aard": "betaald_werk",
        "opleidingsniveau": "mbo",
        "begindatum-dag": "1",
        "begindatum-maand": "5",
        "begindatum-jaar": "2026",
        "gerealiseerd_door": str(org.id),
    }
    response = client.submit(url, {**velden, "sector": "zorg\x01"})
    assert response.status_code == 422, response.status_code
    assert "geen onzichtbare tekens" in response.get_data(as_text=True)
    assert Plaatsing.select().count() == 0
    assert client.submit(url, {**velden, "sector": "zorg"}).status_code == 303
    assert Plaatsing.get().sector == "zorg"


def _waarden(**over) -> list[str]:
    return [{**GOED, **over}.get(k, "") for k in KOP]


@pytest.fixture
def km(logged_in, clock):
    return logged_in("klantmanager")


def test_the_import_applies_the_same_rule_to_its_text_cells(client, km):
    rijen = [
        _waarden(achternaam="Pie\u200bters"),
        _waarden(bsn="111222333", afdeling="Werk\u202e"),
        _waarden(bsn="999993653", toelichting="regel\x01"),
        _waarden(bsn="100000009", achternaam="محمد", toelichting="Eerste regel\nTweede\tregel"),
    ]
    response = upload(client, maak_csv([KOP, *rijen]), "tekst.csv")
    assert response.status_code == 303
    rapport = models.Importbatch.get().rapport_dict
    fouten = {(rij, kolom) for rij, kolom, _ in rapport["fouten"]}
    assert fouten == {(2, "achternaam"), (3, "afdeling"), (4, "toelichting")}
    assert MELDING_ONZICHTBAAR in [melding for *_, melding in rapport["fouten"]]
    # The fourth row, Arabic and a multi-line toelichting, is good.
    assert rapport["rijen_fout"] == 3 and rapport["rijen"] == 4


# --------------------------------------------------------------------------- the counter
#
# A text area with a limit is not cut off by the browser (no maxlength); it carries its limit
# for static/js/teller.js and, without JavaScript, says it in a hint (issue 16, desk).


def _met_limiet(app):
    """(form name, bound field) for every text area with a Length limit, as the form binds it."""
    with app.test_request_context():
        for formulier in _formulieren():
            namen = [
                naam
                for naam in dir(formulier)
                if isinstance(getattr(formulier, naam, None), UnboundField)
                and getattr(formulier, naam).field_class.__name__ == "TextAreaField"
            ]
            if namen:
                velden = formulier(meta={"csrf": False})
                for naam in namen:
                    if velden[naam].flags.maxlength:
                        yield formulier.__name__, velden[naam]


def test_every_text_area_with_a_limit_carries_it_and_says_it(app):
    gezien = {}
    for formulier, veld in _met_limiet(app):
        with app.test_request_context():
            html_ = render_template_string(
                '{% from "_forms.html" import field %}{{ field(veld) }}', veld=veld
            )
        textarea = re.search(r"<textarea[^>]*>", html_).group(0)
        limiet = veld.flags.maxlength
        assert f'data-max-tekens="{limiet}"' in textarea and "maxlength" not in textarea
        hint = f'id="{veld.id}-teller">Maximaal {limiet} tekens.</p>'
        assert hint in html_, formulier
        beschreven = re.search(r'aria-describedby="([^"]*)"', textarea).group(1).split()
        assert f"{veld.id}-teller" in beschreven, formulier
        gezien[f"{formulier}.{veld.name}"] = limiet
    assert gezien["KenmerkenForm.toelichting"] == 5000
    assert gezien["MeetmomentForm.code_toelichting"] == 2000
    assert gezien["BeoordelingForm.reden"] == 2000


def test_a_text_area_without_a_limit_has_no_counter(app):
    with app.test_request_context():
        veld = next(
            v for v in forms.organisatie.KenmerkForm(meta={"csrf": False}) if v.name == "opties"
        )
        html_ = render_template_string(
            '{% from "_forms.html" import field %}{{ field(veld) }}', veld=veld
        )
    assert "data-max-tekens" not in html_ and "-teller" not in html_


def test_the_kenmerken_page_says_the_limit_once_and_loads_the_counter(
    client, logged_in, make_klant, meting
):
    from tests.views.test_metingen import _tot_kenmerken

    km = logged_in()
    page = client.get(_tot_kenmerken(meting, make_klant(km.organisatie).id, "intake")).get_data(
        as_text=True
    )
    assert 'name="toelichting"' in page and 'data-max-tekens="5000"' in page
    assert page.count("Maximaal 5000 tekens.") == 1  # the hint, not the description as well
    assert '<script src="/static/js/teller.js" defer></script>' in page
    with client.get("/static/js/teller.js") as response:
        assert response.status_code == 200 and "data-max-tekens" in response.get_data(as_text=True)
