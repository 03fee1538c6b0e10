-- One story once (issue 6). At ingest every item gets its canonical address and a SimHash of
-- its text, and joins a story: the story id is the id of the first item stored for it, so the
-- grouping never changes when items are re-read. Which copy a feed shows (the earliest) is
-- decided at read time, so a late-fetched but earlier-published copy still wins.
ALTER TABLE items ADD COLUMN canonical_url TEXT;
ALTER TABLE items ADD COLUMN fingerprint INTEGER;
ALTER TABLE items ADD COLUMN story_id INTEGER;

UPDATE items SET story_id = id;

CREATE INDEX items_by_canonical_url ON items (canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX items_by_story ON items (story_id, sort_at, id);
