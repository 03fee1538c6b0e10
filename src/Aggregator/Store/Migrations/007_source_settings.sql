-- Issue 7: per-source settings. Times are Unix milliseconds (UTC), as in 001.

-- A folder-like path such as 'News/World' (segments joined by '/'); null when not filed.
ALTER TABLE sources ADD COLUMN category TEXT;
-- The source's tags, a JSON array of strings.
ALTER TABLE sources ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags));
-- Per-source bounds on the polling interval, within the global ones; null keeps the global bound.
ALTER TABLE sources ADD COLUMN min_interval_minutes INTEGER;
ALTER TABLE sources ADD COLUMN max_interval_minutes INTEGER;
-- Keep/block rules, a JSON array of {action, field, words | regex}, validated before they are written.
ALTER TABLE sources ADD COLUMN filters TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(filters));

-- Entries a fetch read but the source's rules dropped (not stored).
ALTER TABLE fetch_log ADD COLUMN filtered INTEGER NOT NULL DEFAULT 0;
