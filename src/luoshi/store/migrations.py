"""Named schema migrations, applied in order and recorded in
``schema_migrations(name, applied_at)``.

Opening a store applies whatever it lacks, each migration in a transaction
of its own, so an older store is upgraded in place. A migration's SQL is
frozen once released: a change to the schema is a new migration at the end
of ``MIGRATIONS``, never an edit of an old one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from luoshi.store.backend import Backend
from luoshi.store.base import StoreError
from luoshi.store.names import next_label
from luoshi.store.preliminary_backfill import backfill_preliminary
from luoshi.store.rows import utc_naive
from luoshi.store.search import bigrams


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    sql: tuple[str, ...] = ()  # for every dialect
    duckdb: tuple[str, ...] = ()  # then these on DuckDB only
    postgres: tuple[str, ...] = ()  # or these on PostgreSQL only
    python: Callable[[Backend], None] | None = None  # data to fill in after the SQL

    def statements(self, dialect: str) -> tuple[str, ...]:
        extra: tuple[str, ...] = getattr(self, dialect)
        return self.sql + extra


_DOCUMENTS = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,            -- sha256 hex of the text
    doc_no INTEGER NOT NULL UNIQUE DEFAULT nextval('documents_doc_no'),  -- short key for the search index
    name TEXT NOT NULL,
    source TEXT,                    -- path or URL it was read from
    title TEXT,
    region TEXT,
    published DATE,
    loader TEXT NOT NULL,
    text TEXT NOT NULL,             -- statements' offsets point into it
    skip TEXT NOT NULL,             -- JSON [[start, end], ...] of page furniture
    ingested_at TIMESTAMP NOT NULL, -- UTC
    statement_count INTEGER NOT NULL DEFAULT 0  -- kept with the statements: count(*) is slow on PostgreSQL
)"""

_STATEMENTS = """
CREATE TABLE statements (
    doc_id TEXT NOT NULL REFERENCES documents (id),
    seq INTEGER NOT NULL,           -- position in the extractor's output
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    region TEXT NOT NULL,
    region_code TEXT,
    indicator TEXT,
    indicator_name TEXT,
    measure TEXT,
    value DOUBLE PRECISION,
    value_high DOUBLE PRECISION,
    unit TEXT,
    base_value DOUBLE PRECISION,
    base_unit TEXT,
    qualifier TEXT,
    value_text TEXT,
    owner TEXT,
    parties TEXT NOT NULL,          -- JSON list
    event_type TEXT,
    cumulative BOOLEAN NOT NULL,
    in_name BOOLEAN NOT NULL,
    rules TEXT NOT NULL,            -- JSON list of rule ids
    PRIMARY KEY (doc_id, seq)
)"""


def _index_stored_documents(db: Backend) -> None:
    """Bigrams for documents stored before the search index existed."""
    for (doc_no,) in db.execute("SELECT doc_no FROM documents ORDER BY doc_no"):
        (text,) = db.execute("SELECT text FROM documents WHERE doc_no = ?", [doc_no])[0]
        db.insert_bigrams(doc_no, bigrams(text))


def _texts_by_trigrams(db: Backend) -> None:
    """PostgreSQL: a pg_trgm index on the texts in place of the bigram
    table, or the bigram table kept where the extension cannot be made."""
    if db.dialect != "postgres":
        return
    ops = _trigram_ops(db)
    if ops is None:
        return  # search and ingest go on with doc_bigrams (luoshi.store.search)
    db.execute(f"CREATE INDEX documents_text_trigrams ON documents USING gin (text {ops})")
    db.execute("DROP TABLE doc_bigrams")


def _trigram_ops(db: Backend) -> str | None:
    """pg_trgm's operator class, the extension created in schema public if
    the database lacks it; None when it cannot be (not installed on the
    server, or no right to create it). Never in the store's own schema:
    dropping that schema would drop the extension, and with it the index
    of every other store using it."""
    find = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    for _ in range(2):  # a second look: another store may have created it meanwhile
        found = db.execute(find)
        if found:
            return f"{found[0][0]}.gin_trgm_ops"
        try:
            with db.transaction():  # a savepoint: a refusal leaves the migration's transaction usable
                db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        except db.errors:
            continue
    return None


def _progress_reports(blob: str) -> str:
    return f"""CREATE TABLE progress_reports (
    id BIGINT PRIMARY KEY DEFAULT nextval('progress_reports_id'),
    target TEXT NOT NULL,           -- document name:start-end of the target
    user_id BIGINT NOT NULL REFERENCES users (id),
    username TEXT NOT NULL,
    owner TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    unit TEXT,
    period TEXT NOT NULL,
    note TEXT NOT NULL,
    attachment_name TEXT,
    attachment {blob},
    created_at TIMESTAMP NOT NULL,
    doc_id TEXT NOT NULL            -- the stored document holding the report
)"""


# A target key as written before 0006: document name, colon, span.
_NAME_KEY = re.compile(r"(.+):(\d+)-(\d+)")
_DOCUMENT_ID = re.compile(r"[0-9a-f]{64}")
# Columns holding target keys: (table, column, whether it is the primary key).
_KEY_COLUMNS = (("owner_assignments", "target"), ("progress_reports", "target"), ("audit_log", "object"))


def _unique_names_and_keys_by_id(db: Backend) -> None:
    """Names made unique, and target keys rewritten from ``name:start-end``
    to ``document id:start-end`` (see ``luoshi.store.names``).

    Of the documents sharing a name, the first stored keeps it and each
    later one becomes ``NAME (n)``: a later upload under a stored name is
    the takeover uniqueness prevents from now on. A name key meant the
    document of that name holding a target at exactly that span (an
    assignment or report was made on a target shown on the board); where
    several or none do, the newest of the name, which the scoreboard's
    links opened. Keys naming no stored document are left as they are:
    they address nothing either way. The audit log's ``object`` is an
    address too and is rewritten with the rest, so a target's history stays
    with it; the before/after records are left exactly as written.
    """
    by_name: dict[str, list[str]] = defaultdict(list)  # name -> ids, first stored first
    for doc_id, name in db.execute("SELECT id, name FROM documents ORDER BY ingested_at, doc_no"):
        by_name[str(name)].append(str(doc_id))
    _rewrite_keys(db, by_name)
    taken = set(by_name)
    for name, ids in by_name.items():
        for doc_id in ids[1:]:
            label = next_label(name, taken)
            taken.add(label)
            db.execute("UPDATE documents SET name = ? WHERE id = ?", [label, doc_id])


def _rewrite_keys(db: Backend, by_name: dict[str, list[str]]) -> None:
    for table, column in _KEY_COLUMNS:
        for (key,) in db.execute(f"SELECT DISTINCT {column} FROM {table}"):
            new = _key_by_id(db, str(key), by_name)
            if new is not None:
                db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new, key])


def _key_by_id(db: Backend, key: str, by_name: dict[str, list[str]]) -> str | None:
    found = _NAME_KEY.fullmatch(key)
    if found is None or _DOCUMENT_ID.fullmatch(found.group(1)):
        return None
    name, start, end = found.group(1), int(found.group(2)), int(found.group(3))
    ids = by_name.get(name)
    if not ids:
        return None
    holding = [
        doc_id
        for doc_id in ids
        if db.execute(
            """SELECT 1 FROM statements WHERE doc_id = ? AND "start" = ? AND "end" = ? AND kind = 'target'""",
            [doc_id, start, end],
        )
    ]
    chosen = holding[0] if len(holding) == 1 else (holding or ids)[-1]
    return f"{chosen}:{start}-{end}"


# DuckDB gets no secondary index: its planner answers these filters with a
# columnar scan (EXPLAIN shows a Seq Scan with the index present), so an
# index would only slow inserts and, for the bigrams, triple the file.
def _links_built_if_empty(db: Backend) -> None:
    """A store without statements has every link it needs; one upgraded with
    statements has none until ``luoshi relink``."""
    if not db.execute("SELECT 1 FROM statements LIMIT 1"):
        db.execute("INSERT INTO links_built VALUES (?)", [utc_naive(None)])


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_documents_and_statements",
        sql=("CREATE SEQUENCE documents_doc_no", _DOCUMENTS, _STATEMENTS),
        postgres=(
            "CREATE INDEX documents_name ON documents (name)",
            "CREATE INDEX statements_indicator_kind ON statements (indicator, kind)",
            "CREATE INDEX statements_indicator_name ON statements (indicator_name)",
            "CREATE INDEX statements_region ON statements (region)",
        ),
    ),
    Migration(
        "0002_bigram_search_index",
        # One row per distinct (bigram, document), the document by its doc_no:
        # the 64-character id would double the table. See luoshi.store.search.
        duckdb=("CREATE TABLE doc_bigrams (gram TEXT NOT NULL, doc_no INTEGER NOT NULL)",),
        postgres=(
            # byte order ("C"): equality is all search needs, and it is cheaper than a locale's
            'CREATE TABLE doc_bigrams (gram TEXT COLLATE "C" NOT NULL, doc_no INTEGER NOT NULL,'
            " PRIMARY KEY (gram, doc_no))",
        ),
        python=_index_stored_documents,
    ),
    Migration(
        "0003_accounts_progress_audit",
        # Accounts of the web scoreboard (luoshi.accounts). Secrets are kept
        # only as hashes: argon2 for passwords, sha256 for tokens and session
        # ids. progress_reports.doc_id has no foreign key: a report's document
        # is an ordinary stored document, and the store's own code must stay
        # free to handle documents without knowing about reports.
        sql=(
            "CREATE SEQUENCE users_id",
            "CREATE SEQUENCE api_tokens_id",
            "CREATE SEQUENCE progress_reports_id",
            "CREATE SEQUENCE audit_log_id",
            """CREATE TABLE users (
    id BIGINT PRIMARY KEY DEFAULT nextval('users_id'),
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,    -- argon2id
    role TEXT NOT NULL,             -- admin, owner, viewer
    owner TEXT,                     -- the 责任单位 an owner reports for
    display_name TEXT,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL   -- UTC
)""",
            """CREATE TABLE api_tokens (
    id BIGINT PRIMARY KEY DEFAULT nextval('api_tokens_id'),
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE, -- sha256 hex of the token
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
)""",
            """CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,       -- sha256 hex of the session id
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
)""",
            """CREATE TABLE owner_assignments (
    target TEXT PRIMARY KEY,        -- document name:start-end
    owner TEXT NOT NULL,
    assigned_by TEXT NOT NULL,
    assigned_at TIMESTAMP NOT NULL
)""",
            """CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_id'),
    occurred_at TIMESTAMP NOT NULL, -- UTC
    username TEXT NOT NULL,         -- who did it
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    before_json TEXT,               -- the object before (JSON), never a secret
    after_json TEXT                 -- and after
)""",
        ),
        duckdb=(_progress_reports("BLOB"),),
        postgres=(
            _progress_reports("BYTEA"),
            "CREATE INDEX progress_reports_target ON progress_reports (target)",
            "CREATE INDEX audit_log_object ON audit_log (object)",
            "CREATE INDEX sessions_user ON sessions (user_id)",
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
        ),
    ),
    Migration(
        "0004_statement_co_owners",
        # The responsible units beside the owner (责任单位, 配合单位): a JSON
        # list like parties; statements stored before it have none.
        sql=("ALTER TABLE statements ADD COLUMN co_owners TEXT NOT NULL DEFAULT '[]'",),
    ),
    Migration(
        "0005_statement_repeats",
        # Other spans of the document that say the same figure (a headline
        # restating the body, a repeated paragraph): JSON [[start, end], ...].
        sql=("ALTER TABLE statements ADD COLUMN repeats TEXT NOT NULL DEFAULT '[]'",),
    ),
    Migration(
        "0006_document_names_unique",
        # Names unique (a later document under a stored name becomes NAME (n))
        # and target keys by document id: see _unique_names_and_keys_by_id.
        python=_unique_names_and_keys_by_id,
    ),
    Migration(
        "0006_document_names_unique_index",
        # In a transaction of its own: DuckDB makes no index in one that
        # updated the table (the renames above).
        postgres=("DROP INDEX documents_name",),
        sql=("CREATE UNIQUE INDEX documents_name_unique ON documents (name)",),
    ),
    Migration(
        "0007_document_source_types",
        # Who brought each document and how much it counts (luoshi.source_types).
        # Documents already stored get, frozen here, the type linking used to
        # infer: statistics, progress reports (owner_report: they count for
        # their owner's targets only, as new ones do), then 政府工作报告 by
        # name or title, else news. Web uploads of text are the exception:
        # nobody knows who uploaded them, so they are 'unknown' and count once
        # an admin confirms them. Everything else a trusted import stored, or
        # an admin uploaded (statistics): confirmed, by '迁移前入库'.
        # The columns may hold NULL: DuckDB adds no NOT NULL column to a table
        # with an index; every row written gives a type.
        sql=(
            "ALTER TABLE documents ADD COLUMN source_type TEXT DEFAULT 'unknown'",
            "ALTER TABLE documents ADD COLUMN uploaded_by TEXT",
            "ALTER TABLE documents ADD COLUMN owner TEXT",
            "ALTER TABLE documents ADD COLUMN confirmed_by TEXT",
            "ALTER TABLE documents ADD COLUMN confirmed_at TIMESTAMP",
            """UPDATE documents SET source_type = CASE
    WHEN loader = 'stats' THEN 'statistics'
    WHEN loader = 'progress' THEN 'owner_report'
    WHEN substr(coalesce(source, ''), 1, 3) = '上传：' THEN 'unknown'
    WHEN strpos(name, '政府工作报告') > 0 OR strpos(coalesce(title, ''), '政府工作报告') > 0
        THEN 'government_work_report'
    ELSE 'news' END""",
            "UPDATE documents SET confirmed_by = '迁移前入库', confirmed_at = ingested_at"
            " WHERE source_type NOT IN ('owner_report', 'unknown')",
            "UPDATE documents SET"
            " owner = (SELECT min(p.owner) FROM progress_reports p WHERE p.doc_id = documents.id),"
            " uploaded_by = (SELECT min(p.username) FROM progress_reports p WHERE p.doc_id = documents.id)"
            " WHERE loader = 'progress'",
        ),
    ),
    Migration(
        "0008_progress_corrections",
        # A correction is a new report naming the one it supersedes; a
        # withdrawal is kept, never deleted. Either takes the old report's
        # statements out of the evidence (luoshi.accounts.progress).
        sql=(
            "ALTER TABLE progress_reports ADD COLUMN supersedes BIGINT",
            "ALTER TABLE progress_reports ADD COLUMN superseded_by BIGINT",
            "ALTER TABLE progress_reports ADD COLUMN withdrawn_at TIMESTAMP",
            "ALTER TABLE progress_reports ADD COLUMN withdrawn_by TEXT",
        ),
    ),
    Migration(
        "0009_upload_jobs",
        # Uploads are ingested by a worker (luoshi.jobs): a row per job with
        # its state and progress; cpu_seconds bounds what a user's jobs may
        # spend a day, so the history must outlive the server.
        sql=(
            "CREATE SEQUENCE upload_jobs_id",
            """CREATE TABLE upload_jobs (
    id BIGINT PRIMARY KEY DEFAULT nextval('upload_jobs_id'),
    username TEXT NOT NULL,         -- who uploaded it
    kind TEXT NOT NULL,             -- document, statistics
    file_name TEXT NOT NULL,        -- as uploaded (made safe)
    state TEXT NOT NULL,            -- queued, running, done, cancelled, failed
    created_at TIMESTAMP NOT NULL,  -- UTC
    rows_total INTEGER,             -- known once the worker has read the file
    documents_total INTEGER,
    documents_done INTEGER NOT NULL DEFAULT 0,
    documents_stored INTEGER NOT NULL DEFAULT 0,
    documents_skipped INTEGER NOT NULL DEFAULT 0,
    statements INTEGER NOT NULL DEFAULT 0,
    cpu_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
    error TEXT,                     -- why it failed (Chinese, shown to the uploader)
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    cancelled_by TEXT
)""",
        ),
        postgres=("CREATE INDEX upload_jobs_user ON upload_jobs (username, created_at)",),
    ),
    Migration(
        "0010_task_deadlines",
        # The 完成时限 an office's task list gives a target (luoshi.tasks), an
        # ISO date like the periods beside it; and a progress report may say
        # a commitment without a figure is done (已完成), so it has no value.
        sql=(
            "ALTER TABLE statements ADD COLUMN deadline TEXT",
            "ALTER TABLE progress_reports ALTER COLUMN value DROP NOT NULL",
        ),
    ),
    Migration(
        "0011_fetches_and_sources",
        # Documents fetched from the web (luoshi.fetch): each version of a
        # URL's content, with its HTTP provenance; runs of the sources
        # followed, and the sources an admin added on the web.
        sql=(
            "CREATE SEQUENCE fetches_id",
            """CREATE TABLE fetches (
    id BIGINT PRIMARY KEY DEFAULT nextval('fetches_id'),
    url TEXT NOT NULL,              -- as asked for: the versions of one source share it
    final_url TEXT NOT NULL,        -- where it was found, after redirects
    source_name TEXT,               -- the source that found it; NULL: fetched by hand
    found_on TEXT,                  -- the page that links to it (an attachment)
    fetched_at TIMESTAMP NOT NULL,  -- UTC, when this version was first fetched
    checked_at TIMESTAMP NOT NULL,  -- UTC, when it was last found unchanged
    http_date TEXT,                 -- the response's Date, ETag, Last-Modified, Content-Type
    etag TEXT,
    last_modified TEXT,
    content_type TEXT,
    content_sha256 TEXT NOT NULL,   -- of the bytes as fetched
    doc_id TEXT NOT NULL            -- the document its text is
)""",
            "CREATE SEQUENCE source_runs_id",
            """CREATE TABLE source_runs (
    id BIGINT PRIMARY KEY DEFAULT nextval('source_runs_id'),
    source_name TEXT,               -- NULL: URLs fetched by hand
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    found INTEGER NOT NULL DEFAULT 0,
    new_documents INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    failures TEXT NOT NULL DEFAULT '[]',  -- JSON [[url, reason], ...], the first 100
    error TEXT,                     -- why the run itself failed (its listing unreachable)
    started_by TEXT                 -- who asked for it (an admin); NULL: the schedule or the CLI
)""",
            """CREATE TABLE fetch_sources (
    name TEXT PRIMARY KEY,
    config TEXT NOT NULL,           -- JSON, the fields of a sources.yaml entry
    added_by TEXT NOT NULL,
    added_at TIMESTAMP NOT NULL
)""",
        ),
        postgres=(
            "CREATE INDEX fetches_url ON fetches (url, id)",
            "CREATE INDEX fetches_doc ON fetches (doc_id)",
            "CREATE INDEX source_runs_source ON source_runs (source_name, id)",
        ),
    ),
    Migration(
        "0012_bulletins_and_reminders",
        # Each 通报 issued (luoshi.bulletin.snapshots): the category it reported
        # for each target, so the next says what changed, and its content as
        # JSON, to download it again as issued. No UNIQUE (scope, as_of): a
        # day's 通报 issued anew is deleted and inserted in one transaction,
        # which DuckDB refuses under a unique index. And each reminder sent
        # (luoshi.reminders): never the same one twice in a round.
        sql=(
            "CREATE SEQUENCE bulletins_id",
            """CREATE TABLE bulletins (
    id BIGINT PRIMARY KEY DEFAULT nextval('bulletins_id'),
    scope TEXT NOT NULL,            -- JSON [region, period, owner or ""]
    region TEXT NOT NULL,
    period TEXT NOT NULL,
    owner TEXT,                     -- one owner's 通报; NULL: every owner's
    as_of DATE NOT NULL,            -- the day it reports on (Beijing)
    number INTEGER NOT NULL,        -- 第N期 within its scope
    issued_at TIMESTAMP NOT NULL,   -- UTC
    issued_by TEXT NOT NULL,        -- a username, or cli / schedule
    title TEXT NOT NULL,
    counts TEXT NOT NULL,           -- JSON [[category, tasks], ...]
    statuses TEXT NOT NULL,         -- JSON {target key: category}
    content TEXT NOT NULL           -- JSON of luoshi.bulletin.Bulletin
)""",
            """CREATE TABLE reminders_sent (
    owner TEXT NOT NULL,
    target TEXT NOT NULL,           -- target key
    status TEXT NOT NULL,           -- the status reminded of (behind, overdue, due_soon)
    round TEXT NOT NULL,            -- the period it counts for: 2025-12, 2025-W49, 2025-12-08
    channel TEXT NOT NULL,          -- email, wecom, dingtalk, webhook
    recipient TEXT NOT NULL,        -- the address or the webhook's name
    sent_at TIMESTAMP NOT NULL,     -- UTC
    PRIMARY KEY (owner, target, status, round, channel, recipient)
)""",
        ),
        postgres=("CREATE INDEX bulletins_scope ON bulletins (scope, as_of)",),
    ),
    Migration(
        "0013_statement_preliminary",
        # An outcome its sentence calls 预计/初步核算/快报, flagged by the
        # extractor as linking once decided by reading the text around it;
        # outcomes stored before are flagged from their documents' texts.
        sql=("ALTER TABLE statements ADD COLUMN preliminary BOOLEAN NOT NULL DEFAULT FALSE",),
        python=backfill_preliminary,
    ),
    Migration(
        "0014_stored_links",
        # Each target's link and status, kept as documents arrive
        # (luoshi.track.stored_links), so a server or CLI reads what it shows
        # instead of linking every statement first. Rows are per target
        # statement, grouped into targets by ``anchor``; the primary row holds
        # the group's link. ``links_built`` holds one row once every partition
        # is linked: an upgraded store, or one loaded in bulk without
        # linking, has none until ``luoshi relink``. No unique index: a
        # partition is relinked by delete and insert in one transaction,
        # which DuckDB refuses under one.
        sql=(
            """CREATE TABLE links (
    doc_id TEXT NOT NULL,           -- the target statement (statements.doc_id, seq)
    seq INTEGER NOT NULL,
    "start" INTEGER NOT NULL,       -- its span: its key is doc_id:start-end
    "end" INTEGER NOT NULL,
    region TEXT NOT NULL,
    part TEXT NOT NULL,             -- the partition: the period's first year (2025 of 2025-11)
    family TEXT NOT NULL,           -- the indicator as one target's statements share it
    period TEXT NOT NULL,
    anchor TEXT NOT NULL,           -- doc_id#seq of the target's statement stored first
    is_primary BOOLEAN NOT NULL,    -- the statement its status is judged against
    candidates TEXT NOT NULL,       -- JSON [[doc_id, seq, preliminary], ...] best first
    conflicts TEXT NOT NULL,        -- JSON, as candidates
    unconfirmed TEXT NOT NULL,      -- JSON, as candidates
    trackable BOOLEAN NOT NULL,
    status TEXT NOT NULL,           -- by the outcome used, before any deadline (Status)
    progress DOUBLE PRECISION,      -- share achieved to date, where the outcome is partial
    deadline TEXT                   -- ISO day the target is due, if any
)""",
            "CREATE INDEX links_partition ON links (region, part, family)",
            "CREATE TABLE links_built (built_at TIMESTAMP NOT NULL)",
        ),
        python=_links_built_if_empty,
    ),
    Migration(
        "0015_search_by_scan_or_trigrams",
        # The bigram table cost as much to write as extracting the document
        # (bench/search.py, "Search index (issue 11)"). DuckDB scans the
        # texts instead, as fast to query; PostgreSQL indexes them with
        # pg_trgm, a twentieth of the table's size, or keeps the table where
        # the extension cannot be created. See luoshi.store.search.
        duckdb=("DROP TABLE doc_bigrams",),
        python=_texts_by_trigrams,
    ),
    Migration(
        "0016_statement_document_names",
        # Each statement carries its document's name, so a page of statements
        # (by document name, then offset) is read without joining documents:
        # on PostgreSQL an index walk over the page's rows (below), on DuckDB
        # a scan of the statements' own columns. Documents are never renamed;
        # a rename would have to write both tables. Nullable: DuckDB adds no
        # NOT NULL column to a table with an index.
        sql=(
            "ALTER TABLE statements ADD COLUMN doc_name TEXT",
            "UPDATE statements SET doc_name = (SELECT d.name FROM documents d WHERE d.id = statements.doc_id)",
        ),
    ),
    Migration(
        "0016_statement_listing_indexes",
        # In a transaction of its own: one made after the update above in
        # the same transaction would index every row twice (old and new).
        # A page by region and kind walks statements_listing (an incremental
        # sort orders the few rows sharing a name and offset by id and seq);
        # with an indicator, the two indicator indexes, now ending in kind and
        # region, find its rows alone. The index by region leads the listing's
        # and goes.
        postgres=(
            'CREATE INDEX statements_listing ON statements (region, kind, doc_name, "start")',
            "DROP INDEX statements_region",
            "CREATE INDEX statements_indicator_kind_region ON statements (indicator, kind, region)",
            "DROP INDEX statements_indicator_kind",
            "CREATE INDEX statements_indicator_name_kind_region ON statements (indicator_name, kind, region)",
            "DROP INDEX statements_indicator_name",
        ),
    ),
    Migration(
        "0017_statements_order",
        # DuckDB: statement rows written since they were last rewritten in
        # the order pages read them (luoshi.store.statement_order), counted
        # by every write. A store migrated has none in order yet: its next
        # ingest or relink rewrites them.
        duckdb=(
            "CREATE TABLE statements_order (written BIGINT NOT NULL, ordered_at TIMESTAMP)",
            "INSERT INTO statements_order SELECT count(*), NULL FROM statements",
        ),
    ),
)


_BOOKKEEPING = "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"


def applied(db: Backend) -> list[str]:
    """Names of the migrations applied to the store, in the order applied."""
    return [name for (name,) in db.execute("SELECT name FROM schema_migrations ORDER BY applied_at, name")]


def migrate(db: Backend, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the migrations the store lacks; returns the names applied now."""
    with db.transaction():
        db.lock_schema()
        db.execute(_BOOKKEEPING)
    known = {m.name for m in migrations}
    unknown = [name for name in applied(db) if name not in known]
    if unknown:
        raise StoreError(
            f"{db.target}: the store was written by a newer luoshi (unknown migration {unknown[0]}); upgrade luoshi"
        )
    done: list[str] = []
    for migration in migrations:
        with db.transaction():
            db.lock_schema()  # another process may have applied it meanwhile
            if db.execute("SELECT 1 FROM schema_migrations WHERE name = ?", [migration.name]):
                continue
            for sql in migration.statements(db.dialect):
                db.execute(sql)
            if migration.python is not None:
                migration.python(db)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?)", [migration.name, utc_naive(None)])
        done.append(migration.name)
    return done
