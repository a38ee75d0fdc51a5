"""The four client stories of the VNG brochure, replayed as metingen (seeds/000)."""

import re

# Answers to V1..V5 that lead to each trede (Table 3.1).
PAD = {
    6: [True, False],
    5: [True, True],
    4: [False, True],
    3: [False, False, True],
    2: [False, False, False, True],
    1: [False, False, False, False],
}


def _history_rows(client, klant_id):
    """(meetdatum, trede) rows of the history table on the klant page, newest first."""
    page = client.get(f"/klanten/{klant_id}").get_data(as_text=True)
    table = page.split('id="historie-titel"')[1]
    rows = re.findall(
        r'<a href="/metingen/\d+">([\d-]+)</a></th>\s*<td>[^<]*</td>\s*<td>([^<]+)</td>', table
    )
    return page, rows


def test_podgorski_5_then_6(client, logged_in, make_klant, meting):
    """Works in construction, follows a Dutch course: 5; after the course he leaves on 6."""
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Podgorski")
    meting.complete(
        klant.id,
        PAD[5],
        groei=True,
        datum=(5, 1, 2026),
        aanleiding="start_traject",
        subgroepen=("4",),
    )
    meting.complete(klant.id, PAD[6], datum=(1, 3, 2026), aanleiding="uitstroom")
    page, rows = _history_rows(client, klant.id)
    assert rows == [("01-03-2026", "6"), ("05-01-2026", "5+")]
    assert "Trede <strong>6</strong>" in page


def test_van_amerongen_climbs_from_1_to_4(client, logged_in, make_klant, meting):
    """Isolated (1), chats with neighbours (2), card evening (3), helps organise it (4)."""
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Amerongen", tussenvoegsel="van")
    for trede, datum in zip(
        (1, 2, 3, 4), ((2, 2, 2025), (2, 6, 2025), (2, 10, 2025), (2, 2, 2026)), strict=True
    ):
        meting.complete(klant.id, PAD[trede], groei=True, datum=datum, aanleiding="jaarlijks")
    page, rows = _history_rows(client, klant.id)
    assert [r[1] for r in rows] == ["4+", "3+", "2+", "1+"]
    assert "02-02-2026: trede 4+" in page  # the chart's text alternative, oldest first
    assert page.index("02-02-2025: trede 1+") < page.index("02-02-2026: trede 4+")


def test_gicheru_3_then_1(client, logged_in, make_klant, meting):
    """Inburgeringsplichtig, course three times a week (3); withdraws, next meting 1."""
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Gicheru")
    meting.complete(
        klant.id,
        PAD[3],
        groei=True,
        datum=(1, 4, 2025),
        subgroepen=("4",),
        inburgeringsplichtig="ja",
    )
    meting.complete(
        klant.id,
        PAD[1],
        groei=False,
        datum=(1, 2, 2026),
        aanleiding="jaarlijks",
        subgroepen=("4",),
        inburgeringsplichtig="ja",
    )
    _, rows = _history_rows(client, klant.id)
    assert rows == [("01-02-2026", "1"), ("01-04-2025", "3+")]


def test_van_miltenburg_4_plus_then_4_two_years_later(client, logged_in, make_klant, meting):
    """Volunteer host in a hospital: 4+, a new job seemed possible; two years later 4."""
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Miltenburg", tussenvoegsel="van")
    first = meting.complete(klant.id, PAD[4], groei=True, datum=(1, 3, 2024))
    second = meting.complete(
        klant.id, PAD[4], groei=False, datum=(1, 3, 2026), aanleiding="jaarlijks"
    )
    assert (first.trede, first.groeipotentieel) == (4, "+")
    assert (second.trede, second.groeipotentieel) == (4, "0")
    page, rows = _history_rows(client, klant.id)
    assert rows == [("01-03-2026", "4"), ("01-03-2024", "4+")]
    assert "Trede <strong>4</strong> sinds 01-03-2026" in page
