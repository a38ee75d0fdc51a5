"""The second login step."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from forms import BaseForm


class CodeForm(BaseForm):
    code = StringField(
        "Code uit uw authenticator-app",
        description="6 cijfers. Geen toegang tot de app? Vul een van uw herstelcodes in.",
        validators=[DataRequired("Vul de code in."), Length(max=40, message="Vul de code in.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )


class InstellenForm(BaseForm):
    inschrijfcode = StringField(
        "Inschrijfcode van uw beheerder",
        description="De 16 tekens die u van uw beheerder kreeg, zoals abcd-efgh-jkmn-pqrs.",
        validators=[DataRequired("Vul de inschrijfcode van uw beheerder in."), Length(max=40)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    code = StringField(
        "Code uit uw authenticator-app",
        description="Scan de QR-code, en vul de 6 cijfers in die de app daarna toont.",
        validators=[DataRequired("Vul de code uit de app in."), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )

    def __init__(self, *args, inschrijfcode_nodig: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only after a beheerder reset the second factor; a new account enrols without.
        if not inschrijfcode_nodig:
            del self.inschrijfcode
