"""Exporting, importing, API tokens and the SRG mapping of the codes 0, 8 and 9."""

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField
from forms.rapport import ALLE, FilterForm
from ladder.meetmomenten import AANLEIDINGEN
from ladder.srg import SRG_OVERIGE_CODES, SRG_TREDEN
from ladder.treden import CODES
from reports.filters import Bereik, Filter
from reports.keuzes import Keuzelijsten

FORMATEN = (("csv", "CSV (Excel, puntkomma)"), ("xlsx", "Excel-werkmap (XLSX)"), ("xml", "XML"))


def _selectie(label: str) -> SelectField:
    return SelectField(label, choices=[], validators=[Optional(strip_whitespace=False)])


class ExportForm(BaseForm):
    """The export's selection: a period and the reports' filters (without the klantkenmerken,
    which are columns of the export). The options of team and klantmanager hold only what the
    user may see; another value is a request outside their reach, refused by the view.
    A POST with a CSRF token: a download of personal data is the user's own act."""

    formaat = RadioField(
        "Bestandsformaat",
        choices=keuzes(FORMATEN),
        default="csv",
        validators=[DataRequired("Kies een bestandsformaat.")],
    )
    van = DatumField("Meetdatum vanaf", naam="de begindatum", verplicht=False)
    tot = DatumField("Meetdatum tot en met", naam="de einddatum", verplicht=False)
    gemeente = _selectie("Gemeente")
    team = _selectie("Team")
    klantmanager = _selectie("Klantmanager")
    subgroep = _selectie("Subgroep")
    # Every aanleiding, uitstroom too: unlike a report's stand, the export holds every meting.
    aanleiding = SelectField(
        "Aanleiding van de meting",
        choices=keuzes([ALLE, *AANLEIDINGEN.items()]),
        validators=[Optional()],
    )
    met_vervangen = BooleanField(
        "Ook vervangen metingen",
        description="Metingen die door een correctie zijn vervangen, met status ‘vervangen’.",
    )
    met_persoonsgegevens = BooleanField(
        "Met persoonsgegevens",
        description="BSN, naam, geboortedatum, geslacht en adres van de klant.",
    )

    def __init__(self, *args, lijsten: Keuzelijsten, mag_persoonsgegevens: bool = False, **kw):
        super().__init__(*args, **kw)
        self.mag_persoonsgegevens = mag_persoonsgegevens
        self.gemeente.choices = keuzes([ALLE, *lijsten.gemeenten])
        self.team.choices = keuzes([ALLE, *lijsten.teams])
        self.klantmanager.choices = keuzes([ALLE, *lijsten.klantmanagers])
        self.subgroep.choices = keuzes([ALLE, *lijsten.subgroepen])

    # The same check as the reports': a team or klantmanager outside the user's options.
    buiten_bereik = FilterForm.buiten_bereik

    def filter(self, bereik: Bereik) -> Filter:
        """The chosen selection within the user's reach."""
        return Filter(
            bereik=bereik,
            gemeente_id=_id(self.gemeente.data),
            team_id=_id(self.team.data),
            klantmanager_id=_id(self.klantmanager.data),
            subgroep=self.subgroep.data or None,
            aanleiding=self.aanleiding.data or None,
        )

    @property
    def gekozen(self) -> list[str]:
        """'Team: Activering' for every filter field that narrows the export, for the log."""
        velden = (self.gemeente, self.team, self.klantmanager, self.subgroep, self.aanleiding)
        return [
            f"{veld.label.text}: {next(k.label for k in veld.choices if k.value == veld.data)}"
            for veld in velden
            if veld.data
        ]

    def validate_tot(self, field):
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError("De einddatum mag niet voor de begindatum liggen.")

    def validate_met_persoonsgegevens(self, field):
        if field.data and not self.mag_persoonsgegevens:
            raise ValidationError("Met uw rol exporteert u alleen zonder persoonsgegevens.")


def _id(waarde: str | None) -> int | None:
    return int(waarde) if waarde else None


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
