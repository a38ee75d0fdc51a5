"""Forms: one module per area on a shared base form with Dutch messages."""

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from forms import attributen
from forms.validators import gewone_tekst, meerregelige_tekst

# Every form renders its fields' attributes the cheaper way (forms/attributen.py).
attributen.installeer()


class BaseForm(FlaskForm):
    """Every form: CSRF on, Dutch built-in messages, surrounding whitespace stripped (and a
    text field left out of the post read as empty), and every text field checked as plain
    text (ladder.tekst), so no free-text field can be forgotten."""

    class Meta:
        locales = ("nl_NL", "nl")

        def bind_field(self, form, unbound_field, options):
            soort = unbound_field.field_class.__name__
            if soort in _TEXT_FIELDS:
                filters = unbound_field.kwargs.get("filters", [])
                if _strip not in filters:
                    unbound_field.kwargs["filters"] = [*filters, _strip]
                _met_tekstcontrole(unbound_field, _TEXT_FIELDS[soort])
            return unbound_field.bind(form=form, **options)

        def render_field(self, field, render_kw):
            # No maxlength on a text area: the browser silently cut a pasted text at the limit;
            # the server's message ("Gebruik maximaal … tekens") says so instead, and sooner
            # static/js/teller.js, counting down from data-max-tekens (the Length validator's).
            if field.type == "TextAreaField":
                limiet = {"data-max-tekens": field.flags.maxlength} if field.flags.maxlength else {}
                render_kw = {"maxlength": False, **limiet, **render_kw}
            return super().render_field(field, render_kw)

    @property
    def error_list(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the error summary, in field order."""
        pairs = []
        for field in self:
            for message in field.errors:
                pairs.append((anchor(field), message))
        for message in getattr(self, "form_errors", []):
            pairs.append(("", message))
        return pairs


# Each text field with its plain-text check: only a text area keeps line breaks and tabs.
_TEXT_FIELDS = {
    "StringField": gewone_tekst,
    "EmailField": gewone_tekst,
    "SearchField": gewone_tekst,
    "TextAreaField": meerregelige_tekst,
}


def _met_tekstcontrole(unbound_field, controle) -> None:
    validators = list(unbound_field.kwargs.get("validators") or [])
    if controle not in validators:
        unbound_field.kwargs["validators"] = [*validators, controle]


def _strip(value):
    """Surrounding whitespace off; a text field the post left out is empty text, as a browser
    would send it, not None (which a NOT NULL column refuses with an HTTP 500)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def keuzes(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Choices for a select or radio field from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def anchor(field) -> str:
    """The id of the element a link in the error summary should move focus to."""
    if field.type in ("RadioField", "MultiCheckboxField"):
        return f"{field.id}-0"
    if field.type == "DatumField":
        return f"{field.id}-dag"
    return field.id
