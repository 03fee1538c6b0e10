-- Times are Unix milliseconds (UTC). Lists are JSON arrays.
CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT    NOT NULL UNIQUE,
    title                TEXT,
    origin               TEXT    NOT NULL CHECK (origin IN ('config', 'api')),
    enabled              INTEGER NOT NULL DEFAULT 1,
    interval_minutes     INTEGER NOT NULL,
    site_url             TEXT,
    etag                 TEXT,
    last_modified        TEXT,
    last_fetched_at      INTEGER,
    last_success_at      INTEGER,
    last_status          TEXT CHECK (last_status IN ('ok', 'notModified', 'error')),
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_fetch_at        INTEGER,
    created_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE items (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    item_key      TEXT    NOT NULL,
    guid          TEXT,
    url           TEXT,
    title         TEXT,
    author        TEXT,
    published_at  INTEGER,
    updated_at    INTEGER,
    fetched_at    INTEGER NOT NULL,
    -- published_at, else fetched_at: the one order every listing and feed uses.
    sort_at       INTEGER NOT NULL,
    summary       TEXT,
    content_html  TEXT,
    content_text  TEXT,
    categories    TEXT    NOT NULL DEFAULT '[]',
    enclosures    TEXT    NOT NULL DEFAULT '[]',
    -- Hash of the entry as the feed gave it: an unchanged entry is not processed again.
    entry_hash    TEXT    NOT NULL,
    UNIQUE (source_id, item_key)
) STRICT;

CREATE INDEX items_by_time ON items (sort_at DESC, id DESC);
CREATE INDEX items_by_source_time ON items (source_id, sort_at DESC, id DESC);

-- External-content FTS index. ItemStore writes it in the same transaction as the rows
-- (per batch, not per-row triggers: see STACK.md); deletions, which include the cascade
-- from a deleted source, go through this trigger.
CREATE VIRTUAL TABLE items_fts USING fts5 (
    title, content_text,
    content = 'items', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, content_text)
    VALUES ('delete', old.id, old.title, old.content_text);
END;
