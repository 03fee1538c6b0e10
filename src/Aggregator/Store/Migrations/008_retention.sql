-- Retention (issue 7): per-source limits beside the global ones, starred items that retention
-- keeps, and tombstones so a feed that still carries a removed entry does not bring it back.
-- Times are Unix milliseconds (UTC), as in 001.

-- null: the global setting (Aggregator:RetentionMaxAgeDays / RetentionMaxItemsPerSource); 0: no limit.
ALTER TABLE sources ADD COLUMN retention_max_age_days INTEGER;
ALTER TABLE sources ADD COLUMN retention_max_items INTEGER;

-- A starred item is never removed by retention.
ALTER TABLE items ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
CREATE INDEX items_starred ON items (sort_at DESC, id DESC) WHERE starred = 1;

-- One row per entry retention removed, keyed as the upsert keys items (source, item key): the
-- refresh skips these entries and the upsert refuses them until the tombstone expires.
CREATE TABLE item_tombstones (
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    item_key   TEXT    NOT NULL,
    removed_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (source_id, item_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX item_tombstones_by_expiry ON item_tombstones (expires_at);
