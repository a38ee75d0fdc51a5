"""The filter forms of the reports: GET parameters, so a report can be bookmarked and shared.

The options of organisatie, team and klantmanager hold only what the user may see; a value
outside them in the query string is not a typing error but a request outside the user's
reach, which the view refuses and logs (`buiten_bereik`).
"""

import datetime

from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, RadioField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from forms import BaseForm, keuzes
from forms.fields import PARTS, DatumField, MultiCheckboxField
from ladder.klantkenmerken import KLANTKENMERKEN
from ladder.meetmomenten import AANLEIDINGEN, UITSTROOM
from ladder.subgroepen import SUBGROEPEN
from reports.filters import ONBEKEND, Bereik, Filter
from reports.jaaroverzicht import MOMENTEN
from reports.keuzes import Keuzelijsten
from reports.stand import VERGELIJKINGEN
from reports.te_meten import STANDAARD_WEKEN

# GET filters: a parameter left out of the query string keeps the field's default, so the
# checks look at the data, never at the raw input.

# Fields whose options are limited by the user's reach.
BEREIK_VELDEN = ("organisatie", "team", "klantmanager", "teams", "klantmanagers")
ALLE = ("", "Alle")


class FilterForm(BaseForm):
    """The filter every report has; the kenmerk fields are added below the class."""

    class Meta:
        csrf = False  # a GET filter changes nothing

    organisatie = SelectField(
        "Organisatie", choices=[], validators=[Optional(strip_whitespace=False)]
    )
    gemeente = SelectField("Gemeente", choices=[], validators=[Optional(strip_whitespace=False)])
    team = SelectField("Team", choices=[], validators=[Optional(strip_whitespace=False)])
    klantmanager = SelectField(
        "Klantmanager", choices=[], validators=[Optional(strip_whitespace=False)]
    )
    subgroep = SelectField("Subgroep", choices=[], validators=[Optional(strip_whitespace=False)])
    aanleiding = SelectField(
        "Aanleiding van de meting",
        choices=keuzes([ALLE, *((k, v) for k, v in AANLEIDINGEN.items() if k != UITSTROOM)]),
        validators=[Optional()],
    )

    # Dates used when the query string leaves them out, e.g. {"peildatum": today}.
    def __init__(self, formdata, *, lijsten: Keuzelijsten, standaard: dict, **kwargs):
        super().__init__(_met_standaarden(formdata, standaard), **kwargs)
        self.organisatie.choices = keuzes(lijsten.organisaties)
        self.gemeente.choices = keuzes([ALLE, *lijsten.gemeenten])
        self.team.choices = keuzes([ALLE, *lijsten.teams])
        self.klantmanager.choices = keuzes([ALLE, *lijsten.klantmanagers])
        self.subgroep.choices = keuzes([ALLE, *lijsten.subgroepen])
        for naam in ("teams", "klantmanagers", "gemeenten"):
            if hasattr(self, naam):
                getattr(self, naam).choices = keuzes(getattr(lijsten, naam))

    @property
    def kenmerkvelden(self) -> list:
        return [self[kenmerk.code] for kenmerk in KLANTKENMERKEN]

    @property
    def kenmerk_gekozen(self) -> bool:
        """A klantkenmerk is part of the filter (the page then shows those fields opened)."""
        return any(veld.data for veld in self.kenmerkvelden)

    def buiten_bereik(self) -> list[str]:
        """The values of reach fields that are not among the user's options."""
        te_ver = []
        for naam in BEREIK_VELDEN:
            veld = getattr(self, naam, None)
            if veld is None:
                continue
            toegestaan = {keuze.value for keuze in veld.choices}
            te_ver += [f"{naam}={w}" for w in veld.raw_data or () if w and w not in toegestaan]
        return te_ver

    def filter(self, bereik: Bereik) -> Filter:
        """The chosen selection within the user's reach."""
        kenmerken = tuple((v.name, v.data) for v in self.kenmerkvelden if v.data)
        return Filter(
            bereik=bereik,
            gemeente_id=_id(self.gemeente.data),
            team_id=_id(self.team.data),
            klantmanager_id=_id(self.klantmanager.data),
            subgroep=self.subgroep.data or None,
            aanleiding=self.aanleiding.data or None,
            kenmerken=kenmerken,
        )


for _kenmerk in KLANTKENMERKEN:
    setattr(
        FilterForm,
        _kenmerk.code,
        SelectField(
            _kenmerk.vraag,
            choices=keuzes([ALLE, *_kenmerk.opties, (ONBEKEND, "Niet ingevuld")]),
            validators=[Optional()],
        ),
    )


def _id(waarde: str | None) -> int | None:
    return int(waarde) if waarde else None


def _met_standaarden(formdata, standaard: dict[str, datetime.date]) -> MultiDict:
    """The query string, with default dates for date fields it does not mention."""
    data = MultiDict(formdata or {})
    for naam, datum in standaard.items():
        if not any(f"{naam}-{deel}" in data for deel in PARTS):
            for deel, waarde in zip(PARTS, (datum.day, datum.month, datum.year), strict=True):
                data[f"{naam}-{deel}"] = str(waarde)
    return data


class PeildatumForm(FilterForm):
    peildatum = DatumField("Peildatum", naam="de peildatum")


class CaseloadForm(PeildatumForm):
    vergelijk = RadioField(
        "Vergelijk per",
        choices=keuzes(VERGELIJKINGEN.items()),
        default="klantmanager",
        validators=[DataRequired("Kies wat u wilt vergelijken.")],
    )
    klantmanagers = MultiCheckboxField("Klantmanagers", choices=[])
    teams = MultiCheckboxField("Teams", choices=[])
    gemeenten = MultiCheckboxField("Gemeenten", choices=[])

    def validate_vergelijk(self, field):
        if len(self.gekozen()) == 1:
            raise ValidationError(
                "Kies ten minste twee om naast elkaar te zetten, of geen om alle te zien."
            )

    def gekozen(self) -> tuple[int, ...]:
        """The ids ticked for the chosen comparison (none: compare all)."""
        veld = {"klantmanager": self.klantmanagers, "team": self.teams}.get(
            self.vergelijk.data, self.gemeenten
        )
        return tuple(int(w) for w in veld.data or ())


class StromenForm(FilterForm):
    van = DatumField("Eerste peildatum", naam="de eerste peildatum")
    tot = DatumField("Tweede peildatum", naam="de tweede peildatum")

    def validate_tot(self, field):
        if field.data and self.van.data and field.data <= self.van.data:
            raise ValidationError("De tweede peildatum moet na de eerste peildatum liggen.")


class TeMetenForm(PeildatumForm):
    weken = IntegerField(
        "Binnen hoeveel weken?",
        default=STANDAARD_WEKEN,
        validators=[NumberRange(0, 52, "Vul een aantal weken in van 0 tot en met 52.")],
    )


class JaaroverzichtForm(FilterForm):
    jaar = IntegerField(
        "Jaar",
        validators=[NumberRange(2000, 2100, "Vul een jaar in met 4 cijfers, bijvoorbeeld 2025.")],
    )
    moment = RadioField(
        "Stand op",
        choices=keuzes(MOMENTEN.items()),
        default="12-31",
        validators=[DataRequired("Kies de stand op 31 december of op 30 juni.")],
    )


class BenchmarkForm(BaseForm):
    """The benchmark compares organisations, so it has none of the filters within one (team,
    klantmanager, own subgroepen): a peildatum and one of the seven subgroepen of Table 3.3."""

    class Meta:
        csrf = False

    peildatum = DatumField("Peildatum", naam="de peildatum")
    subgroep = SelectField("Subgroep", choices=[], validators=[Optional(strip_whitespace=False)])

    def __init__(self, formdata, *, lijsten: Keuzelijsten, standaard: dict, **kwargs):
        super().__init__(_met_standaarden(formdata, standaard), **kwargs)
        self.subgroep.choices = keuzes(
            [ALLE, *((str(code), f"{code}. {s.naam}") for code, s in SUBGROEPEN.items())]
        )

    def buiten_bereik(self) -> list[str]:
        """Nothing to choose here lies outside the user's reach."""
        return []

    def filter(self, bereik: Bereik) -> Filter:
        return Filter(bereik=bereik, subgroep=self.subgroep.data or None)
