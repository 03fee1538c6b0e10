-- Near-duplicate candidates are read by time for every stored item (StoryLinker): a covering
-- index keeps that read inside compact index pages instead of the wide item rows.
CREATE INDEX items_story_candidates ON items (sort_at, source_id, fingerprint, story_id)
    WHERE fingerprint IS NOT NULL AND story_id IS NOT NULL;
