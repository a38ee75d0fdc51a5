"""Forms of onboarding: a new organisation with its first account, and one-time passwords."""

from peewee import fn
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from forms import BaseForm, keuzes
from forms.beheer import EMAIL_BEZET
from forms.fields import email_veld, naam_veld
from models import Gebruiker, Organisatie
from models.gebruiker import ROLLEN
from models.organisatie import SOORTEN
from services.passwords import gebruikersgegevens, wachtwoord_bezwaar

EENMALIG = (
    "Minstens 12 tekens. Geef het persoonlijk door; bij de eerste keer inloggen kiest de "
    "gebruiker zelf een nieuw wachtwoord."
)


class OrganisatieForm(BaseForm):
    """The name and kind of an organisation; the name is unique in the installation."""

    naam = StringField(
        "Naam van de organisatie",
        validators=[
            DataRequired("Vul de naam van de organisatie in."),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
        render_kw={"autocomplete": "off"},
    )
    soort = SelectField("Soort organisatie", validators=[DataRequired("Kies de soort.")])

    def __init__(self, *args, soorten, bestaande: Organisatie | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bestaande = bestaande
        self.soort.choices = keuzes([("", "Kies de soort"), *((s, SOORTEN[s]) for s in soorten)])

    def validate_naam(self, field):
        query = Organisatie.select().where(fn.LOWER(Organisatie.naam) == (field.data or "").lower())
        if self.bestaande is not None:
            query = query.where(Organisatie.id != self.bestaande.id)
        if query.exists():
            raise ValidationError(
                "Er bestaat al een organisatie met deze naam. Kies een andere naam, of "
                "controleer of de organisatie al in de lijst staat."
            )


class NieuweOrganisatieForm(OrganisatieForm):
    """A new organisation with its first account, which gets a one-time password."""

    gebruiker_naam = naam_veld(
        "Naam van de eerste gebruiker", "Vul de naam van de eerste gebruiker in."
    )
    email = email_veld("E-mailadres van de eerste gebruiker", "naam@organisatie.nl")
    rol = SelectField("Rol van de eerste gebruiker", validators=[DataRequired("Kies een rol.")])
    wachtwoord = PasswordField(
        "Eenmalig wachtwoord",
        description=EENMALIG,
        validators=[
            DataRequired("Kies een eenmalig wachtwoord."),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, rollen, **kwargs):
        super().__init__(*args, **kwargs)
        self.email_bezet: Gebruiker | None = None
        self.rol.choices = keuzes([*((r, ROLLEN[r]) for r in rollen)])

    def validate_email(self, field):
        andere = Gebruiker.by_email(field.data or "")
        if andere is not None:
            self.email_bezet = andere
            raise ValidationError(EMAIL_BEZET)

    def validate_wachtwoord(self, field):
        gegevens = gebruikersgegevens(
            self.gebruiker_naam.data or "", self.email.data or "", self.naam.data or ""
        )
        if bezwaar := wachtwoord_bezwaar(field.data or "", gegevens):
            raise ValidationError(bezwaar)


class EenmaligWachtwoordForm(BaseForm):
    """A new one-time password for an account (lost, or never received)."""

    wachtwoord = PasswordField(
        "Nieuw eenmalig wachtwoord",
        description=EENMALIG,
        validators=[
            DataRequired("Kies een eenmalig wachtwoord."),
            Length(max=200, message="Gebruik maximaal 200 tekens."),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def __init__(self, *args, gebruiker: Gebruiker, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker

    def validate_wachtwoord(self, field):
        g = self.gebruiker
        gegevens = gebruikersgegevens(g.naam, g.email, g.organisatie.naam)
        if bezwaar := wachtwoord_bezwaar(field.data or "", gegevens):
            raise ValidationError(bezwaar)
