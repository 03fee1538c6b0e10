#!/bin/bash
# Loads the chunks export_chunks.py wrote into PostgreSQL with schema.sql, one transaction a chunk (COPY),
# from SESSIONS sessions at once, and prints items/s and the machine's CPU an item.
# usage: PGDATABASE=name load.sh CHUNKS_FOLDER [SESSIONS=2] [full|no-gin|no-fulltext]
# no-gin: schema.sql without the GIN index on the tsvector; no-fulltext: without the tsvector either.
# PGHOST, PGPORT and PGUSER as psql takes them; PGDATABASE must name the database: the schema drops its items table.
set -eu
: "${PGDATABASE:?set PGDATABASE to the database to load (its items table is dropped first)}"
folder=$(realpath "$1"); sessions=${2:-2}; variant=${3:-full}
case "$variant" in
  full) drop='^$^' ;;
  no-gin) drop='items_search' ;;
  no-fulltext) drop='items_search|search tsvector' ;;
  *) echo "load.sh: the third argument is full, no-gin or no-fulltext, not $variant" >&2; exit 2 ;;
esac
grep -Ev "$drop" "$(dirname "$0")/schema.sql" > /tmp/pg-load-schema.sql
psql -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f /tmp/pg-load-schema.sql
psql -q -v ON_ERROR_STOP=1 -c "CHECKPOINT"
for s in $(seq 0 $((sessions - 1))); do
  ls "$folder"/*.csv | awk -v s="$s" -v n="$sessions" '(NR - 1) % n == s' \
    | sed "s|^\(.*\)\$|\\\\copy items (id, source_id, item_key, url, title, author, published_at, fetched_at, sort_at, content_text, categories) FROM '\1' WITH (FORMAT csv, NULL '')|" > "/tmp/pg-load-$s.sql"
done
cpu0=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat); t0=$(date +%s.%N)
pids=()
for s in $(seq 0 $((sessions - 1))); do psql -q -v ON_ERROR_STOP=1 -f "/tmp/pg-load-$s.sql" > /dev/null & pids+=($!); done
for pid in "${pids[@]}"; do wait "$pid"; done
t1=$(date +%s.%N); cpu1=$(awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat)
n=$(psql -At -c "SELECT count(*) FROM items")
echo "$sessions sessions: $n items in $(echo "$t1 - $t0" | bc) s = $(echo "$n / ($t1 - $t0)" | bc) items/s; machine CPU $(echo "($cpu1 - $cpu0) * 10000 / $n" | bc) µs an item"
