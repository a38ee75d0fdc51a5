"""Every free-text field of every form is plain text (one validator, put on by BaseForm), and
the import applies the same rule (issue 14, items 5 and 18)."""

import html
import importlib
import pkgutil

import pytest
from wtforms.fields.core import UnboundField
from wtforms.meta import DefaultMeta

import forms
import models
from forms import BaseForm
from forms.validators import gewone_tekst, meerregelige_tekst
from ladder.tekst import MELDING_ONZICHTBAAR
from models import Klant, Plaatsing
from tests.fixtures.uitwisseling import maak_csv, upload
from tests.test_klanten import NIEUW
from tests.test_uitwisseling_import import GOED, KOP

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
