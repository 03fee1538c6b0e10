-- Fetching at scale (issue 3): health grades, body hash, adaptive interval, redirects, fetch log.
-- Times are Unix milliseconds (UTC), as in 001.

-- healthy: the last fetch worked; failing: a streak of failures; dead: a long streak, or 410 Gone.
ALTER TABLE sources ADD COLUMN health TEXT NOT NULL DEFAULT 'healthy'
    CHECK (health IN ('healthy', 'failing', 'dead'));
ALTER TABLE sources ADD COLUMN health_reason TEXT;
ALTER TABLE sources ADD COLUMN health_since INTEGER;
-- Set when the service itself disabled the source (410 Gone); a later good fetch clears it and re-enables.
ALTER TABLE sources ADD COLUMN disabled_reason TEXT;
-- SHA-256 of the last body that parsed: an identical body is treated as not modified.
ALTER TABLE sources ADD COLUMN body_hash TEXT;
-- The interval chosen at the last full fetch (feed hints, observed rhythm), reused after a 304.
ALTER TABLE sources ADD COLUMN poll_minutes INTEGER;
-- The address a chain of 301/308 led to, and on how many good fetches in a row.
ALTER TABLE sources ADD COLUMN moved_to TEXT;
ALTER TABLE sources ADD COLUMN moved_seen INTEGER NOT NULL DEFAULT 0;

-- The last attempts of each source, trimmed to Aggregator:FetchLogSize per source.
CREATE TABLE fetch_log (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    -- ok, notModified, error or deferred (not sent: the host asked us to wait, or was busy).
    status       TEXT    NOT NULL,
    http_status  INTEGER,
    duration_ms  INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    added        INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    url          TEXT    NOT NULL,
    error        TEXT
) STRICT;

CREATE INDEX fetch_log_by_source ON fetch_log (source_id, id DESC);
