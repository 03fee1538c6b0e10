"""Writes the first N items of a query-benchmark store as CSV files of 500 rows, for load.sh.

usage: python3 export_chunks.py SOURCE.db [N=200000] [FOLDER=chunks]
"""
import csv
import os
import sqlite3
import sys

source = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
folder = sys.argv[3] if len(sys.argv) > 3 else "chunks"
chunk = 500
os.makedirs(folder, exist_ok=True)
db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
rows = db.execute(
    "SELECT id, source_id, item_key, url, title, author, published_at, fetched_at, sort_at, content_text, categories"
    " FROM items WHERE id <= ? ORDER BY id", (total,))
out, writer = None, None
for n, row in enumerate(rows):
    if n % chunk == 0:
        if out:
            out.close()
        out = open(os.path.join(folder, f"{n // chunk:05d}.csv"), "w", newline="")
        writer = csv.writer(out)
    writer.writerow(["" if v is None else v for v in row])
if out:
    out.close()
