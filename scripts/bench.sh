#!/bin/sh
# bench.sh runs Kutip's benchmarks with output benchstat reads (see docs/performance.md).
#
#   scripts/bench.sh                        # up to 10,000 passages, 5 runs of each
#   KUTIP_BENCH_LARGE=1 scripts/bench.sh    # with the 100,000-passage cases (tens of minutes, ~1 GB)
#   COUNT=1 QUICK=1 scripts/bench.sh        # smoke test, one operation each, as CI runs it
#   BENCH='Search/passages=10000' scripts/bench.sh
#
# Compare two runs: benchstat old.txt new.txt (go install golang.org/x/perf/cmd/benchstat@latest;
# it is not a module dependency). No benchmark touches the network.
set -eu
cd "$(dirname "$0")/.."
COUNT=${COUNT:-5}
BENCH=${BENCH:-.}
OUT=${OUT:-bench-$(date +%Y%m%d-%H%M%S).txt}
if [ -n "${QUICK:-}" ]; then
	FAST=1x SLOW=1x
else
	# Queries are timed one by one: 100 of them make stable percentiles. Builds, memory and
	# cold starts run for about a second each (a 100,000-passage build runs once).
	FAST=${FAST:-100x} SLOW=${SLOW:-1s}
fi
{
	go test -run '^$' -bench "$BENCH" -benchtime "$FAST" -count "$COUNT" -benchmem -timeout 60m \
		-skip 'Build|Memory|IndexSeeds|AskCold' ./retrieval/ ./bot/
	go test -run '^$' -bench "$BENCH" -benchtime "$SLOW" -count "$COUNT" -benchmem -timeout 120m \
		-skip 'Search|Translate|Lexicon|Stem|Ask$' ./retrieval/ ./bot/ ./cmd/kutip/
} | tee "$OUT"
echo "results in $OUT" >&2
