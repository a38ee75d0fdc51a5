"""Templates' url_for (services/paden.py) gives url_for's address, also under another
script root and for addresses with parameters, which it does not keep."""

from flask import render_template_string, url_for

SJABLOON = (
    "{{ url_for('main.index') }} {{ url_for('static', filename='css/app.css') }} "
    "{{ url_for('klanten.klant', klant_id=7) }} {{ url_for('main.index', _anchor='x') }}"
)


def test_the_same_addresses_as_url_for(app):
    for script_root in ("", "/ladder", "", "/ander"):
        with app.test_request_context("/", base_url=f"http://localhost{script_root}/"):
            verwacht = " ".join(
                (
                    url_for("main.index"),
                    url_for("static", filename="css/app.css"),
                    url_for("klanten.klant", klant_id=7),
                    url_for("main.index", _anchor="x"),
                )
            )
            assert verwacht.startswith(f"{script_root}/")
            assert render_template_string(SJABLOON) == verwacht
            assert render_template_string(SJABLOON) == verwacht  # now from the store
