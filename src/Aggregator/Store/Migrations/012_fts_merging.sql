-- Ingest writes one small FTS5 segment per transaction; with the default automerge of 4, FTS5
-- rewrites the postings of every four segments of a level into one, so each posting is rewritten
-- about log4(N) times. Merging 16 at a time rewrites it about half as often, for a few more segments
-- to read per search (measured: 15 % more items per CPU-second at 100k items, searches within noise at 1M;
-- docs/query.md). crisismerge bounds how many segments a level may hold before a merge is forced
-- inside the writing transaction. Both settings persist in the index's own config table.
INSERT INTO items_fts (items_fts, rank) VALUES ('automerge', 16);
INSERT INTO items_fts (items_fts, rank) VALUES ('crisismerge', 64);
