-- Issue 4: per-source full-page mode, and the feed's own HTML of each item, kept so that a
-- source's items can be cleaned again after its site rules change (reprocess).
ALTER TABLE sources ADD COLUMN full_page TEXT NOT NULL DEFAULT 'auto'
    CHECK (full_page IN ('auto', 'always', 'never'));

-- The entry's summary and content exactly as the feed gave them (null for items stored before).
ALTER TABLE items ADD COLUMN feed_summary TEXT;
ALTER TABLE items ADD COLUMN feed_content TEXT;
