-- The benchmark's items in PostgreSQL with full-text search as PostgreSQL does it: a weighted tsvector
-- (title A, text B; the simple configuration: no stemming, as unicode61) kept in the row, and a GIN index.
-- Without full text (no tsvector, no GIN index): docs/query.md, "PostgreSQL for comparison".
DROP TABLE IF EXISTS items;
CREATE TABLE items (
  id bigint PRIMARY KEY, source_id bigint NOT NULL, item_key text NOT NULL, url text, title text, author text,
  published_at bigint, fetched_at bigint NOT NULL, sort_at bigint NOT NULL, content_text text, categories jsonb,
  UNIQUE (source_id, item_key));
CREATE INDEX items_by_time ON items (sort_at DESC, id DESC);
CREATE INDEX items_by_source_time ON items (source_id, sort_at DESC, id DESC);
CREATE INDEX items_by_author ON items (lower(author), sort_at DESC, id DESC) WHERE author IS NOT NULL;
CREATE INDEX items_by_fetched ON items (fetched_at);
CREATE INDEX items_categories ON items USING gin (categories jsonb_path_ops);
