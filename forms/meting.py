"""The pages of the meting conversation, built from the instrument's own texts.

The forms parse; whether the answers fit together is for the instrument's rules
(ladder/regels.py), which each form asks and whose messages it puts beside the field."""

from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from forms import BaseForm, keuzes
from forms.fields import DatumField, MultiCheckboxField
from ladder import klantkenmerken, meetmomenten, regels, subgroepen, treden
from services import clock

JA_NEE = keuzes([("ja", "Ja"), ("nee", "Nee")])
VRAGEN_METHODE = "vragen"


class NieuweMetingForm(BaseForm):
    """The button "Nieuwe meting": its token makes a double click open one concept."""

    token = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])
    # Set when the meting measures the start or the end of a traject.
    traject = HiddenField(validators=[Optional(), Length(max=12)])


class MeetmomentForm(BaseForm):
    meetdatum = DatumField("Meetdatum", naam="de meetdatum", description="Bijvoorbeeld 17 3 2026.")
    aanleiding = RadioField(
        "Aanleiding van de meting",
        choices=keuzes(meetmomenten.AANLEIDINGEN.items()),
        validators=[DataRequired("Kies de aanleiding van de meting.")],
    )
    methode = RadioField(
        "Hoe legt u de trede vast?",
        choices=keuzes(
            [(VRAGEN_METHODE, "Met de vragen van de participatieladder")]
            + [(str(code), f"Code {code}: {tekst}") for code, tekst in treden.CODES.items()]
        ),
        default=VRAGEN_METHODE,
        validators=[DataRequired("Kies hoe u de trede vastlegt.")],
    )
    code_toelichting = TextAreaField(
        "Toelichting bij de code",
        description="Verplicht bij code 0, 8 of 9: waarom is de trede niet bepaald? "
        "Laat leeg als u de vragen gebruikt.",
        # No Optional(): it would stop the chain before validate_code_toelichting.
        validators=[Length(max=2000, message="Gebruik maximaal 2000 tekens.")],
    )

    def __init__(self, *args, geboortedatum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.geboortedatum = geboortedatum

    def validate_meetdatum(self, field):
        if field.data and field.data > clock.today():
            raise ValidationError("De meetdatum mag niet in de toekomst liggen.")
        if field.data and self.geboortedatum and field.data < self.geboortedatum:
            raise ValidationError("De meetdatum mag niet voor de geboortedatum liggen.")

    @property
    def code(self) -> int | None:
        """The code 0, 8 or 9 chosen instead of the questions (None: the questions)."""
        codes = {str(code): code for code in treden.CODES}
        return codes.get(self.methode.data)

    def validate_code_toelichting(self, field):
        _regel(regels.code_toelichting_fouten(trede=self.code, code_toelichting=field.data or ""))


class JaNeeForm(BaseForm):
    """One question of Table 3.1 or 3.2: ja or nee."""

    antwoord = RadioField(choices=JA_NEE, validators=[DataRequired("Kies ja of nee.")])


class BevestigForm(BaseForm):
    """A page whose only answer is "this is right" (the outcome of the questions)."""


class SubgroepenForm(BaseForm):
    subgroepen = MultiCheckboxField(
        "Subgroepen",
        choices=keuzes((str(s.code), s.naam) for s in subgroepen.SUBGROEPEN.values()),
        validators=[Optional()],
    )
    geen = BooleanField("De klant hoort bij geen van deze subgroepen")

    def __init__(self, *args, eigen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.subgroepen.choices = keuzes(
            [(str(s.code), s.naam) for s in subgroepen.SUBGROEPEN.values()]
            + [(s.code, s.naam) for s in eigen]
        )

    def validate_geen(self, field):
        if field.data and self.subgroepen.data:
            raise ValidationError("Kies subgroepen óf ‘geen van deze’, niet allebei.")
        if not field.data and not self.subgroepen.data:
            raise ValidationError("Kies de subgroepen van de klant, of ‘geen van deze’.")


def _regel(fouten: list[regels.Fout]) -> None:
    """The rule's message for the field being validated, as WTForms expects it."""
    if fouten:
        raise ValidationError(fouten[0][1])


def _kenmerk_field(kenmerk: klantkenmerken.Kenmerk) -> RadioField:
    return RadioField(
        kenmerk.vraag,
        choices=keuzes(kenmerk.opties),
        validators=[DataRequired(f"Kies een antwoord bij ‘{kenmerk.vraag}’.")],
    )


class KenmerkenForm(BaseForm):
    toelichting = TextAreaField(
        "Toelichting",
        description="Toelichting op de plaatsing, de problematiek, overige opmerkingen.",
        validators=[Optional(), Length(max=5000, message="Gebruik maximaal 5000 tekens.")],
    )
    vrijstelling_code = StringField(
        "Gemeentelijke code voor de vrijstelling",
        description="Alleen als uw gemeente een eigen code gebruikt in plaats van ja of nee.",
        validators=[Optional(), Length(max=30, message="Gebruik maximaal 30 tekens.")],
    )
    uitstroomreden = RadioField(
        "Waarom stroomt de klant van de ladder af?",
        choices=keuzes(meetmomenten.UITSTROOMREDENEN.items()),
        validate_choice=False,  # checked in validate_uitstroomreden, only for uitstroom
    )
    klantmanager = SelectField(
        "Behandelend klantmanager", choices=[], validators=[Optional(strip_whitespace=False)]
    )
    team = SelectField("Team", choices=[], validators=[Optional(strip_whitespace=False)])
    afdeling = StringField(
        "Afdeling", validators=[Optional(), Length(max=100, message="Gebruik maximaal 100 tekens.")]
    )
    volgende_meetdatum = DatumField(
        "Volgende meetdatum",
        naam="de volgende meetdatum",
        verplicht=False,
        description="Uiterlijk een jaar na deze meting (§2.3). Bij uitstroom leeg laten.",
    )

    def __init__(self, *args, meetdatum=None, uitstroom=False, klantmanagers=(), teams=(), **kw):
        super().__init__(*args, **kw)
        self.meetdatum = meetdatum
        self.uitstroom = uitstroom
        # (id, naam) pairs: an organisation may have hundreds of accounts.
        self.klantmanager.choices = keuzes([("", "Geen klantmanager"), *klantmanagers])
        self.team.choices = keuzes([("", "Geen team"), *teams])

    def _fouten(self, veld: str) -> list[regels.Fout]:
        reden = self.uitstroomreden.data if self.uitstroom else ""
        fouten = regels.meetmoment_fouten(
            aanleiding=meetmomenten.UITSTROOM if self.uitstroom else "",
            meetdatum=self.meetdatum,
            volgende_meetdatum=self.volgende_meetdatum.data,
            uitstroomreden=reden if reden in meetmomenten.UITSTROOMREDENEN else "",
        )
        return [(v, m) for v, m in fouten if v == veld]

    def validate_uitstroomreden(self, field):
        if not self.uitstroom:
            field.data = None  # the page shows no reason then
        _regel(self._fouten("uitstroomreden"))

    def validate_volgende_meetdatum(self, field):
        _regel(self._fouten("volgende_meetdatum"))


for _kenmerk in klantkenmerken.KLANTKENMERKEN:
    setattr(KenmerkenForm, _kenmerk.code, _kenmerk_field(_kenmerk))


def kenmerken_form_class(eigen) -> type[KenmerkenForm]:
    """KenmerkenForm plus a question for each klantkenmerk the gemeente added itself."""
    if not eigen:
        return KenmerkenForm
    velden = {
        f"eigen_{k.code}": RadioField(
            k.vraag,
            choices=keuzes((optie, optie) for optie in k.optielijst),
            validators=[DataRequired(f"Kies een antwoord bij ‘{k.vraag}’.")],
        )
        for k in eigen
    }
    return type("KenmerkenMetEigenForm", (KenmerkenForm,), velden)


class ControleForm(BaseForm):
    correctiereden = TextAreaField(
        "Reden van de correctie",
        description="Wat was er onjuist aan de vorige meting?",
        validators=[Length(max=2000, message="Gebruik maximaal 2000 tekens.")],
    )

    def __init__(self, *args, correctie=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.correctie = correctie

    def validate_correctiereden(self, field):
        if self.correctie and not field.data:
            raise ValidationError("Vul de reden van de correctie in.")
