-- Every term of the full-text index, one row each (issue 5: prefix searches at a million items).
-- A prefix search such as sanlo* makes FTS5 merge the lists of every term with the prefix into one
-- list before it can stop or seek, each time it is evaluated (~200 ms at 1M for a prefix in 74% of
-- the items); the same words written as an OR of terms are read lazily, newest first, and stop at
-- the page. fts5vocab can list the terms of a range too, but it reads every list of the range to
-- count them, so the terms are kept here: ingest adds each written batch's terms (ItemTerms), and
-- a term whose items are all gone stays, which only adds a term that matches nothing to an OR.
-- Filled from the index: one pass over its vocabulary (the index itself is not rebuilt), measured on
-- the benchmark's stores: 4.3 s at 200,000 items, 10.5 s at 1,000,000 (40,158 terms, load 9.6).
-- Re-runnable (IF NOT EXISTS, OR IGNORE): a database migrated before schema_migrations existed runs
-- it again, since its user_version alone cannot say whether 013 ran (Migrator.LastUnrecorded).
CREATE TABLE IF NOT EXISTS item_terms (
    term TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO item_terms (term) SELECT term FROM items_fts_vocab;
