#!/usr/bin/env bash
# CloudWatcher's test command (README, and what .ci/run runs):
#   1. restore (locked to the lock files when CI=true) and build in Release, which stages out/CloudWatcher/;
#   2. xUnit: engine unit tests (fake client), wire tests against the in-process emulator, hosted-engine
#      cmdlet tests, the dependency-isolation probe;
#   3. the benchmark harness smoke test (bench/, --quick: tiny sizes, never fails on timings);
#   4. the AWS CLI v2 (Debian's awscli) against the emulator, proving wire fidelity with a third-party client;
#   5. the quick start, end to end.
# Installs the AWS CLI with apt-get when it is missing and we are root. Prints "N passed, N failed" last.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 AWS_EC2_METADATA_DISABLED=true

if ! { [[ -x /usr/bin/aws ]] && /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2\.'; }; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "== Installing the AWS CLI v2 (Debian package awscli)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq awscli >/dev/null
  else
    echo "The AWS CLI v2 is missing at /usr/bin/aws; install Debian's awscli package (apt-get install awscli)." >&2
    exit 1
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== Restore and build (Release)"
dotnet restore CloudWatcher.slnx -nologo
dotnet build CloudWatcher.slnx -c Release --no-restore -nologo -clp:ErrorsOnly

echo "== xUnit"
set +e
dotnet test CloudWatcher.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
xunit_status=${PIPESTATUS[0]}
set -e
xunit_passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
xunit_failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
xunit_passed=${xunit_passed:-0}
xunit_failed=${xunit_failed:-0}
if [[ $xunit_status -ne 0 && $xunit_failed -eq 0 ]]; then xunit_failed=1; fi

echo "== Benchmark harness (--quick smoke test)"
bench_passed=0; bench_failed=0
if dotnet run -c Release --project bench/CloudWatcher.Bench -- --quick >"$log" 2>&1; then
  bench_passed=1; grep -E '^\|' "$log" || true; echo "bench harness ran (quick sizes; goals are not enforced here)"
else
  bench_failed=1; cat "$log"; echo "bench harness FAILED"
fi

echo "== AWS CLI v2 against the emulator"
set +e
AWS_CLI=/usr/bin/aws bash tests/awscli/run.sh src/CloudWatcher.Emulator/bin/Release/net10.0/CloudWatcher.Emulator.dll 2>&1 | tee "$log"
awscli_status=${PIPESTATUS[0]}
set -e
awscli_line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)
awscli_passed=$(awk '{print $1}' <<<"${awscli_line:-0 passed, 1 failed}")
awscli_failed=$(awk '{print $3}' <<<"${awscli_line:-0 passed, 1 failed}")
if [[ $awscli_status -ne 0 && $awscli_failed -eq 0 ]]; then awscli_failed=1; fi

echo "== Quick start"
quick_passed=0; quick_failed=0
if ./quickstart.sh >"$log" 2>&1 && grep -q '16 series: 7 metrics on 2 instances' "$log" \
   && grep -Eq "Max 'mem_used' is [0-9.]+ GiB over" "$log" && grep -q 'Ec2LaunchTime' "$log" \
   && grep -Eq '^\[[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9:]{8} UTC\] ' "$log" \
   && [[ -s out/quickstart/mem_used.csv && -s out/quickstart/nephele.json && -s out/quickstart/memory.png && -s out/quickstart/job.log ]]; then
  quick_passed=1; echo "quick start ran: demo metrics listed and summarised, CSV, JSON, PNG and job.log written, uptime shown"
else
  quick_failed=1; cat "$log"; echo "quick start FAILED"
fi

passed=$((xunit_passed + bench_passed + awscli_passed + quick_passed))
failed=$((xunit_failed + bench_failed + awscli_failed + quick_failed))
echo
echo "xUnit: $xunit_passed passed, $xunit_failed failed; bench: $bench_passed passed, $bench_failed failed; AWS CLI: $awscli_passed passed, $awscli_failed failed; quick start: $quick_passed passed, $quick_failed failed"
echo "total: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
