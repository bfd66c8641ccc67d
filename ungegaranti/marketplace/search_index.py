"""The database side of offer search: SQL for the PostgreSQL tsvector column and the SQLite FTS5
table, their triggers and indexes. Plain SQL and cursor functions, no models: migration 0002
runs them, and a post_migrate handler re-installs the SQLite triggers when a later migration
has remade marketplace_offer (SQLite drops a table's triggers with the table, and Django's SQLite
schema editor remakes the table for most ALTERs). See docs/decisions/0004-search-engine.md.
"""

from typing import Any

COMMON_INDEXES = [
    # bounding-box prefilter for distance search, newest first, periods per offer by date
    "CREATE INDEX IF NOT EXISTS offer_search_lat ON marketplace_offer (status, latitude)",
    "CREATE INDEX IF NOT EXISTS offer_search_newest ON marketplace_offer (status, published_at)",
    "CREATE INDEX IF NOT EXISTS offerperiod_search ON marketplace_offerperiod (offer_id, end_date)",
]
COMMON_INDEXES_DROP = [
    "DROP INDEX IF EXISTS offer_search_lat",
    "DROP INDEX IF EXISTS offer_search_newest",
    "DROP INDEX IF EXISTS offerperiod_search",
]
# On PostgreSQL the same indexes carry every filter column (INCLUDE), so that counting and
# choosing a page's ids without a text search are index-only scans of narrow tuples instead of
# reads of the wide offer rows (measured in benchmarks/marketplace.py).
_FILTER_COLUMNS = (
    "type, sector, min_age, max_age, min_grade, max_grade, suits_support_needs, municipality_id"
)
PG_INDEXES = [
    "CREATE INDEX IF NOT EXISTS offer_search_lat ON marketplace_offer "
    f"(status, latitude, longitude) INCLUDE (id, published_at, {_FILTER_COLUMNS})",
    "CREATE INDEX IF NOT EXISTS offer_search_newest ON marketplace_offer "
    f"(status, published_at, id) INCLUDE (latitude, longitude, {_FILTER_COLUMNS})",
    "CREATE INDEX IF NOT EXISTS offerperiod_search ON marketplace_offerperiod "
    "(offer_id, end_date) INCLUDE (start_date, seats, seats_taken)",
]

# --- PostgreSQL: a tsvector column maintained by a trigger, GIN-indexed ----------------------
# Weights: title A, subject and partner name B, description C. The column is not a model field:
# only the search selector reads it.
PG_FORWARD = [
    "ALTER TABLE marketplace_offer ADD COLUMN IF NOT EXISTS search_document tsvector",
    # Every lexeme ever indexed: lets a query word find the compounds that end in it
    # ("praktik" -> "erhvervspraktik"); see search.compound_terms. Never pruned: a term
    # without offers only widens a query by a word that matches nothing.
    "CREATE TABLE IF NOT EXISTS marketplace_search_term (term text PRIMARY KEY)",
    """
    CREATE OR REPLACE FUNCTION marketplace_offer_search_document() RETURNS trigger AS $$
    BEGIN
        NEW.search_document :=
            setweight(to_tsvector('danish', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('danish', coalesce(NEW.subject, '')), 'B')
            || setweight(to_tsvector('danish', coalesce(
                (SELECT p.name FROM partners_guaranteepartner p WHERE p.id = NEW.partner_id),
                '')), 'B')
            || setweight(to_tsvector('danish', coalesce(NEW.description, '')), 'C');
        INSERT INTO marketplace_search_term (term)
            SELECT unnest(tsvector_to_array(NEW.search_document))
            ON CONFLICT DO NOTHING;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS marketplace_offer_search_document ON marketplace_offer",
    """
    CREATE TRIGGER marketplace_offer_search_document
    BEFORE INSERT OR UPDATE OF title, subject, description, partner_id ON marketplace_offer
    FOR EACH ROW EXECUTE FUNCTION marketplace_offer_search_document()
    """,
    """
    CREATE OR REPLACE FUNCTION marketplace_partner_name_search() RETURNS trigger AS $$
    BEGIN
        -- naming title in SET fires the offer trigger, which reads the new partner name
        UPDATE marketplace_offer SET title = title WHERE partner_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS marketplace_partner_name_search ON partners_guaranteepartner",
    """
    CREATE TRIGGER marketplace_partner_name_search
    AFTER UPDATE OF name ON partners_guaranteepartner
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION marketplace_partner_name_search()
    """,
    "UPDATE marketplace_offer SET title = title",
    "CREATE INDEX IF NOT EXISTS offer_search_document ON marketplace_offer "
    "USING gin (search_document)",
]
PG_BACKWARD = [
    "DROP TRIGGER IF EXISTS marketplace_partner_name_search ON partners_guaranteepartner",
    "DROP FUNCTION IF EXISTS marketplace_partner_name_search()",
    "DROP TRIGGER IF EXISTS marketplace_offer_search_document ON marketplace_offer",
    "DROP FUNCTION IF EXISTS marketplace_offer_search_document()",
    "DROP INDEX IF EXISTS offer_search_document",
    "ALTER TABLE marketplace_offer DROP COLUMN IF EXISTS search_document",
    "DROP TABLE IF EXISTS marketplace_search_term",
]

# --- SQLite: an FTS5 table kept in sync by triggers ------------------------------------------
# rowid = offer id. partner_id is stored (unindexed) so that the partner-name trigger never
# names marketplace_offer: a trigger on another table that names it would break Django's
# table remake (the RENAME of new__marketplace_offer fails while the trigger points nowhere).
SQLITE_TABLE = """
    CREATE VIRTUAL TABLE IF NOT EXISTS marketplace_offer_fts USING fts5(
        title, description, subject, partner_name, partner_id UNINDEXED,
        tokenize = "unicode61 remove_diacritics 0",
        prefix = '2 3 4'
    )
"""
_FTS_ROW = """
    INSERT INTO marketplace_offer_fts
        (rowid, title, description, subject, partner_name, partner_id)
    VALUES (new.id, new.title, new.description, new.subject,
        coalesce((SELECT name FROM partners_guaranteepartner WHERE id = new.partner_id), ''),
        new.partner_id);
"""
# The index's vocabulary, for the same compound lookup as on PostgreSQL.
SQLITE_TERMS = """
    CREATE VIRTUAL TABLE IF NOT EXISTS marketplace_offer_fts_terms
    USING fts5vocab(marketplace_offer_fts, 'row')
"""
SQLITE_OFFER_TRIGGERS = {
    "marketplace_offer_fts_insert": f"""
        CREATE TRIGGER IF NOT EXISTS marketplace_offer_fts_insert
        AFTER INSERT ON marketplace_offer BEGIN {_FTS_ROW} END
    """,
    "marketplace_offer_fts_update": (
        "CREATE TRIGGER IF NOT EXISTS marketplace_offer_fts_update "  # noqa: S608  (constant SQL)
        "AFTER UPDATE OF title, description, subject, partner_id ON marketplace_offer BEGIN "
        "DELETE FROM marketplace_offer_fts WHERE rowid = old.id; " + _FTS_ROW + " END"
    ),
    "marketplace_offer_fts_delete": """
        CREATE TRIGGER IF NOT EXISTS marketplace_offer_fts_delete
        AFTER DELETE ON marketplace_offer BEGIN
            DELETE FROM marketplace_offer_fts WHERE rowid = old.id;
        END
    """,
}
SQLITE_PARTNER_TRIGGERS = {
    "marketplace_partner_name_fts": """
        CREATE TRIGGER IF NOT EXISTS marketplace_partner_name_fts
        AFTER UPDATE OF name ON partners_guaranteepartner BEGIN
            UPDATE marketplace_offer_fts SET partner_name = new.name
            WHERE partner_id = new.id;
        END
    """,
}
SQLITE_TRIGGER_NAMES = frozenset(SQLITE_OFFER_TRIGGERS) | frozenset(SQLITE_PARTNER_TRIGGERS)
SQLITE_REBUILD = [
    "DELETE FROM marketplace_offer_fts",
    """
    INSERT INTO marketplace_offer_fts
        (rowid, title, description, subject, partner_name, partner_id)
    SELECT o.id, o.title, o.description, o.subject, coalesce(p.name, ''), o.partner_id
    FROM marketplace_offer o LEFT JOIN partners_guaranteepartner p ON p.id = o.partner_id
    """,
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS marketplace_offer_fts_terms",
    *(f"DROP TRIGGER IF EXISTS {name}" for name in sorted(SQLITE_TRIGGER_NAMES)),
    "DROP TABLE IF EXISTS marketplace_offer_fts",
]


def sqlite_missing_triggers(cursor: Any) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return set(SQLITE_TRIGGER_NAMES) - {row[0] for row in cursor.fetchall()}


def sqlite_install(cursor: Any) -> None:
    """Create the FTS table and any missing trigger, and fill the table from the offers."""
    cursor.execute(SQLITE_TABLE)
    cursor.execute(SQLITE_TERMS)
    for sql in [*SQLITE_OFFER_TRIGGERS.values(), *SQLITE_PARTNER_TRIGGERS.values()]:
        cursor.execute(sql)
    for sql in SQLITE_REBUILD:
        cursor.execute(sql)


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in [*PG_FORWARD, *PG_INDEXES]:
                cursor.execute(sql)
        elif connection.vendor == "sqlite":
            sqlite_install(cursor)
            for sql in COMMON_INDEXES:
                cursor.execute(sql)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            statements = PG_BACKWARD
        elif connection.vendor == "sqlite":
            statements = SQLITE_BACKWARD
        else:
            return
        for sql in [*statements, *COMMON_INDEXES_DROP]:
            cursor.execute(sql)


def repair_after_migrate(*, using: str = "default", **kwargs: Any) -> None:
    """post_migrate (connected in apps.py): on SQLite, when a migration after 0002 remade
    marketplace_offer and so dropped its triggers, create them again and rebuild the index.
    Does nothing while the FTS table does not exist (0002 not applied) or nothing is missing."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'marketplace_offer_fts'"
        )
        if cursor.fetchone() and sqlite_missing_triggers(cursor):
            sqlite_install(cursor)
