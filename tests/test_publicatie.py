"""Licence and publication: EUPL-1.2, publiccode.yaml, one version number, CHANGELOG.md."""

import re
from pathlib import Path

from version import VERSIE

ROOT = Path(__file__).resolve().parent.parent


def test_licence_is_the_full_eupl_1_2():
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    assert "15.Applicable Law" in text and "Appendix" in text
    assert "‘Compatible Licences’ according to Article 5 EUPL are:" in text


def test_version_has_one_source_and_publiccode_follows_it():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSIE)
    publiccode = (ROOT / "publiccode.yaml").read_text()
    assert f'softwareVersion: "{VERSIE}"' in publiccode
    assert 'publiccodeYmlVersion: "0.4"' in publiccode
    assert re.search(r"^legal:\n  license: EUPL-1\.2$", publiccode, re.M)
    assert re.search(r"^platforms:\n  - web$", publiccode, re.M)
    assert "\n  nl:\n" in publiccode and "\n  en:\n" in publiccode
    assert "\nmaintenance:\n" in publiccode


def test_changelog_names_the_first_release_and_the_coming_version():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert "## [1.0.0]" in changelog
    # Before the release the version is announced; at the release its section gets the name.
    assert f"## [Unreleased] – wordt {VERSIE}" in changelog or f"## [{VERSIE}]" in changelog


def test_footer_shows_the_version(client):
    page = client.get("/inloggen").get_data(as_text=True)
    assert f"versie {VERSIE}" in page
