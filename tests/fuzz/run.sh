#!/bin/sh
# run.sh BIN SECONDS WORKDIR: one bounded libFuzzer run for `make fuzz`,
# from the seed folders, growing WORKDIR; prints libFuzzer's figures (not
# its per-input lines) and fails, naming the replay command, when it
# found a crash, a leak, undefined behaviour or a timeout.  Inputs are
# at most FUZZ_MAX_LEN bytes (8192: the handout of a few pages).
set -u
bin=$1 secs=$2 work=$3
mkdir -p "$work" out/fuzz/crashes
log=out/fuzz/$(basename "$bin").log
echo "== $bin, $secs s (log: $log)"
nice "$bin" -timeout=10 -rss_limit_mb=2048 -max_len="${FUZZ_MAX_LEN:-8192}" \
    -dict=tests/fuzz/qbind.dict -artifact_prefix=out/fuzz/crashes/ \
    -print_final_stats=1 -max_total_time="$secs" \
    "$work" corpus tests/cases tests/fuzz/seeds tests/fuzz/regressions \
    >"$log" 2>&1
rc=$?
grep -a -e '^#[0-9]*[[:space:]]*\(INITED\|DONE\)' -e '^stat::' "$log"
if [ "$rc" -ne 0 ]; then
	# The report: what follows the last per-input line.
	grep -a -v -e '^#[0-9]' -e '^INFO: ' -e '^"' "$log" | tail -60
	echo "$bin found a problem (exit $rc); replay it with:"
	sed -n 's|.*Test unit written to \(.*\)$|  make fuzz-replay FILE=\1|p' "$log"
	exit 1
fi
