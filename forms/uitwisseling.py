"""Exporting, importing, API tokens and the SRG mapping of the codes 0, 8 and 9."""

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField
from ladder.srg import SRG_OVERIGE_CODES, SRG_TREDEN
from ladder.treden import CODES

FORMATEN = (("csv", "CSV (Excel, puntkomma)"), ("xlsx", "Excel-werkmap (XLSX)"), ("xml", "XML"))


class ExportForm(BaseForm):
    class Meta:
        csrf = False  # a GET download changes nothing but the audit log

    formaat = RadioField(
        "Bestandsformaat",
        choices=keuzes(FORMATEN),
        default="csv",
        validators=[DataRequired("Kies een bestandsformaat.")],
    )
    van = DatumField("Meetdatum vanaf", naam="de begindatum", verplicht=False)
    tot = DatumField("Meetdatum tot en met", naam="de einddatum", verplicht=False)
    met_vervangen = BooleanField(
        "Ook vervangen metingen",
        description="Metingen die door een correctie zijn vervangen, met status ‘vervangen’.",
    )
    met_persoonsgegevens = BooleanField(
        "Met persoonsgegevens",
        description="BSN, naam, geboortedatum, geslacht en adres van de klant.",
    )

    def __init__(self, *args, mag_persoonsgegevens: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mag_persoonsgegevens = mag_persoonsgegevens

    def validate_tot(self, field):
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")

    def validate_met_persoonsgegevens(self, field):
        if field.data and not self.mag_persoonsgegevens:
            raise ValidationError("Met uw rol exporteert u alleen zonder persoonsgegevens.")


class ImportForm(BaseForm):
    bestand = FileField(
        "Bestand",
        description="CSV of XLSX met dezelfde kolommen als de export of het sjabloon.",
        validators=[FileRequired("Kies een bestand.")],
    )


class VerwerkForm(BaseForm):
    alles_of_niets = BooleanField(
        "Alles of niets",
        description="Lees niets in zolang één rij een fout heeft. Anders worden alleen de "
        "goede rijen ingelezen.",
    )


class TokenForm(BaseForm):
    naam = StringField(
        "Naam van de koppeling",
        description="Bijvoorbeeld het cliëntvolgsysteem dat de metingen ophaalt.",
        validators=[
            DataRequired("Vul een naam in."),
            Length(max=100, message="Gebruik maximaal 100 tekens."),
        ],
    )


SRG_KEUZES = [(code, f"{code}: {naam}") for code, naam in SRG_OVERIGE_CODES.items()] + [
    (code, f"{code}: {naam}") for code, naam in SRG_TREDEN.values()
]


def _srg_veld(code: int) -> SelectField:
    return SelectField(
        f"Code {code}: {CODES[code]}",
        choices=keuzes(sorted(SRG_KEUZES)),
        validators=[DataRequired("Kies een SRG-code.")],
    )


class SrgForm(BaseForm):
    code_0 = _srg_veld(0)
    code_8 = _srg_veld(8)
    code_9 = _srg_veld(9)
