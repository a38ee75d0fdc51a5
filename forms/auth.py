"""Login and password forms."""

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from forms import BaseForm


class LoginForm(BaseForm):
    email = EmailField(
        "E-mailadres",
        validators=[DataRequired("Vul uw e-mailadres in."), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    wachtwoord = PasswordField(
        "Wachtwoord",
        validators=[DataRequired("Vul uw wachtwoord in."), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class WachtwoordForm(BaseForm):
    huidig = PasswordField(
        "Huidig wachtwoord",
        validators=[DataRequired("Vul uw huidige wachtwoord in.")],
        render_kw={"autocomplete": "current-password"},
    )
    nieuw = PasswordField(
        "Nieuw wachtwoord",
        description="Minstens 12 tekens. Een zin van vier of meer losse woorden werkt goed.",
        validators=[DataRequired("Kies een nieuw wachtwoord."), Length(max=200)],
        render_kw={"autocomplete": "new-password"},
    )
    herhaal = PasswordField(
        "Herhaal het nieuwe wachtwoord",
        validators=[
            DataRequired("Herhaal het nieuwe wachtwoord."),
            EqualTo("nieuw", "De twee nieuwe wachtwoorden zijn niet gelijk."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
