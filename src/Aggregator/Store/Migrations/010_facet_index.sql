-- Facets read, for each sampled match, its source, language, author, time and categories. Rows carry
-- the whole text, so reading those columns from the rows scatters reads over the file; this index
-- holds them all, and a facet request reads compact index pages only (issue 5: facets beside results).
CREATE INDEX items_facets ON items (id, sort_at, source_id, fetched_at, language, has_enclosure, author, categories);
