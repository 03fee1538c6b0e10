-- Items a feed dated in the future sort at their fetch time (ItemStore.SortAt, 2026-12-07); rows
-- stored before that kept the future date in sort_at, holding the top of every listing until then and
-- pinning the search windows' lower bound (item_hours) to their ids. Moves them, drops the hours no
-- item is in any longer, and records the moved items in the hours they moved to. One scan of items.
CREATE TEMP TABLE moved_items AS SELECT id FROM items WHERE sort_at > fetched_at;

UPDATE items SET sort_at = fetched_at WHERE id IN (SELECT id FROM moved_items);

DELETE FROM item_hours WHERE hour > coalesce((SELECT max(sort_at) FROM items), 0) / 3600000;

INSERT INTO item_hours (hour, min_id)
SELECT sort_at / 3600000, min(id) FROM items WHERE id IN (SELECT id FROM moved_items) GROUP BY sort_at / 3600000
ON CONFLICT (hour) DO UPDATE SET min_id = min(min_id, excluded.min_id);

DROP TABLE moved_items;
