#!/bin/sh
# Requests/s for cached channels: the real service (Release build) on a benchmark store, loaded with wrk.
# usage: tests/Aggregator.Bench.Publish/load.sh <db> [seconds] [connections]
# Prints wrk's summary for: a full 200 (identity), a full 200 gzip, and a 304 (If-None-Match).
set -eu
db=$1; seconds=${2:-10}; connections=${3:-32}
root=$(cd "$(dirname "$0")/../.." && pwd)
dotnet build -c Release "$root/src/Aggregator" -v q >/dev/null
work=$(mktemp -d)
echo '{ "sources": [] }' > "$work/sources.json"
url=http://127.0.0.1:5399
dotnet "$root/src/Aggregator/bin/Release/net10.0/Aggregator.dll" --urls $url --Logging:LogLevel:Default=Warning \
  --Aggregator:Database="$db" --Aggregator:SourcesFile="$work/sources.json" \
  --Aggregator:ChannelsFile="$root/tests/Aggregator.Bench.Publish/channels.json" --Aggregator:FeedSize=100 &
service=$!
trap 'kill $service; rm -rf "$work"' EXIT
until curl -fs $url/health >/dev/null; do sleep 0.5; done
for channel in all tech; do
  path=/feeds/$channel.rss
  etag=$(curl -fsI $url$path | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
  echo "== $path 200 identity"; wrk -t2 -c"$connections" -d"${seconds}s" $url$path | grep -E 'Requests/sec|Latency|Non-2xx'
  echo "== $path 200 gzip"; wrk -t2 -c"$connections" -d"${seconds}s" -H 'Accept-Encoding: gzip' $url$path | grep -E 'Requests/sec|Latency|Non-2xx'
  echo "== $path 304 ($etag)"; wrk -t2 -c"$connections" -d"${seconds}s" -H "If-None-Match: $etag" $url$path | grep -E 'Requests/sec|Latency|Non-2xx'
done
