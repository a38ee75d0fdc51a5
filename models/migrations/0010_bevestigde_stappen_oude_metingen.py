"""0010: metingen saved before 0002 show everything they hold.

0002 added the steps of the conversation a user has confirmed and gave every existing meting
none. The pages, the dossierblad and the exports show the subgroepen, the klantkenmerken and
the rest of a meting only for confirmed steps, so a meting saved before 0002 looked empty
there. A meting that is no longer a concept went through every step: mark them confirmed."""

import json

# The steps of ladder.gesprek.BEVESTIGDE_STAPPEN as they were when this migration was written,
# written out: a migration must not change when the code does.
ALLE_STAPPEN = json.dumps(sorted(("meetmoment", "uitkomst", "subgroepen", "kenmerken")))


def up(migrator, db):
    db.execute_sql(
        f"UPDATE meting SET bevestigde_stappen = {db.param} "
        "WHERE status <> 'concept' AND bevestigde_stappen = '[]'",
        (ALLE_STAPPEN,),
    )


def down(migrator, db):
    pass  # which metingen had no confirmed steps is not kept; nothing to undo
