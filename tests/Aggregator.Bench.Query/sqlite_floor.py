"""What SQLite alone needs to store the benchmark's items: the floor under any ingest code on one writer.

Copies the first N items of a store the query benchmark made into an empty database with the same
schema (the FTS5 settings of migrations 012 and 015 included), 500 rows a transaction, with SQLite's
own INSERT ... SELECT: no .NET, no story links, no term list, no parsing of parameters. Prints the CPU
(process time) and wall time per item, and every 100,000 items for longer runs.

usage: python3 sqlite_floor.py [rows|fts|all] [N=50000] SOURCE.db [TARGET.db=/tmp/sqlite-floor.db]
  rows: the item rows and their indexes; fts: and the FTS5 index; all: and the categories.
"""
import os
import sqlite3
import sys
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "all"
total = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
source = sys.argv[3]
target = sys.argv[4] if len(sys.argv) > 4 else "/tmp/sqlite-floor.db"
batch = int(os.environ.get("BATCH", "500"))

for suffix in ("", "-wal", "-shm"):
    if os.path.exists(target + suffix):
        os.remove(target + suffix)

with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as stored:
    schema = [row[0] for row in stored.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'items_fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]

db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
db.execute("PRAGMA cache_size = -32768")
for statement in schema:
    db.execute(statement)
for setting, value in (("automerge", 16), ("crisismerge", 64), ("hashsize", 16 * 1024 * 1024)):
    db.execute("INSERT INTO items_fts (items_fts, rank) VALUES (?, ?)", (setting, value))
db.execute(f"ATTACH 'file:{source}?mode=ro' AS src")
columns = ",".join(row[1] for row in db.execute("PRAGMA table_xinfo(items)") if row[6] == 0)  # not the generated ones

print(f"SQLite {sqlite3.sqlite_version}, {mode}, {total:,} items, {batch} a transaction")
cpu, wall = time.process_time(), time.time()
part_cpu, part_wall = cpu, wall
for first in range(1, total + 1, batch):
    last = first + batch - 1
    db.execute("BEGIN")
    db.execute(f"INSERT INTO items ({columns}) SELECT {columns} FROM src.items WHERE id BETWEEN ? AND ?", (first, last))
    if mode in ("fts", "all"):
        db.execute("INSERT INTO items_fts (rowid, title, content_text) SELECT id, title, content_text FROM items WHERE id BETWEEN ? AND ?", (first, last))
    if mode == "all":
        db.execute("""INSERT OR IGNORE INTO item_categories (category, item_id)
            SELECT trim(c.value), i.id FROM items i, json_each(i.categories) c WHERE i.id BETWEEN ? AND ? AND c.type = 'text'""", (first, last))
    db.execute("COMMIT")
    if last % 100_000 == 0:
        print(f"  {last:,}: {(time.process_time() - part_cpu) / 1e5 * 1e6:.1f} µs CPU an item, {(time.time() - part_wall) / 1e5 * 1e6:.1f} µs wall", flush=True)
        part_cpu, part_wall = time.process_time(), time.time()

print(f"{mode}: {(time.process_time() - cpu) / total * 1e6:.1f} µs CPU an item, {(time.time() - wall) / total * 1e6:.1f} µs wall")
