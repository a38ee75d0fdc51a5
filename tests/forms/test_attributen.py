"""The cheaper html_params (forms/attributen.py) writes exactly what WTForms' own writes."""

import pytest
from markupsafe import Markup
from wtforms.fields.choices import Choice
from wtforms.widgets import core

from forms import attributen

GEVALLEN = [
    {},
    {"name": "antwoord", "id": "antwoord-0", "type": "radio", "value": "ja"},
    {"class_": "keuze__invoer", "checked": True, "required": True, "disabled": False},
    {"data_max_tekens": 2000, "aria_describedby": "x-hint x-fout", "aria-invalid": "true"},
    {"value": "a \"quote\" & <tag> 'single'"},
    {"value": Markup('al "veilig" <b>')},
    {"value": 0, "min": 1.5, "max": None, "step": "any"},
    {"label": "Groep <1>", "for_": "veld"},
    {"value": "Ünïcødé — ‘x’"},
    {"weird<key>": "v", "a&b": True},
]


@pytest.mark.parametrize("kwargs", GEVALLEN)
def test_zelfde_als_wtforms(kwargs):
    ons = attributen.html_params(**kwargs)
    hun = attributen._wtforms_html_params(**kwargs)
    assert isinstance(ons, Markup)
    assert ons == hun


def test_geinstalleerd_voor_elke_widget():
    assert core.html_params is attributen.html_params
    assert core.Input.html_params is attributen.html_params
    assert core.Button.html_params is attributen.html_params


OPTIES = [
    Choice("", "Geen klantmanager", False, {}),
    Choice("12", 'Medewerker <012> & "zo"', True, {}),
    Choice(True, None, False, None),
    Choice(False, "Nee", True, None),
    Choice('a"b', Markup("<b>vet</b>"), False, {}),
    Choice(7, "", False, {}),
    Choice("x", "Met eigen attributen", False, {"disabled": True, "data_x": "1"}),
]


@pytest.mark.parametrize("keuze", OPTIES)
def test_opties_zelfde_als_wtforms(keuze):
    ons = core.Select.render_option(keuze)
    hun = attributen._wtforms_render_option.__func__(core.Select, keuze)
    assert ons == hun
    assert core.Select.render_option(
        keuze, class_="x"
    ) == attributen._wtforms_render_option.__func__(core.Select, keuze, class_="x")


def test_radio_opties_zelfde_als_wtforms(app):
    """forms.attributen.opties gives the inputs and labels that iterating the field gives."""
    from wtforms import RadioField
    from wtforms.fields.choices import SelectChoice
    from wtforms.validators import DataRequired, Optional

    from forms import BaseForm, keuzes
    from forms.fields import MultiCheckboxField

    class Formulier(BaseForm):
        verplicht = RadioField(
            "V",
            choices=keuzes([("ja", "Ja"), ("nee", 'Nee <"zeker">')]),
            validators=[DataRequired()],
        )
        vrij = RadioField(
            "W",
            choices=[SelectChoice(1, "Een"), SelectChoice(2)],
            coerce=int,
            validators=[Optional()],
        )
        eigen = RadioField("X", choices=keuzes([("a", "A")]), render_kw={"data_x": "y"})
        vinkjes = MultiCheckboxField("Y", choices=keuzes([("p", "P"), ("q", "Q")]))

    with app.test_request_context():
        for data in ({}, {"verplicht": "nee", "vrij": 2, "eigen": "a", "vinkjes": ["q"]}):
            form = Formulier(data=data, meta={"csrf": False})
            for veld in (form.verplicht, form.vrij, form.eigen, form.vinkjes):
                verwacht = [(o.id, o(class_="keuze__invoer"), o.label.text) for o in veld]
                assert attributen.opties(veld, class_="keuze__invoer") == verwacht
                assert attributen.opties(veld, **{"class": "k"}) == [
                    (o.id, o(**{"class": "k"}), o.label.text) for o in veld
                ]
