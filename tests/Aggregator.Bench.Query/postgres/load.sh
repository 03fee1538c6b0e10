#!/bin/bash
# Loads the chunks export_chunks.py wrote into PostgreSQL with schema.sql, one transaction a chunk (COPY),
# from SESSIONS sessions at once, and prints items/s and the machine's CPU an item.
# usage: load.sh CHUNKS_FOLDER [SESSIONS=2] [SCHEMA=schema.sql]; PGHOST/PGPORT/PGUSER as psql takes them.
set -eu
folder=$(realpath "$1"); sessions=${2:-2}; schema=${3:-$(dirname "$0")/schema.sql}
psql -q -f "$schema" 2>/dev/null
psql -q -c "CHECKPOINT"
for s in $(seq 0 $((sessions - 1))); do
  ls "$folder"/*.csv | awk -v s="$s" -v n="$sessions" '(NR - 1) % n == s' \
    | sed "s|^\(.*\)\$|\\\\copy items (id, source_id, item_key, url, title, author, published_at, fetched_at, sort_at, content_text, categories) FROM '\1' WITH (FORMAT csv, NULL '')|" > "/tmp/pg-load-$s.sql"
done
cpu0=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat); t0=$(date +%s.%N)
for s in $(seq 0 $((sessions - 1))); do psql -q -f "/tmp/pg-load-$s.sql" > /dev/null & done
wait
t1=$(date +%s.%N); cpu1=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
n=$(psql -At -c "SELECT count(*) FROM items")
echo "$sessions sessions: $n items in $(echo "$t1 - $t0" | bc) s = $(echo "$n / ($t1 - $t0)" | bc) items/s; machine CPU $(echo "($cpu1 - $cpu0) * 10000 / $n" | bc) µs an item"
