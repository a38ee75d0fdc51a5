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


def opties(field, **attrs) -> list[tuple[str, Markup, str]]:
    """The options of a radio field as (id, input, label text): what iterating the field and
    calling each option with `attrs` gives, without a Field object for each option, which
    cost more than the rest of a question page. Another kind of field, or one with its own
    render_kw, is iterated as WTForms does it."""
    if type(field.option_widget) is not core.RadioInput or field.render_kw:
        return [(o.id, o(**attrs), o.label.text) for o in field]
    # What WTForms reads from an option's flags (the same validators as the field's).
    eigen = {k: v for k, v in vars(field.flags).items() if k in core.RadioInput.validation_attrs}
    basis = {core.clean_key(k): v for k, v in attrs.items()}
    uitkomst = []
    for i, keuze in enumerate(field._iter_choices_normalized()):
        kwargs = dict(basis)
        if keuze.selected:
            kwargs.setdefault("checked", True)
        optie_id = f"{field.id}-{i}"
        kwargs.setdefault("id", optie_id)
        kwargs.setdefault("type", "radio")
        kwargs.setdefault("value", str(keuze.value))
        for k, v in eigen.items():
            kwargs.setdefault(k, v() if callable(v) else v)
        invoer = Markup(f"<input {html_params(name=field.name, **kwargs)}>")  # noqa: S704
        uitkomst.append((optie_id, invoer, keuze.label or keuze.value))
    return uitkomst


def installeer() -> None:
    """Every widget of WTForms, and a field's label, renders its attributes with html_params
    above: the module's function and the widgets that hold it as a method; a select writes
    its options with render_option above."""
    core.html_params = wtforms.widgets.html_params = html_params
    core.Input.html_params = core.Button.html_params = staticmethod(html_params)
    core.Select.render_option = classmethod(render_option)
