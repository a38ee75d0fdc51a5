"""Fields the standard set lacks: a date as three boxes (dag, maand, jaar), and checkboxes."""

import datetime

from wtforms import DecimalField, EmailField, Field, SelectMultipleField, StringField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

PARTS = ("dag", "maand", "jaar")


class DatumField(Field):
    """A date entered as three numbers, the way people write it: 17 3 2026.

    Rendered by the `datum` macro in templates/_forms.html. Problems with the parts are
    reported in Dutch before any other validator runs.
    """

    def __init__(self, label=None, validators=None, verplicht=True, naam="de datum", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.verplicht = verplicht
        self.naam = naam
        self.flags.required = verplicht
        self.parts = dict.fromkeys(PARTS, "")

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = data
        if isinstance(data, datetime.date):
            self.parts = {"dag": str(data.day), "maand": str(data.month), "jaar": str(data.year)}
        keys = [f"{self.name}-{part}" for part in PARTS]
        # A posted form without these keys counts as three empty boxes, not as "unchanged".
        if formdata is not None and (formdata or any(key in formdata for key in keys)):
            self.raw_data = [str(formdata.get(key, ""))[:20].strip() for key in keys]
            self.parts = dict(zip(PARTS, self.raw_data, strict=True))
            self.data = self._parse()

    def _parse(self) -> datetime.date | None:
        dag, maand, jaar = (self.parts[p] for p in PARTS)
        if not (dag or maand or jaar):
            if self.verplicht:
                self.process_errors.append(f"Vul {self.naam} in.")
            return None
        missing = [p for p in PARTS if not self.parts[p]]
        if missing:
            onderdelen = " en een ".join(missing)
            self.process_errors.append(f"{self._Naam} moet een {onderdelen} bevatten.")
            return None
        if not (dag.isascii() and dag.isdigit() and maand.isascii() and maand.isdigit()):
            self.process_errors.append(f"Vul {self.naam} in met cijfers, bijvoorbeeld 17 3 2026.")
            return None
        if not (jaar.isascii() and jaar.isdigit() and len(jaar) == 4):
            self.process_errors.append("Vul het jaar in met 4 cijfers, bijvoorbeeld 2026.")
            return None
        try:
            return datetime.date(int(jaar), int(maand), int(dag))
        except ValueError:
            self.process_errors.append(
                f"{self.naam[0].upper()}{self.naam[1:]} moet een bestaande datum zijn."
            )
            return None

    @property
    def _Naam(self) -> str:  # noqa: N802 - "De meetdatum" at the start of a sentence
        return self.naam[0].upper() + self.naam[1:]

    def pre_validate(self, form):
        # process_errors already hold the problem; stop the chain so no second message follows.
        if self.process_errors:
            from wtforms.validators import StopValidation

            raise StopValidation()

    def _value(self):
        return self.parts


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes; rendered option by option in the templates."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BedragField(DecimalField):
    """An amount in euros as people type it: "2.500,00", "2500,5", "€ 75" or "2500.50"."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [_decimal_tekst(valuelist[0])]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(ONLEESBAAR_BEDRAG) from error
        # Decimal() also reads "NaN", "sNaN" and "Infinity": no amount, and a signalling NaN
        # breaks every comparison after it (NumberRange among them).
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(ONLEESBAAR_BEDRAG)


ONLEESBAAR_BEDRAG = "Vul een bedrag in, bijvoorbeeld 2.500,00."


def _decimal_tekst(value: str) -> str:
    text = str(value).replace("€", "").replace(" ", "").strip()
    if "," in text:  # Dutch: dots group thousands, the comma is the decimal sign
        return text.replace(".", "").replace(",", ".")
    parts = text.split(".")
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):  # "2.500": thousands
        return "".join(parts)
    return text


def naam_veld(label: str, ontbreekt: str) -> StringField:
    """The name of a person on an account form."""
    return StringField(
        label,
        validators=[
            DataRequired(ontbreekt),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
        render_kw={"autocomplete": "off"},
    )


def email_veld(label: str, voorbeeld: str) -> EmailField:
    """The e-mail address an account logs in with."""
    return EmailField(
        label,
        description="Hiermee logt de gebruiker in.",
        validators=[
            DataRequired("Vul het e-mailadres in."),
            Length(max=254, message="Gebruik maximaal 254 tekens."),
            Email(f"Vul een geldig e-mailadres in, zoals {voorbeeld}.", check_deliverability=False),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
