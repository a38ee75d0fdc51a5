"""The second login step."""

from wtforms import StringField
from wtforms.validators import DataRequired, Length

from forms import BaseForm


class CodeForm(BaseForm):
    code = StringField(
        "Code uit uw authenticator-app",
        description="6 cijfers. Geen toegang tot de app? Vul een van uw herstelcodes in.",
        validators=[DataRequired("Vul de code in."), Length(max=20, message="Vul de code in.")],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )


class InstellenForm(BaseForm):
    code = StringField(
        "Code uit uw authenticator-app",
        description="Scan de QR-code, en vul de 6 cijfers in die de app daarna toont.",
        validators=[DataRequired("Vul de code uit de app in."), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"},
    )
