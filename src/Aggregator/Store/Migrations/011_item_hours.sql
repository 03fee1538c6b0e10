-- The smallest item id of each hour (sort_at / 3,600,000 ms). A newest-first search looks at recent
-- items first and starts the full-text index at the smallest id among them (ItemStore); reading that
-- id from the time index scanned every item of the window (14 ms for 30 days of a 1M-item store, far
-- more for a busy one). Written with every batch (ItemWrites.IndexAsync); deletes leave an hour's
-- minimum as it was, which only widens a window a little.
CREATE TABLE item_hours (
    hour   INTEGER PRIMARY KEY,
    min_id INTEGER NOT NULL
) STRICT;

INSERT INTO item_hours (hour, min_id)
SELECT sort_at / 3600000, min(id) FROM items WHERE true GROUP BY sort_at / 3600000;
