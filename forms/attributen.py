"""The HTML attributes of a rendered field, as WTForms writes them, only cheaper.

WTForms' `html_params` writes each attribute through `Markup.format` (a `string.Formatter`
that escapes every piece): on the pages of a meting that was the largest single cost of
rendering a form, most of all the klantkenmerken page, whose list of klantmanagers has an
option per account (bench/stapkosten.py, bench/capaciteit.py). This one escapes the same
pieces with the same function and gives the same text; tests/forms/test_attributen.py holds
it to WTForms' own on every kind of value, so a new version of WTForms that changes its
output shows at once."""

import wtforms.widgets
from markupsafe import Markup, escape
from wtforms.widgets import core

_wtforms_html_params = core.html_params


def html_params(**kwargs) -> Markup:
    """`wtforms.widgets.core.html_params`: attributes sorted by name, `class_` as `class`,
    `data_`/`aria_` names with hyphens, True as a bare name, False left out, values escaped."""
    params = []
    for k, v in sorted(kwargs.items()):
        k = core.clean_key(k)
        if v is True:
            params.append(escape(k))
        elif v is not False:
            # escape() leaves a Markup value as it is: a quote in it must still not end
            # the attribute (WTForms replaces it the same way).
            params.append(f'{escape(k)}="{str(escape(v)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))  # noqa: S704 (every name and value escaped above)


_wtforms_render_option = core.Select.render_option


def render_option(cls, choice, **kwargs) -> Markup:
    """`wtforms.widgets.core.Select.render_option` for an option without attributes of its
    own (the lists of accounts and teams); others as WTForms renders them."""
    if kwargs or choice.render_kw:
        return _wtforms_render_option.__func__(cls, choice, **kwargs)
    value = str(choice.value) if isinstance(choice.value, bool) else choice.value
    waarde = str(escape(value)).replace('"', "&quot;")
    label = escape(choice.label or choice.value)
    selected = "selected " if choice.selected else ""
    return Markup(f'<option {selected}value="{waarde}">{label}</option>')  # noqa: S704 (escaped)


def installeer() -> None:
    """Every widget of WTForms, and a field's label, renders its attributes with html_params
    above: the module's function and the widgets that hold it as a method; a select writes
    its options with render_option above."""
    core.html_params = wtforms.widgets.html_params = html_params
    core.Input.html_params = core.Button.html_params = staticmethod(html_params)
    core.Select.render_option = classmethod(render_option)
