"""The database: migrations, the append-only audit trail, SQLite's safety settings."""

import pytest
from peewee import IntegrityError, InternalError, OperationalError
from playhouse.schema_diff import diff_models

import models
from models import ALL_MODELS, Auditregel, db


def test_migrations_applied_twice_are_a_no_op(app):
    assert models.migrate() == []
    assert models.migrate() == []


def test_schema_from_the_migrations_matches_the_models(app):
    # A model change without a migration would show up here as drift.
    assert not diff_models(db.obj, ALL_MODELS)


def test_migrations_keep_data(app):
    organisatie = models.Organisatie.create(naam="Gemeente Bewaard", soort="gemeente")
    models.migrate()
    assert models.Organisatie.get_by_id(organisatie.id).naam == "Gemeente Bewaard"


def _audit_row():
    return Auditregel.create(actie="inzien", object_type="klant", object_id="1", klant_id=1)


DB_ERRORS = (IntegrityError, InternalError, OperationalError)


def test_audit_rows_cannot_be_updated(app):
    row = _audit_row()
    with pytest.raises(DB_ERRORS), db.atomic():
        Auditregel.update(actie="wijzigen").where(Auditregel.id == row.id).execute()
    assert Auditregel.get_by_id(row.id).actie == "inzien"


def test_audit_rows_cannot_be_deleted(app):
    row = _audit_row()
    with pytest.raises(DB_ERRORS), db.atomic():
        Auditregel.delete().where(Auditregel.id == row.id).execute()
    with pytest.raises(DB_ERRORS), db.atomic():
        db.execute_sql("DELETE FROM auditregel")
    assert Auditregel.select().count() == 1


def _wegen_om_te_wijzigen(regel_id: int) -> list[str]:
    """Every statement that would change or remove an existing audit row on this engine."""
    nieuw = (
        f"({regel_id}, '2026-01-01 00:00:00', NULL, 'x', NULL, 'wijzigen', '', '', NULL, "
        "'gelukt', '', 'overschreven')"
    )
    kolommen = (
        "(id, tijdstip, gebruiker_id, gebruiker_naam, organisatie_id, actie, object_type, "
        "object_id, klant_id, resultaat, oorsprong, omschrijving)"
    )
    upsert = f"INSERT INTO auditregel {kolommen} VALUES {nieuw} ON CONFLICT (id) DO UPDATE "
    wegen = [
        f"UPDATE auditregel SET omschrijving = 'x' WHERE id = {regel_id}",
        f"DELETE FROM auditregel WHERE id = {regel_id}",
        upsert + "SET omschrijving = excluded.omschrijving",
    ]
    if models.is_sqlite():
        wegen += [
            f"INSERT OR REPLACE INTO auditregel {kolommen} VALUES {nieuw}",
            f"REPLACE INTO auditregel {kolommen} VALUES {nieuw}",
            f"UPDATE OR REPLACE auditregel SET id = {regel_id} WHERE id <> {regel_id}",
        ]
    else:
        wegen += [
            "TRUNCATE auditregel",
            "TRUNCATE auditregel_klant",
            "DELETE FROM auditregel_klant",
        ]
    return wegen


def test_no_statement_changes_or_removes_an_audit_row(app):
    """UPDATE, DELETE, upsert, and on SQLite INSERT OR REPLACE (whose delete fires no DELETE
    trigger), on both engines; the rows naming klanten of a bulk read likewise."""
    regel = _audit_row()
    _audit_row()
    models.AuditregelKlant.create(auditregel_id=regel.id, klant_id=7)
    for sql in _wegen_om_te_wijzigen(regel.id):
        with pytest.raises(DB_ERRORS), db.atomic():
            db.execute_sql(sql)
    for sql in (
        "UPDATE auditregel_klant SET klant_id = 8",
        "DELETE FROM auditregel_klant",
        f"INSERT INTO auditregel_klant (id, auditregel_id, klant_id) VALUES "
        f"({models.AuditregelKlant.get().id}, 1, 9) ON CONFLICT (id) DO UPDATE SET klant_id = 9",
    ):
        with pytest.raises(DB_ERRORS), db.atomic():
            db.execute_sql(sql)
    if models.is_sqlite():
        with pytest.raises(DB_ERRORS), db.atomic():
            db.execute_sql(
                "INSERT OR REPLACE INTO auditregel_klant (id, auditregel_id, klant_id) "
                f"VALUES ({models.AuditregelKlant.get().id}, 1, 9)"
            )
    bewaard = Auditregel.get_by_id(regel.id)
    assert (bewaard.actie, bewaard.omschrijving, Auditregel.select().count()) == (
        regel.actie,
        regel.omschrijving,
        2,
    )
    assert [(r.auditregel_id, r.klant_id) for r in models.AuditregelKlant.select()] == [
        (regel.id, 7)
    ]


def test_audit_table_cannot_be_truncated_on_postgres(app):
    if models.is_sqlite():
        pytest.skip("SQLite has no TRUNCATE; DELETE is refused above")
    _audit_row()
    with pytest.raises(DB_ERRORS), db.atomic():
        db.execute_sql("TRUNCATE auditregel")
    assert Auditregel.select().count() == 1


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(app):
    if not models.is_sqlite():
        pytest.skip("SQLite settings")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_foreign_keys_are_enforced(app):
    with pytest.raises(IntegrityError), db.atomic():
        models.Team.create(organisatie=987654, naam="Spookteam")


def test_bsn_is_unique_within_an_organisation_only(app, make_organisatie):
    """Identity per organisation: two gemeenten in one installation never collide."""
    import datetime

    org_a = make_organisatie("Gemeente A")
    org_b = make_organisatie("Gemeente B")
    fields = {"achternaam": "Jansen", "geboortedatum": datetime.date(1980, 1, 1)}
    models.Klant.create(bsn="111222333", organisatie=org_a, **fields)
    models.Klant.create(bsn="111222333", organisatie=org_b, **fields)
    with pytest.raises(IntegrityError), db.atomic():
        models.Klant.create(bsn="111222333", organisatie=org_a, **fields)
    assert models.Klant.select().count() == 2


class SqlTrace:
    """Every statement SQLite runs on the connections opened while it is installed."""

    def __init__(self, monkeypatch):
        self.statements: list[str] = []
        database = db.obj
        database.close_all()  # new connections from here on, each with the trace
        original = database._connect

        def connect_with_trace():
            conn = original()
            conn.set_trace_callback(self.statements.append)
            return conn

        monkeypatch.setattr(database, "_connect", connect_with_trace)

    def writes_outside_a_transaction(self) -> list[str]:
        """INSERT/UPDATE/DELETE that SQLite ran in a transaction of its own (a deferred one)."""
        outside, in_transaction = [], False
        for sql in self.statements:
            keyword = sql.lstrip().split(None, 1)[0].upper()
            if keyword == "BEGIN":
                in_transaction = True
            elif keyword in ("COMMIT", "ROLLBACK", "END"):
                in_transaction = False
            elif keyword in ("INSERT", "UPDATE", "DELETE") and not in_transaction:
                outside.append(sql)
        return outside


def test_sqlite_write_transactions_begin_immediate(app, client, make_gebruiker, monkeypatch):
    # BEGIN IMMEDIATE takes the write lock at the start: a second writer waits its turn
    # instead of failing half-way through a save with "database is locked".
    from tests.conftest import Auth

    if not models.is_sqlite():
        pytest.skip("SQLite transactions")
    gebruiker = make_gebruiker()
    db.close()
    trace = SqlTrace(monkeypatch)

    with db.atomic():
        models.Team.create(organisatie=gebruiker.organisatie, naam="Intake")
    assert Auth(client).login(gebruiker.email).status_code == 303  # a request that writes

    begins = [s for s in trace.statements if s.upper().startswith("BEGIN")]
    assert len(begins) >= 2 and set(begins) == {"BEGIN IMMEDIATE"}, begins
    writes = " ".join(trace.statements)
    assert 'INSERT INTO "team"' in writes and 'INSERT INTO "sessie"' in writes
    assert trace.writes_outside_a_transaction() == []


def test_the_current_meting_is_the_same_on_both_engines(app, make_gebruiker, make_klant):
    """Two definitive metingen on one meetdatum, one without definitief_op (an old import):
    the one with it is the klant's current meting, first in its history and the one the
    reports count, on SQLite and on PostgreSQL alike (PostgreSQL sorts an empty value
    first when descending, unless told otherwise)."""
    import datetime

    from models import Meting
    from reports import peil

    km = make_gebruiker()
    klant = make_klant(km.organisatie)
    dag = datetime.date(2026, 3, 2)
    velden = dict(klant=klant, organisatie=km.organisatie, invoerder=km, status="definitief")
    zonder = Meting.create(meetdatum=dag, trede=2, definitief_op=None, **velden)
    met = Meting.create(
        meetdatum=dag, trede=5, definitief_op=datetime.datetime(2026, 3, 2, 9), **velden
    )
    assert Meting.laatste_definitieve(klant).id == met.id
    assert [m.id for m in Meting.history_for(klant)] == [met.id, zonder.id]
    assert peil.laatste_meting(dag, klant.id).get().id == met.id


def _postgres_only():
    if models.is_sqlite():
        pytest.skip("the PostgreSQL pool")


@pytest.fixture
def backend_pid(app):
    """A page that answers with the server process id of the request's connection."""
    app.add_url_rule(
        "/test/backend-pid",
        "test_backend_pid",
        lambda: str(db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]),
    )

    def vraag(client) -> int:
        response = client.get("/test/backend-pid")
        assert response.status_code == 200
        return int(response.get_data(as_text=True))

    return vraag


def test_postgres_requests_borrow_one_pooled_connection(app, client, backend_pid):
    # A new connection per request cost ~14 ms (issue 17): the second request gets the
    # connection the first gave back, not a new one.
    _postgres_only()
    db.close()
    eerste = backend_pid(client)
    assert db.is_closed()  # given back at the end of the request
    assert [backend_pid(client) for _ in range(3)] == [eerste] * 3
    assert db.execute_sql("SHOW jit").fetchone() == ("off",)


def test_postgres_pool_replaces_a_connection_the_server_ended(app, client, backend_pid):
    # A restart of PostgreSQL or pg_terminate_backend ends an idle pooled connection: the
    # next request gets a new one instead of an error page.
    from tests.conftest import _pg_admin, wacht_tot_verbinding_weg

    _postgres_only()
    db.close()
    eerste = backend_pid(client)
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (eerste,))
    admin.close()
    wacht_tot_verbinding_weg(eerste)
    tweede = backend_pid(client)
    assert tweede != eerste
    assert backend_pid(client) == tweede


def test_postgres_pool_rolls_back_a_transaction_left_open(app):
    # A connection that comes back in a transaction (a request that failed half-way) must
    # not carry its uncommitted writes or locks to the next borrower.
    _postgres_only()
    db.close()
    db.connect()
    conn = db.connection()
    conn.cursor().execute("BEGIN")
    conn.cursor().execute(
        "INSERT INTO organisatie (naam, soort, standaard_interval_maanden, "
        "partner_metingen_beoordelen, bewaartermijn_jaren, benchmark_deelname) "
        "VALUES ('Half', 'gemeente', 12, TRUE, 7, FALSE)"
    )
    db.close()  # peewee saw no transaction of its own: the pool rolls it back
    db.connect()
    assert db.connection() is conn
    assert models.Organisatie.get_or_none(models.Organisatie.naam == "Half") is None


def test_postgres_url_options_and_pool_bounds(pg_url):
    # -c jit=off always, an operator's own options after it (so jit=on wins), and the
    # pool's bounds may come from the URL too; the URL's form is unchanged.
    from urllib.parse import quote

    from models.sqlite import POSTGRES_STALE_SECONDS, LadderPostgresqlDatabase, open_database

    standaard = open_database(pg_url, None)
    assert isinstance(standaard, LadderPostgresqlDatabase)
    assert standaard.connect_params["options"] == "-c jit=off"
    assert (standaard._max_connections, standaard._stale_timeout) == (
        None,
        POSTGRES_STALE_SECONDS,
    )
    eigen = open_database(
        f"{pg_url}?options={quote('-c jit=on -c work_mem=8MB')}&max_connections=2", None
    )
    with eigen.connection_context():
        assert eigen.execute_sql("SHOW jit").fetchone() == ("on",)
        assert eigen.execute_sql("SHOW work_mem").fetchone() == ("8MB",)
    assert eigen._max_connections == 2
    eigen.close_all()
    with pytest.raises(ValueError, match="noemt geen database"):
        open_database("postgresql://postgres@127.0.0.1:1/", None)
