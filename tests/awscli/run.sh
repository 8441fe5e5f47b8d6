#!/usr/bin/env bash
# End-to-end check of the CloudWatcher emulator with two real, third-party AWS CLIs:
#   - the Debian AWS CLI v2 2.9 (/usr/bin/aws): CloudWatch over awsQuery (form in, XML out);
#   - the AWS CLI v1.4x on PATH (botocore 1.43, current service models): CloudWatch over JSON 1.0 with
#     query-compatible errors (X-Amz-Target: GraniteServiceVersion20100801.*, x-amzn-query-mode: true).
# The CloudWatch checks run with both; Logs (JSON 1.1 in both) and EC2 with the v2 CLI.
# Usage: tests/awscli/run.sh [path/to/CloudWatcher.Emulator.dll]
#   Without an argument the emulator is built (Release) first.
#   AWS_CLI_QUERY / AWS_CLI_JSON override the two CLIs.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DLL=${1:-}
if [[ -z "$DLL" ]]; then
  dotnet build "$REPO/src/CloudWatcher.Emulator" -c Release -nologo -v q >/dev/null
  DLL="$REPO/src/CloudWatcher.Emulator/bin/Release/net10.0/CloudWatcher.Emulator.dll"
fi
[[ -f "$DLL" ]] || { echo "emulator DLL not found: $DLL" >&2; exit 2; }

# The two CLIs: found by version, not by position on PATH.
find_cli() { # major-version
  local c
  for c in ${2:-} /usr/bin/aws $(type -ap aws); do
    [[ -x "$c" ]] && "$c" --version 2>&1 | grep -q "^aws-cli/$1\." && { echo "$c"; return 0; }
  done
  return 1
}
CLI_QUERY=$(find_cli 2 "${AWS_CLI_QUERY:-}") || { echo "FAIL - the AWS CLI v2 (awsQuery for CloudWatch) was not found: apt-get install awscli" >&2; exit 1; }
CLI_JSON=$(find_cli 1 "${AWS_CLI_JSON:-}") || { echo "FAIL - the AWS CLI v1.4x (JSON for CloudWatch) was not found on PATH: pip install awscli" >&2; exit 1; }
AWS_BIN=$CLI_QUERY
echo "# awsQuery CLI: $("$CLI_QUERY" --version 2>&1)"
echo "# JSON CLI:     $("$CLI_JSON" --version 2>&1)"

export AWS_ACCESS_KEY_ID=AKIDUMMYDUMMY AWS_SECRET_ACCESS_KEY=dummy-secret AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
export AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_MAX_ATTEMPTS=1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL 2>/dev/null || true

TMP=$(mktemp -d)
# Timestamps as ISO 8601 from both CLIs (the v1 default prints what the wire had: epoch seconds in JSON).
printf '[default]\ncli_timestamp_format = iso8601\n' >"$TMP/config"
export AWS_CONFIG_FILE="$TMP/config"
EMU_PID=""
cleanup() {
  if [[ -n "$EMU_PID" ]]; then kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

PASS=0; FAIL=0; TAG=""
ok()  { PASS=$((PASS + 1)); echo "ok   - $TAG$1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $TAG$1"; }
eq()  { if [[ "$2" == "$3" ]]; then ok "$1"; else bad "$1 (expected '$2', got '$3')"; fi; }
truthy() { if [[ "$2" == "True" ]]; then ok "$1"; else bad "$1 (got '$2')"; fi; }
fails_with() { # description expected-error-code command...
  local desc=$1 code=$2 out; shift 2
  if out=$("$@" 2>&1); then bad "$desc (command succeeded)";
  elif grep -q "($code)" <<<"$out"; then ok "$desc";
  else bad "$desc (expected $code, got: $(head -c 300 <<<"$out"))"; fi
}
fails_matching() { # description expected-output-regex command...
  local desc=$1 re=$2 out; shift 2
  if out=$("$@" 2>&1); then bad "$desc (command succeeded)";
  elif grep -qE "$re" <<<"$out"; then ok "$desc";
  else bad "$desc (expected /$re/, got: $(head -c 300 <<<"$out"))"; fi
}
py() { python3 -c "$1"; }   # reads JSON on stdin
succeeds() { # description command...
  local desc=$1 out; shift
  if out=$("$@" 2>&1); then ok "$desc"; else bad "$desc (failed: $(head -c 300 <<<"$out"))"; fi
}

# shellcheck source=../../scripts/emulator.sh
source "$REPO/scripts/emulator.sh"
start_emulator() { # extra args...
  cw_start_emulator "$DLL" "$TMP" "$@" || exit 1
  EMU_PID=$CW_EMULATOR_PID
  EP=$CW_EMULATOR_ENDPOINT
  PORT=${EP##*:}
}
stop_emulator() { cw_stop_emulator; EMU_PID=""; }
awsx() { "$AWS_BIN" --endpoint-url "$EP" --output json "$@"; }

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
NOW=$(date -u +%s)
MIN=$(( NOW / 300 * 300 - 900 ))         # aligned to 5 minutes, 15-20 minutes ago
NOW_MS=$(( NOW * 1000 ))

# =============================== run 1: any key accepted, demo seed ===============================
start_emulator --seed demo
echo "# emulator on $EP"

# ---------------- CloudWatch (run once per CLI: awsQuery, then JSON) ----------------
cloudwatch_checks() { # namespace
NS=$1
awsx cloudwatch put-metric-data --namespace "$NS" --metric-data \
  "[{\"MetricName\":\"latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"a\"}],\"Timestamp\":\"$(iso $((MIN + 5)))\",\"Value\":10,\"Unit\":\"Milliseconds\"},
    {\"MetricName\":\"latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"a\"}],\"Timestamp\":\"$(iso $((MIN + 20)))\",\"Value\":20,\"Unit\":\"Milliseconds\"},
    {\"MetricName\":\"latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"a\"}],\"Timestamp\":\"$(iso $((MIN + 40)))\",\"Value\":30,\"Unit\":\"Milliseconds\"},
    {\"MetricName\":\"latency\",\"Dimensions\":[{\"Name\":\"Host\",\"Value\":\"a\"}],\"Timestamp\":\"$(iso $((MIN + 65)))\",\"Value\":100,\"Unit\":\"Milliseconds\"},
    {\"MetricName\":\"dist\",\"Timestamp\":\"$(iso $((MIN + 1)))\",\"Values\":[1,2,3,4],\"Counts\":[1,1,1,97],\"Unit\":\"Count\"},
    {\"MetricName\":\"agg\",\"Timestamp\":\"$(iso $((MIN + 1)))\",\"StatisticValues\":{\"SampleCount\":4,\"Sum\":40,\"Minimum\":5,\"Maximum\":15}}]"
ok "put-metric-data accepted 6 datums"

gmd() { # id metric stat period [extra json for MetricStat] [dims json]
  local dims=${6:-'[{"Name":"Host","Value":"a"}]'}
  echo "[{\"Id\":\"$1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"$NS\",\"MetricName\":\"$2\",\"Dimensions\":$dims},\"Period\":$4,\"Stat\":\"$3\"${5:-}}}]"
}
q_vals() { awsx cloudwatch get-metric-data --metric-data-queries "$1" --start-time "$(iso $((MIN - 60)))" --end-time "$(iso $((MIN + 180)))" ${2:-} \
  | py 'import json,sys; r=json.load(sys.stdin)["MetricDataResults"]; print(" ".join(("%g" % v) for x in r for v in x["Values"]))'; }

eq "get-metric-data Sum per minute (descending)"  "100 60" "$(q_vals "$(gmd m1 latency Sum 60)")"
eq "get-metric-data Average"                       "100 20" "$(q_vals "$(gmd m1 latency Average 60)")"
eq "get-metric-data Minimum ascending"             "10 100" "$(q_vals "$(gmd m1 latency Minimum 60)" '--scan-by TimestampAscending')"
eq "get-metric-data Maximum over 300 s"            "100"    "$(q_vals "$(gmd m1 latency Maximum 300)")"
eq "get-metric-data SampleCount"                   "1 3"    "$(q_vals "$(gmd m1 latency SampleCount 60)")"
eq "get-metric-data p50 from Values/Counts"        "4"      "$(q_vals "$(gmd d1 dist p50 60 '' '[]')")"
eq "get-metric-data p2 from Values/Counts"         "2"      "$(q_vals "$(gmd d1 dist p2 60 '' '[]')")"
eq "get-metric-data Sum of Values*Counts"          "394"    "$(q_vals "$(gmd d1 dist Sum 60 '' '[]')")"
eq "get-metric-data StatisticValues Average"       "10"     "$(q_vals "$(gmd a1 agg Average 60 '' '[]')")"
eq "get-metric-data Unit filter (match)"           "100 60" "$(q_vals "$(gmd m1 latency Sum 60 ',"Unit":"Milliseconds"')")"
eq "get-metric-data Unit filter (no match)"        ""       "$(q_vals "$(gmd m1 latency Sum 60 ',"Unit":"Seconds"')")"

out=$(awsx cloudwatch get-metric-data --metric-data-queries "$(gmd m1 latency Sum 60)" --start-time "$(iso $((MIN - 60)))" --end-time "$(iso $((MIN + 180)))" \
  --query 'MetricDataResults[0].[Label,StatusCode,Timestamps[0]]' --output text)
eq "get-metric-data label/status/timestamp" "latency	Complete	$(date -u -d "@$((MIN + 60))" +%Y-%m-%dT%H:%M:%S+00:00)" "$out"

# Demo data: a mem_used series for the last hour, per minute, within 2..7 GiB.
DEMO_Q='[{"Id":"mem","MetricStat":{"Metric":{"Namespace":"NepheleNamespaceEC2","MetricName":"mem_used","Dimensions":[{"Name":"InstanceId","Value":"i-0123456789abcdef0"}]},"Period":60,"Stat":"Average"}}]'
out=$(awsx cloudwatch get-metric-data --metric-data-queries "$DEMO_Q" --start-time "$(iso $((NOW / 60 * 60 - 3600)))" --end-time "$(iso $((NOW / 60 * 60)))" \
  | py 'import json,sys; v=json.load(sys.stdin)["MetricDataResults"][0]["Values"]; print(len(v), all(2*2**30 <= x <= 7*2**30 for x in v))')
eq "demo mem_used: 60 per-minute points in 2..7 GiB" "60 True" "$out"

# Pagination: MaxDatapoints 25 over 120 points; the CLI follows NextToken and concatenates results.
out=$(awsx cloudwatch get-metric-data --metric-data-queries "$DEMO_Q" --start-time "$(iso $((NOW / 60 * 60 - 7200)))" --end-time "$(iso $((NOW / 60 * 60)))" --page-size 25 \
  | py 'import json,sys; r=json.load(sys.stdin)["MetricDataResults"]; print(len(r), sum(len(x["Values"]) for x in r), r[0]["StatusCode"], r[-1]["StatusCode"])')
eq "get-metric-data paginates by MaxDatapoints (PartialData + NextToken)" "5 120 PartialData Complete" "$out"
out=$(awsx cloudwatch get-metric-data --metric-data-queries "$DEMO_Q" --start-time "$(iso $((NOW / 60 * 60 - 7200)))" --end-time "$(iso $((NOW / 60 * 60)))" --max-datapoints 25 --no-paginate \
  --query '[length(MetricDataResults[0].Values), NextToken != null]' --output text)
eq "get-metric-data --no-paginate returns a NextToken" "25	True" "$out"

# Retention: period 10 s only keeps 3 hours.
OLD_Q='[{"Id":"old","MetricStat":{"Metric":{"Namespace":"NepheleNamespaceEC2","MetricName":"mem_used","Dimensions":[{"Name":"InstanceId","Value":"i-0123456789abcdef0"}]},"Period":10,"Stat":"Average"}}]'
out=$(awsx cloudwatch get-metric-data --metric-data-queries "$OLD_Q" --start-time "$(iso $((NOW - 6 * 86400)))" --end-time "$(iso $((NOW - 5 * 86400)))" --query 'length(MetricDataResults[0].Values)' --output text)
eq "get-metric-data respects retention for 10 s periods" "0" "$out"

fails_with "get-metric-data invalid period"     InvalidParameterValue awsx cloudwatch get-metric-data --metric-data-queries "$(gmd m1 latency Sum 7)" --start-time "$(iso $MIN)" --end-time "$(iso $((MIN + 60)))"
fails_with "get-metric-data invalid Id"         InvalidParameterValue awsx cloudwatch get-metric-data --metric-data-queries "$(gmd Bad latency Sum 60)" --start-time "$(iso $MIN)" --end-time "$(iso $((MIN + 60)))"
fails_with "get-metric-data start >= end"       InvalidParameterValue awsx cloudwatch get-metric-data --metric-data-queries "$(gmd m1 latency Sum 60)" --start-time "$(iso $MIN)" --end-time "$(iso $MIN)"
fails_with "get-metric-data expressions"        InvalidParameterValue awsx cloudwatch get-metric-data --metric-data-queries '[{"Id":"e1","Expression":"SUM(METRICS())"}]' --start-time "$(iso $MIN)" --end-time "$(iso $((MIN + 60)))"
fails_with "put-metric-data AWS/ namespace"     InvalidParameterValue awsx cloudwatch put-metric-data --namespace AWS/EC2 --metric-name x --value 1
fails_with "put-metric-data bad resolution"     InvalidParameterValue awsx cloudwatch put-metric-data --namespace "$NS" --metric-data '[{"MetricName":"x","Value":1,"StorageResolution":7}]'
fails_with "put-metric-data Values/Counts size" InvalidParameterValue awsx cloudwatch put-metric-data --namespace "$NS" --metric-data '[{"MetricName":"x","Values":[1,2],"Counts":[1]}]'
fails_with "put-metric-data Value + Values"     InvalidParameterCombination awsx cloudwatch put-metric-data --namespace "$NS" --metric-data '[{"MetricName":"x","Value":1,"Values":[1]}]'

eq "list-metrics namespace filter" "dist agg latency" \
  "$(awsx cloudwatch list-metrics --namespace "$NS" | py 'import json,sys; print(" ".join(sorted({m["MetricName"] for m in json.load(sys.stdin)["Metrics"]}, key=lambda n: {"dist":0,"agg":1,"latency":2}[n])))')"
eq "list-metrics dimension filter" "latency Host=a" \
  "$(awsx cloudwatch list-metrics --namespace "$NS" --dimensions Name=Host,Value=a --query 'Metrics[0].[MetricName, join(`=`, [Dimensions[0].Name, Dimensions[0].Value])]' --output text | tr '\t' ' ')"
eq "list-metrics demo series count" "16" "$(awsx cloudwatch list-metrics --namespace NepheleNamespaceEC2 --query 'length(Metrics)' --output text)"
eq "list-metrics demo disk series by path" "2" \
  "$(awsx cloudwatch list-metrics --namespace NepheleNamespaceEC2 --metric-name disk_used_percent --dimensions Name=InstanceId,Value=i-0123456789abcdef0 --query 'length(Metrics)' --output text)"
eq "list-metrics --recently-active PT3H" "3" "$(awsx cloudwatch list-metrics --namespace "$NS" --recently-active PT3H --query 'length(Metrics)' --output text)"
publish_checks "$NS/Publish"
}

# PutMetricData as published by Write-CwMetric: statistics over Values/Counts and StatisticValues, high resolution,
# and every limit (a namespace of its own, so the list-metrics checks above are not disturbed).
publish_checks() { # namespace
local P=$1
put() { awsx cloudwatch put-metric-data --namespace "$P" --metric-data "$1"; }
pq() { # metric stat period [start [end]]: the values, oldest first
  awsx cloudwatch get-metric-data --scan-by TimestampAscending --start-time "$(iso "${4:-$MIN}")" --end-time "$(iso "${5:-$((MIN + 60))}")" \
    --metric-data-queries "[{\"Id\":\"q\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"$P\",\"MetricName\":\"$1\"},\"Period\":$3,\"Stat\":\"$2\"}}]" \
    | py 'import json,sys; print(" ".join("%g" % v for v in json.load(sys.stdin)["MetricDataResults"][0]["Values"]))'
}
datums() { # count [extra json members]: a JSON list of datums m0..m<count-1>
  py "import json; print(json.dumps([dict(MetricName='m%d' % i, Value=i, **json.loads('{${2:-}}')) for i in range($1)]))"
}

put "[{\"MetricName\":\"dist\",\"Timestamp\":\"$(iso $((MIN + 1)))\",\"Values\":[1,2,3,4],\"Counts\":[1,1,1,97]},
      {\"MetricName\":\"stats\",\"Timestamp\":\"$(iso $((MIN + 2)))\",\"StatisticValues\":{\"SampleCount\":4,\"Sum\":40,\"Minimum\":5,\"Maximum\":15}}]"
eq "Values/Counts: SampleCount Sum Minimum Maximum by count" "100 394 1 4" "$(pq dist SampleCount 60) $(pq dist Sum 60) $(pq dist Minimum 60) $(pq dist Maximum 60)"
eq "Values/Counts: percentiles p1 p3 p50 p99 over value/count pairs" "1 3 4 4" "$(pq dist p1 60) $(pq dist p3 60) $(pq dist p50 60) $(pq dist p99 60)"
eq "StatisticValues: SampleCount Sum Minimum Maximum exactly" "4 40 5 15" "$(pq stats SampleCount 60) $(pq stats Sum 60) $(pq stats Minimum 60) $(pq stats Maximum 60)"
eq "StatisticValues: no percentile when Minimum and Maximum differ" "" "$(pq stats p50 60)"

put "[$(for s in 1 2 3; do printf '{"MetricName":"fast","StorageResolution":1,"Timestamp":"%s","Value":%d},{"MetricName":"slow","StorageResolution":60,"Timestamp":"%s","Value":%d},' "$(iso $((MIN + s)))" $s "$(iso $((MIN + s)))" $s; done | sed 's/,$//')]"
eq "high resolution: per second at period 1 (within 3 hours)" "1 2 3" "$(pq fast Sum 1)"
eq "high resolution: periods 5, 10, 30 and 60" "6 6 6 6" "$(pq fast Sum 5) $(pq fast Sum 10) $(pq fast Sum 30) $(pq fast Sum 60)"
eq "standard resolution: one point a minute at period 1" "6" "$(pq slow Sum 1)"
put "[{\"MetricName\":\"oldfast\",\"StorageResolution\":1,\"Timestamp\":\"$(iso $((NOW - 4 * 3600)))\",\"Value\":1}]"
eq "high resolution older than 3 hours: not at period 1, still at period 60" " 1" \
  "$(pq oldfast Sum 1 $((NOW - 4 * 3600 - 60)) $((NOW - 4 * 3600 + 60))) $(pq oldfast Sum 60 $((NOW - 4 * 3600 - 60)) $((NOW - 4 * 3600 + 60)))"

datums 1000 >"$TMP/d1000.json"; datums 1001 >"$TMP/d1001.json"
succeeds "put-metric-data takes 1,000 datums" awsx cloudwatch put-metric-data --namespace "$P/Thousand" --metric-data "file://$TMP/d1000.json"
eq "1,000 datums stored" "1000" "$(awsx cloudwatch list-metrics --namespace "$P/Thousand" | py 'import json,sys; print(len(json.load(sys.stdin)["Metrics"]))')"
fails_with "put-metric-data refuses 1,001 datums" InvalidParameterValue awsx cloudwatch put-metric-data --namespace "$P" --metric-data "file://$TMP/d1001.json"
V150=$(seq -s, 1 150); V151=$(seq -s, 1 151)
succeeds "put-metric-data takes 150 values in a datum" put "[{\"MetricName\":\"v150\",\"Values\":[$V150]}]"
fails_with "put-metric-data refuses 151 values"  InvalidParameterValue put "[{\"MetricName\":\"v151\",\"Values\":[$V151]}]"
D30=$(for i in $(seq 1 30); do printf '{"Name":"D%d","Value":"v"},' "$i"; done | sed 's/,$//')
succeeds "put-metric-data takes 30 dimensions" put "[{\"MetricName\":\"d30\",\"Value\":1,\"Dimensions\":[$D30]}]"
fails_with "put-metric-data refuses 31 dimensions" InvalidParameterValue put "[{\"MetricName\":\"d31\",\"Value\":1,\"Dimensions\":[$D30,{\"Name\":\"D31\",\"Value\":\"v\"}]}]"
fails_with "put-metric-data refuses StorageResolution 120" InvalidParameterValue put '[{"MetricName":"x","Value":1,"StorageResolution":120}]'
fails_with "put-metric-data refuses NaN"                 InvalidParameterValue put '[{"MetricName":"x","Value":NaN}]'
fails_with "put-metric-data refuses Infinity in Values"  InvalidParameterValue put '[{"MetricName":"x","Values":[1,Infinity]}]'
fails_with "put-metric-data refuses 1e109 (> 2^360)"     InvalidParameterValue put '[{"MetricName":"x","Value":1e109}]'
fails_with "put-metric-data refuses -1e109 (< -2^360)"   InvalidParameterValue put '[{"MetricName":"x","Values":[-1e109]}]'
succeeds "put-metric-data takes ±2^360" put "[{\"MetricName\":\"edge\",\"Values\":[2.3485425827738332e108,-2.3485425827738332e108]}]"
fails_with "put-metric-data refuses a timestamp 15 days old"   InvalidParameterValue put "[{\"MetricName\":\"x\",\"Value\":1,\"Timestamp\":\"$(iso $((NOW - 15 * 86400)))\"}]"
fails_with "put-metric-data refuses a timestamp 3 hours ahead" InvalidParameterValue put "[{\"MetricName\":\"x\",\"Value\":1,\"Timestamp\":\"$(iso $((NOW + 3 * 3600)))\"}]"
fails_with "put-metric-data without a value is MissingParameter" MissingParameter put '[{"MetricName":"x"}]'
py "import json; d=[dict(Name='D%d' % i, Value=chr(97 + i % 26) * 1000) for i in range(30)]; print(json.dumps([dict(MetricName='m%d' % i, Value=i, Dimensions=d) for i in range(40)]))" >"$TMP/big.json"
fails_with "put-metric-data refuses a body over 1 MiB (decompressed)" RequestEntityTooLarge awsx cloudwatch put-metric-data --namespace "$P" --metric-data "file://$TMP/big.json"
}

with_cli() { # cli tag command...: run a check function with that CLI
  local saved=$AWS_BIN
  AWS_BIN=$1; TAG="[$2] "; shift 2
  "$@"
  AWS_BIN=$saved; TAG=""
}

with_cli "$CLI_QUERY" "v2 query" cloudwatch_checks CloudWatcher/TestQuery
with_cli "$CLI_JSON" "v1 json" cloudwatch_checks CloudWatcher/TestJson
eq "[v1 json] the CLI spoke JSON 1.0 to CloudWatch" "1" \
  "$("$CLI_JSON" --endpoint-url "$EP" --debug cloudwatch list-metrics --namespace none 2>&1 | grep -c "'X-Amz-Target': 'GraniteServiceVersion20100801.ListMetrics'")"
eq "[v2 query] the CLI spoke awsQuery to CloudWatch" "1" \
  "$("$CLI_QUERY" --endpoint-url "$EP" --debug cloudwatch list-metrics --namespace none 2>&1 | grep -c "'body': {'Action': 'ListMetrics'")"
n=$("$CLI_JSON" --endpoint-url "$EP" --debug cloudwatch put-metric-data --namespace CloudWatcher/Gzip --metric-data "file://$TMP/d1000.json" 2>&1 | grep -c "'Content-Encoding': 'gzip'" || true)
eq "[v1 json] a body of 10 KiB or more went gzip-compressed" "yes" "$([[ $n -gt 0 ]] && echo yes || echo no)"
# awsQuery with a gzip body (the v2 CLI 2.9 predates request compression): signed with botocore's SigV4 signer.
out=$(python3 - "$EP" <<'PY'
import gzip, sys, urllib.request
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
ep = sys.argv[1] + "/"
form = "Action=PutMetricData&Version=2010-08-01&Namespace=CloudWatcher%2FGzipQuery&" + "&".join(
    "MetricData.member.%d.MetricName=m%d&MetricData.member.%d.Value=%d" % (i + 1, i, i + 1, i) for i in range(300))
body = gzip.compress(form.encode())
request = AWSRequest(method="POST", url=ep, data=body, headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Content-Encoding": "gzip"})
SigV4Auth(Credentials("AKIDUMMYDUMMY", "dummy-secret"), "monitoring", "us-east-1").add_auth(request)
print(urllib.request.urlopen(urllib.request.Request(ep, data=body, headers=dict(request.headers.items()), method="POST")).status)
PY
)
eq "[query] a gzip-compressed form body is taken" "200 300" "$out $(awsx cloudwatch list-metrics --namespace CloudWatcher/GzipQuery --query 'length(Metrics)' --output text)"

# ---------------- CloudWatch Logs ----------------
G=/cloudwatcher/test/run-$$
awsx logs create-log-group --log-group-name "$G"; ok "create-log-group"
fails_with "create-log-group duplicate"        ResourceAlreadyExistsException awsx logs create-log-group --log-group-name "$G"
fails_with "create-log-group invalid name"     InvalidParameterException awsx logs create-log-group --log-group-name 'bad name!'
awsx logs create-log-stream --log-group-name "$G" --log-stream-name s1; ok "create-log-stream"
awsx logs create-log-stream --log-group-name "$G" --log-stream-name s2
fails_with "create-log-stream duplicate"       ResourceAlreadyExistsException awsx logs create-log-stream --log-group-name "$G" --log-stream-name s1
fails_with "create-log-stream missing group"   ResourceNotFoundException awsx logs create-log-stream --log-group-name /nope --log-stream-name s1
fails_with "create-log-stream name with colon" InvalidParameterException awsx logs create-log-stream --log-group-name "$G" --log-stream-name 'a:b'

T0=$(( NOW_MS - 60000 ))
out=$(awsx logs put-log-events --log-group-name "$G" --log-stream-name s1 --log-events \
  "timestamp=$T0,message=first line" "timestamp=$((T0 + 1000)),message=ERROR second line" "timestamp=$((T0 + 2000)),message=third line done" \
  --query 'nextSequenceToken' --output text)
[[ "$out" =~ ^[0-9]+$ ]] && ok "put-log-events returns nextSequenceToken" || bad "put-log-events token '$out'"
awsx logs put-log-events --log-group-name "$G" --log-stream-name s2 --log-events \
  "timestamp=$((T0 + 500)),message=other ERROR stream" "timestamp=$((T0 + 1500)),message=other fine" >/dev/null
fails_with "put-log-events out of order"       InvalidParameterException awsx logs put-log-events --log-group-name "$G" --log-stream-name s1 --log-events "timestamp=$((T0 + 5)),message=b" "timestamp=$T0,message=a"
fails_with "put-log-events missing stream"     ResourceNotFoundException awsx logs put-log-events --log-group-name "$G" --log-stream-name nope --log-events "timestamp=$T0,message=a"
out=$(awsx logs put-log-events --log-group-name "$G" --log-stream-name s2 --log-events "timestamp=$((NOW_MS - 20 * 86400000)),message=ancient" "timestamp=$((NOW_MS - 19 * 86400000)),message=old" \
  --query 'rejectedLogEventsInfo.tooOldLogEventEndIndex' --output text)
eq "put-log-events reports too-old events" "1" "$out"

eq "get-log-events from head" "first line|ERROR second line|third line done" \
  "$(awsx logs get-log-events --log-group-name "$G" --log-stream-name s1 --start-from-head | py 'import json,sys; print("|".join(e["message"] for e in json.load(sys.stdin)["events"]))')"
eq "get-log-events newest page with limit" "third line done" \
  "$(awsx logs get-log-events --log-group-name "$G" --log-stream-name s1 --limit 1 --query 'events[].message' --output text)"
eq "get-log-events time range (end exclusive)" "ERROR second line" \
  "$(awsx logs get-log-events --log-group-name "$G" --log-stream-name s1 --start-time $((T0 + 1)) --end-time $((T0 + 2000)) --query 'events[].message' --output text)"
FWD=$(awsx logs get-log-events --log-group-name "$G" --log-stream-name s1 --start-from-head --query nextForwardToken --output text)
out=$(awsx logs get-log-events --log-group-name "$G" --log-stream-name s1 --next-token "$FWD" --query '[length(events), nextForwardToken]' --output text)
eq "get-log-events end of stream returns the same forward token" "0	$FWD" "$out"
awsx logs put-log-events --log-group-name "$G" --log-stream-name s1 --log-events "timestamp=$((T0 + 3000)),message=appended later" >/dev/null
eq "get-log-events old token sees appended events" "appended later" \
  "$(awsx logs get-log-events --log-group-name "$G" --log-stream-name s1 --next-token "$FWD" --query 'events[].message' --output text)"
fails_with "get-log-events missing stream"     ResourceNotFoundException awsx logs get-log-events --log-group-name "$G" --log-stream-name nope
fails_with "get-log-events missing group"      ResourceNotFoundException awsx logs get-log-events --log-group-name /nope --log-stream-name s1

eq "filter-log-events interleaves streams by time" "s1:first line s2:other ERROR stream s1:ERROR second line s2:other fine s1:third line done s1:appended later" \
  "$(awsx logs filter-log-events --log-group-name "$G" | py 'import json,sys; print(" ".join(e["logStreamName"]+":"+e["message"] for e in json.load(sys.stdin)["events"]))')"
eq "filter-log-events term pattern" "ERROR second line|other ERROR stream" \
  "$(awsx logs filter-log-events --log-group-name "$G" --filter-pattern ERROR | py 'import json,sys; print("|".join(sorted(e["message"] for e in json.load(sys.stdin)["events"])))')"
eq "filter-log-events quoted phrase + stream names" "third line done" \
  "$(awsx logs filter-log-events --log-group-name "$G" --log-stream-names s1 --filter-pattern '"line done"' --query 'events[].message' --output text)"
eq "filter-log-events follows nextToken (page size 1)" "6 6" \
  "$(awsx logs filter-log-events --log-group-name "$G" --page-size 1 | py 'import json,sys; e=json.load(sys.stdin)["events"]; print(len(e), len({x["eventId"] for x in e}))')"
fails_with "filter-log-events names + prefix"  InvalidParameterException awsx logs filter-log-events --log-group-name "$G" --log-stream-names s1 --log-stream-name-prefix s
eq "filter-log-events on demo jobs finds JSON retry lines" "True" \
  "$(awsx logs filter-log-events --log-group-name /cloudwatcher/demo/jobs --filter-pattern '"retrying"' | py 'import json,sys; e=json.load(sys.stdin)["events"]; print(len(e) > 5 and all(json.loads(x["message"])["msg"] == "retrying" for x in e))')"

# Embedded Metric Format: an event with an _aws member is stored and its metrics extracted, as CloudWatch Logs does.
EMF_G="/cwtest/emf-$$"; EMF_NS="CwTest/Emf$$"; EMF_T=$(( (NOW - 600) / 60 * 60 ))
awsx logs create-log-group --log-group-name "$EMF_G"
awsx logs create-log-stream --log-group-name "$EMF_G" --log-stream-name s1
python3 -c "import json,sys; ns,t=sys.argv[1],int(sys.argv[2]); print(json.dumps([{'timestamp':t*1000,'message':json.dumps({'_aws':{'Timestamp':t*1000,'CloudWatchMetrics':[{'Namespace':ns,'Dimensions':[['Service']],'Metrics':[{'Name':'Latency','Unit':'Milliseconds'}]}]},'Service':'api','Latency':[10,20,30]})}]))" "$EMF_NS" "$EMF_T" >"$TMP/emf.json"
awsx logs put-log-events --log-group-name "$EMF_G" --log-stream-name s1 --log-events "file://$TMP/emf.json" >/dev/null
EMF_M="{\"Namespace\":\"$EMF_NS\",\"MetricName\":\"Latency\",\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"api\"}]}"
eq "EMF log event extracted into a metric (SampleCount Sum)" "3.0	60.0" \
  "$(awsx cloudwatch get-metric-data --start-time "$EMF_T" --end-time $((EMF_T + 60)) --query 'MetricDataResults[].Values[0]' --output text --metric-data-queries \
      "[{\"Id\":\"c\",\"MetricStat\":{\"Metric\":$EMF_M,\"Period\":60,\"Stat\":\"SampleCount\"}},{\"Id\":\"s\",\"MetricStat\":{\"Metric\":$EMF_M,\"Period\":60,\"Stat\":\"Sum\"}}]")"
awsx logs delete-log-group --log-group-name "$EMF_G"

eq "describe-log-groups prefix" "$G arn:aws:logs:us-east-1:123456789012:log-group:$G:*" \
  "$(awsx logs describe-log-groups --log-group-name-prefix /cloudwatcher/test/ --query 'logGroups[].[logGroupName, arn]' --output text | tr '\t' ' ')"
eq "describe-log-groups lists demo groups sorted" "/cloudwatcher/demo/empty /cloudwatcher/demo/jobs $G" \
  "$(awsx logs describe-log-groups --page-size 1 --query 'logGroups[].logGroupName' --output text | tr '\t\n' '  ' | sed 's/ *$//')"
eq "describe-log-groups pattern (case-insensitive)" "/cloudwatcher/demo/jobs" \
  "$(awsx logs describe-log-groups --log-group-name-pattern JOBS --query 'logGroups[].logGroupName' --output text)"
out=$(awsx logs describe-log-streams --log-group-name "$G" | py '
import json,sys
s={x["logStreamName"]: x for x in json.load(sys.stdin)["logStreams"]}
a=s["s1"]; print(sorted(s), a["firstEventTimestamp"], a["lastEventTimestamp"], a["storedBytes"] > 0, a["arn"].endswith(":log-stream:s1"))')
eq "describe-log-streams fields" "['s1', 's2'] $T0 $((T0 + 3000)) True True" "$out"
eq "describe-log-streams by LastEventTime desc" "s1 s2" \
  "$(awsx logs describe-log-streams --log-group-name "$G" --order-by LastEventTime --descending --query 'logStreams[].logStreamName' --output text | tr '\t' ' ')"
fails_with "describe-log-streams prefix + LastEventTime" InvalidParameterException awsx logs describe-log-streams --log-group-name "$G" --order-by LastEventTime --log-stream-name-prefix s
fails_with "describe-log-streams missing group" ResourceNotFoundException awsx logs describe-log-streams --log-group-name /nope
eq "demo jobs group has 3 streams" "3" "$(awsx logs describe-log-streams --log-group-name /cloudwatcher/demo/jobs --query 'length(logStreams)' --output text)"

# Filter patterns against known events (a group of its own, created after the describe-log-groups checks).
P=/cwpatterns/run-$$
awsx logs create-log-group --log-group-name "$P"
awsx logs create-log-stream --log-group-name "$P" --log-stream-name app
awsx logs put-log-events --log-group-name "$P" --log-stream-name app --log-events \
  "timestamp=$T0,message=ERROR timeout while connecting" "timestamp=$((T0 + 1)),message=ERROR disk full" \
  "timestamp=$((T0 + 2)),message=WARN slow request" "timestamp=$((T0 + 3)),message=INFO mail to user@example.com" >/dev/null
awsx logs put-log-events --log-group-name "$P" --log-stream-name app --log-events \
  '[{"timestamp":'$((T0 + 4))',"message":"{\"level\":\"ERROR\",\"status\":500,\"msg\":\"retrying\",\"req\":{\"id\":7}}"},
    {"timestamp":'$((T0 + 5))',"message":"{\"level\":\"INFO\",\"status\":200,\"msg\":\"done\",\"req\":{\"id\":8}}"}]' >/dev/null
fle() { awsx logs filter-log-events --log-group-name "$P" --filter-pattern "$1" | py 'import json,sys; print("|".join(e["message"][:14] for e in json.load(sys.stdin)["events"]))'; }
eq "filter-log-events terms (all must appear)" "ERROR disk ful"                         "$(fle 'ERROR disk')"
eq "filter-log-events ?alternatives"           "ERROR disk ful|WARN slow requ"          "$(fle '?WARN ?disk')"
eq "filter-log-events -exclusion"              "ERROR disk ful|{\"level\":\"ERRO"       "$(fle 'ERROR -timeout')"
eq "filter-log-events quoted phrase with @"    "INFO mail to u"                         "$(fle '"user@example.com"')"
eq "filter-log-events JSON equality"           "{\"level\":\"ERRO"                      "$(fle '{ $.level = "ERROR" }')"
eq "filter-log-events JSON numeric + nested"   "{\"level\":\"INFO"                      "$(fle '{ $.status < 300 && $.req.id = 8 }')"
eq "filter-log-events JSON wildcard / ||"      "{\"level\":\"ERRO|{\"level\":\"INFO"    "$(fle '{ $.msg = "retry*" || $.msg = "done" }')"
fails_with "filter-log-events invalid pattern"       InvalidParameterException awsx logs filter-log-events --log-group-name "$P" --filter-pattern '{ $.level = "ERROR" '
fails_with "filter-log-events unquoted special char" InvalidParameterException awsx logs filter-log-events --log-group-name "$P" --filter-pattern 'user@example.com'

# ---------------- Logs lifecycle: tags, class, retention, deletes (groups of their own, after the listing checks) ----------------
V1="$CLI_JSON --endpoint-url $EP --output json"
L=/cwlifecycle/tags-$$
tags_of() { awsx logs list-tags-for-resource --resource-arn "$1" | py 'import json,sys; t=json.load(sys.stdin)["tags"]; print(" ".join(k+"="+t[k] for k in sorted(t)))'; }
awsx logs create-log-group --log-group-name "$L" --tags team=core,env=dev; ok "create-log-group --tags"
ARN=$(awsx logs describe-log-groups --log-group-name-prefix "$L" --query 'logGroups[0].arn' --output text); ARN=${ARN%:\*}
eq "list-tags-for-resource shows the tags given at creation" "env=dev team=core" "$(tags_of "$ARN")"
awsx logs tag-resource --resource-arn "$ARN" --tags env=prod,owner=ops; ok "tag-resource"
eq "tag-resource adds and replaces tags" "env=prod owner=ops team=core" "$(tags_of "$ARN")"
awsx logs tag-log-group --log-group-name "$L" --tags legacy=yes; ok "tag-log-group (deprecated form, by name)"
eq "list-tags-log-group (deprecated form) sees every tag" "env=prod legacy=yes owner=ops team=core" \
  "$(awsx logs list-tags-log-group --log-group-name "$L" | py 'import json,sys; t=json.load(sys.stdin)["tags"]; print(" ".join(k+"="+t[k] for k in sorted(t)))')"
fails_with "tag-resource unknown group"            ResourceNotFoundException awsx logs tag-resource --resource-arn "$ARN-nope" --tags a=b
fails_with "list-tags-for-resource unknown group"  ResourceNotFoundException awsx logs list-tags-for-resource --resource-arn "$ARN-nope"
fails_with "tag-log-group unknown group"           ResourceNotFoundException awsx logs tag-log-group --log-group-name "$L-nope" --tags a=b
fails_with "tag-resource invalid tag key"          InvalidParameterException awsx logs tag-resource --resource-arn "$ARN" --tags '{"bad*key": "v"}'

awsx logs put-retention-policy --log-group-name "$L" --retention-in-days 30; ok "put-retention-policy"
eq "describe-log-groups shows the retention" "30" "$(awsx logs describe-log-groups --log-group-name-prefix "$L" --query 'logGroups[0].retentionInDays' --output text)"
fails_matching "put-retention-policy refuses 2 days, naming the allowed values" 'InvalidParameterException.*enum value set: \[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653\]' \
  awsx logs put-retention-policy --log-group-name "$L" --retention-in-days 2
fails_with "put-retention-policy unknown group"    ResourceNotFoundException awsx logs put-retention-policy --log-group-name "$L-nope" --retention-in-days 7
awsx logs delete-retention-policy --log-group-name "$L"; ok "delete-retention-policy"
eq "describe-log-groups without retention after delete-retention-policy" "None" \
  "$(awsx logs describe-log-groups --log-group-name-prefix "$L" --query 'logGroups[0].retentionInDays' --output text)"
fails_with "delete-retention-policy unknown group" ResourceNotFoundException awsx logs delete-retention-policy --log-group-name "$L-nope"

# The v2 2.9 CLI predates log group classes: the v1.45 CLI (current models) creates and describes them.
$V1 logs create-log-group --log-group-name "$L/ia" --log-group-class INFREQUENT_ACCESS --tags team=core && ok "[v1 json] create-log-group --log-group-class --tags"
eq "[v1 json] describe-log-groups shows class, retention and the default class" "$L STANDARD None|$L/ia INFREQUENT_ACCESS None" \
  "$($V1 logs describe-log-groups --log-group-name-prefix "$L" | py 'import json,sys; print("|".join("%s %s %s" % (g["logGroupName"], g["logGroupClass"], g.get("retentionInDays")) for g in json.load(sys.stdin)["logGroups"]))')"
fails_with "[v1 json] create-log-group unknown class" InvalidParameterException $V1 logs create-log-group --log-group-name "$L/x" --log-group-class COLD

# Retention enforced: events past it vanish from reads and storedBytes, and are put as expired.
R=/cwlifecycle/retention-$$
awsx logs create-log-group --log-group-name "$R"
awsx logs create-log-stream --log-group-name "$R" --log-stream-name s
awsx logs put-log-events --log-group-name "$R" --log-stream-name s --log-events "timestamp=$((NOW_MS - 3 * 86400000)),message=three days old" >/dev/null
awsx logs put-log-events --log-group-name "$R" --log-stream-name s --log-events "timestamp=$((NOW_MS - 60000)),message=recent" >/dev/null
eq "get-log-events before a retention" "three days old	recent" \
  "$(awsx logs get-log-events --log-group-name "$R" --log-stream-name s --start-from-head --query 'events[].message' --output text)"
awsx logs put-retention-policy --log-group-name "$R" --retention-in-days 1
eq "get-log-events leaves out events past the retention" "recent" \
  "$(awsx logs get-log-events --log-group-name "$R" --log-stream-name s --start-from-head --query 'events[].message' --output text)"
eq "filter-log-events leaves out events past the retention" "recent" \
  "$(awsx logs filter-log-events --log-group-name "$R" --query 'events[].message' --output text)"
eq "storedBytes counts only the events the retention keeps" "6" \
  "$(awsx logs describe-log-groups --log-group-name-prefix "$R" --query 'logGroups[0].storedBytes' --output text)"
out=$(awsx logs put-log-events --log-group-name "$R" --log-stream-name s --log-events "timestamp=$((NOW_MS - 25 * 3600000)),message=e0" \
  "timestamp=$((NOW_MS - 25 * 3600000 + 1000)),message=e1" "timestamp=$((NOW_MS - 3660000)),message=kept" \
  --query 'rejectedLogEventsInfo.[expiredLogEventEndIndex, tooOldLogEventEndIndex, tooNewLogEventStartIndex]' --output text)
eq "put-log-events reports events before the retention in expiredLogEventEndIndex" "1	None	None" "$out"
eq "expired events are not stored" "kept	recent" \
  "$(awsx logs get-log-events --log-group-name "$R" --log-stream-name s --start-from-head --query 'events[].message' --output text)"

# PutLogEvents limits (batches as --log-events file://… JSON).
awsx logs create-log-stream --log-group-name "$R" --log-stream-name limits
python3 - "$TMP" "$NOW_MS" <<'PY'
import json, sys
tmp, now = sys.argv[1], int(sys.argv[2])
def write(name, events): json.dump(events, open(f"{tmp}/{name}.json", "w"))
# Four events, each "é" (2 UTF-8 bytes) and x's: 4 * (2 + n + 26) = 1,048,576.
n = 1048576 // 4 - 2 - 26
exact = [{"timestamp": now - 300000 + i, "message": "é" + "x" * n} for i in range(4)]
write("exact", exact)
write("over", exact[:3] + [{"timestamp": exact[3]["timestamp"], "message": exact[3]["message"] + "x"}])
write("n10000", [{"timestamp": now - 600000 + i, "message": "m%d" % i} for i in range(10000)])
write("n10001", [{"timestamp": now - 600000 + i, "message": "m%d" % i} for i in range(10001)])
PY
awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "file://$TMP/exact.json" >/dev/null && ok "put-log-events accepts exactly 1,048,576 bytes (UTF-8 + 26 per event)"
fails_matching "put-log-events refuses 1,048,577 bytes" 'InvalidParameterException.*Upload too large: 1048577 bytes exceeds limit of 1048576' \
  awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "file://$TMP/over.json"
awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "file://$TMP/n10000.json" >/dev/null && ok "put-log-events accepts 10,000 events"
fails_matching "put-log-events refuses 10,001 events" 'InvalidParameterException.*less than or equal to 10000' \
  awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "file://$TMP/n10001.json"
eq "the accepted batches are stored, the refused ones not" "10004" \
  "$(awsx logs filter-log-events --log-group-name "$R" --log-stream-names limits | py 'import json,sys; print(len(json.load(sys.stdin)["events"]))')"
fails_matching "put-log-events refuses a span of more than 24 hours" 'InvalidParameterException.*cannot span more than 24 hours' \
  awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "timestamp=$((NOW_MS - 25 * 3600000)),message=a" "timestamp=$((NOW_MS - 60000)),message=b"
fails_matching "put-log-events refuses events out of order" 'InvalidParameterException.*chronological order' \
  awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "timestamp=$((NOW_MS - 1000)),message=b" "timestamp=$((NOW_MS - 2000)),message=a"
eq "the span leaves out events too old to keep" "0" \
  "$(awsx logs put-log-events --log-group-name "$R" --log-stream-name limits --log-events "timestamp=$((NOW_MS - 20 * 86400000)),message=ancient" "timestamp=$((NOW_MS - 1000)),message=fresh" \
     --query 'rejectedLogEventsInfo.tooOldLogEventEndIndex' --output text)"

# Deletes.
awsx logs delete-log-stream --log-group-name "$R" --log-stream-name limits; ok "delete-log-stream"
fails_with "get-log-events on a deleted stream"   ResourceNotFoundException awsx logs get-log-events --log-group-name "$R" --log-stream-name limits
fails_with "delete-log-stream twice"              ResourceNotFoundException awsx logs delete-log-stream --log-group-name "$R" --log-stream-name limits
eq "the other stream stays" "s" "$(awsx logs describe-log-streams --log-group-name "$R" --query 'logStreams[].logStreamName' --output text)"
awsx logs delete-log-group --log-group-name "$R"; ok "delete-log-group"
fails_with "describe-log-streams of a deleted group" ResourceNotFoundException awsx logs describe-log-streams --log-group-name "$R"
fails_with "delete-log-group twice"               ResourceNotFoundException awsx logs delete-log-group --log-group-name "$R"
eq "describe-log-groups no longer lists a deleted group" "0" \
  "$(awsx logs describe-log-groups --log-group-name-prefix "$R" --query 'length(logGroups)' --output text)"
awsx logs create-log-group --log-group-name "$R" && ok "a deleted group's name can be created again"
eq "the group created again is empty" "0" "$(awsx logs describe-log-streams --log-group-name "$R" --query 'length(logStreams)' --output text)"

# ---------------- EC2 DescribeInstances (+ demo metrics that follow the instances' history) ----------------
W1=i-0123456789abcdef0; W2=i-0fedcba9876543210
eq "ec2 describe-instances running demo instance" "$W1 running 16 t3.large us-east-1a nephele-worker-1" \
  "$(awsx ec2 describe-instances --instance-ids $W1 --query 'Reservations[0].Instances[0].[InstanceId, State.Name, State.Code, InstanceType, Placement.AvailabilityZone, Tags[?Key==`Name`].Value | [0]]' --output text | tr '\t' ' ')"
LAUNCH=$(awsx ec2 describe-instances --instance-ids $W1 --query 'Reservations[0].Instances[0].LaunchTime' --output text)
L1=$(date -u -d "$LAUNCH" +%s); SEEDED=$(date -u +%s)
if (( L1 % 60 == 0 && L1 + 277200 >= NOW / 60 * 60 && L1 + 277200 <= SEEDED / 60 * 60 )); then ok "ec2 launch time is seed now - 3 d 5 h ($LAUNCH)"; else bad "ec2 launch time '$LAUNCH' (now $(iso $NOW))"; fi
eq "ec2 launchTime on the wire (ms, Z)" "<launchTime>$(date -u -d "@$L1" +%Y-%m-%dT%H:%M:%S).000Z</launchTime>" \
  "$(awsx ec2 describe-instances --instance-ids $W1 --debug 2>&1 | grep -o '<launchTime>[^<]*</launchTime>' | head -n 1)"
eq "ec2 filter instance-state-name=stopped" "$W2 stopped 80 nephele-worker-2" \
  "$(awsx ec2 describe-instances --filters Name=instance-state-name,Values=stopped --query 'Reservations[].Instances[].[InstanceId, State.Name, State.Code, Tags[0].Value]' --output text | tr '\t' ' ')"
eq "ec2 filter with two values (OR)" "2" \
  "$(awsx ec2 describe-instances --filters Name=instance-state-name,Values=running,stopped --query 'length(Reservations[].Instances[])' --output text)"
eq "ec2 filters AND, with instance ids" "0" \
  "$(awsx ec2 describe-instances --instance-ids $W1 --filters Name=instance-state-name,Values=stopped --query 'length(Reservations)' --output text)"
eq "ec2 filter instance-id + wildcard tag:Name" "$W2" \
  "$(awsx ec2 describe-instances --filters Name=instance-id,Values=$W2 'Name=tag:Name,Values=nephele-worker-?' --query 'Reservations[].Instances[].InstanceId' --output text)"
fails_with "ec2 unknown instance id"          InvalidInstanceID.NotFound   awsx ec2 describe-instances --instance-ids i-0123456789abcdef1
fails_with "ec2 malformed instance id"        InvalidInstanceID.Malformed  awsx ec2 describe-instances --instance-ids i-xyz
fails_with "ec2 malformed wins over not found" InvalidInstanceID.Malformed awsx ec2 describe-instances --instance-ids i-00000000 i-ABCDEF12
fails_with "ec2 unknown filter"               InvalidParameterValue        awsx ec2 describe-instances --filters Name=no-such-filter,Values=x
fails_with "ec2 instance ids + MaxResults"    InvalidParameterCombination  awsx ec2 describe-instances --instance-ids $W1 --page-size 5
fails_with "ec2 MaxResults below 5"           InvalidParameterValue        awsx ec2 describe-instances --page-size 4
fails_with "ec2 dry run"                      DryRunOperation              awsx ec2 describe-instances --dry-run
fails_with "ec2 unsigned request"             MissingParameter             "$AWS_BIN" --endpoint-url "$EP" --no-sign-request ec2 describe-instances

mcount() { # instance start-epoch end-epoch [period]: number of mem_used datapoints
  awsx cloudwatch get-metric-data --start-time "$(iso "$2")" --end-time "$(iso "$3")" --query 'length(MetricDataResults[0].Values)' --output text --metric-data-queries \
    "[{\"Id\":\"m\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"NepheleNamespaceEC2\",\"MetricName\":\"mem_used\",\"Dimensions\":[{\"Name\":\"InstanceId\",\"Value\":\"$1\"}]},\"Period\":${4:-60},\"Stat\":\"Average\"}}]"
}
eq "demo metrics: no data in the 2 h before the launch" "0"  "$(mcount $W1 $((L1 - 7200)) $L1)"
eq "demo metrics: data again from the launch"          "60" "$(mcount $W1 $L1 $((L1 + 3600)))"
STOP_AT=$(awsx ec2 describe-instances --instance-ids $W2 --query 'Reservations[0].Instances[0].StateTransitionReason' --output text | sed -E 's/^User initiated \((.*) GMT\)$/\1/')
S2=$(date -u -d "$STOP_AT UTC" +%s)
eq "demo stopped instance stopped 6 h before the seed time" "21600" "$(( L1 + 277200 - S2 ))"
eq "demo metrics: stopped instance data ends at its stop" "60 0" "$(mcount $W2 $((S2 - 3540)) $((S2 + 60))) $(mcount $W2 $((S2 + 60)) $((S2 + 6 * 3600)))"
L2=$(date -u -d "$(awsx ec2 describe-instances --instance-ids $W2 --query 'Reservations[0].Instances[0].LaunchTime' --output text)" +%s)
eq "demo metrics: 3 h gap before the stopped instance's launch (4 d ago)" "60 0 60" \
  "$(mcount $W2 $((L2 - 3 * 3600 - 3600)) $((L2 - 3 * 3600))) $(mcount $W2 $((L2 - 3 * 3600)) $L2) $(mcount $W2 $L2 $((L2 + 3600)))"
eq "demo stopped instance launch = end of the gap 4 d ago" "$((4 * 86400 - 3 * 3600))" "$(( S2 + 21600 - L2 ))"
D15=$(( NOW / 3600 * 3600 - 15 * 86400 - 3600 ))
eq "demo metrics reach back 16 days (5-minute rollups)" "12 12" "$(mcount $W1 $D15 $((D15 + 3600)) 300) $(mcount $W2 $D15 $((D15 + 3600)) 300)"

fails_with "unsigned request is rejected" MissingAuthenticationTokenException "$AWS_BIN" --endpoint-url "$EP" --no-sign-request logs describe-log-groups
fails_with "unsigned query request is rejected" MissingAuthenticationToken "$AWS_BIN" --endpoint-url "$EP" --no-sign-request cloudwatch list-metrics
fails_with "[v1 json] unsigned JSON request is rejected" MissingAuthenticationToken "$CLI_JSON" --endpoint-url "$EP" --no-sign-request cloudwatch list-metrics
stop_emulator

# =============================== run 1a: a server that speaks only awsQuery ===============================
start_emulator --cloudwatch-protocols query
echo "# emulator (CloudWatch over awsQuery only) on $EP"
fails_matching "[v1 json] a query-only server answers JSON with its XML MissingAction error" '<Code>MissingAction</Code>' "$CLI_JSON" --endpoint-url "$EP" cloudwatch list-metrics
eq "[v2 query] a query-only server still answers awsQuery" "0" "$(awsx cloudwatch list-metrics --query 'length(Metrics)' --output text)"

# =============================== run 1b: fault injection (test mode) ===============================
start_emulator --faults 'GetLogEvents:throttle@1,2;DescribeLogStreams:drop@1'
echo "# emulator (with faults) on $EP"
awsx logs create-log-group --log-group-name /faults
awsx logs create-log-stream --log-group-name /faults --log-stream-name s
awsx logs put-log-events --log-group-name /faults --log-stream-name s --log-events "timestamp=$T0,message=survived" >/dev/null
fails_with "get-log-events without retries sees the injected throttle" ThrottlingException awsx logs get-log-events --log-group-name /faults --log-stream-name s
eq "get-log-events recovers from an injected throttle by retrying" "survived" \
  "$(AWS_MAX_ATTEMPTS=3 awsx logs get-log-events --log-group-name /faults --log-stream-name s --start-from-head --query 'events[].message' --output text)"
eq "describe-log-streams recovers from a dropped connection by retrying" "s" \
  "$(AWS_MAX_ATTEMPTS=3 awsx logs describe-log-streams --log-group-name /faults --query 'logStreams[].logStreamName' --output text)"
stop_emulator

# =============================== run 2: real SigV4 verification ===============================
start_emulator --access-key AKIDEMO --secret-key SECRETDEMO
echo "# emulator (verifying signatures) on $EP"
AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=SECRETDEMO awsx logs create-log-group --log-group-name /signed/ok && ok "correct credentials accepted (logs)"
eq "correct credentials accepted (cloudwatch)" "0" \
  "$(AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=SECRETDEMO awsx cloudwatch list-metrics --query 'length(Metrics)' --output text)"
AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=SECRETDEMO awsx cloudwatch put-metric-data --namespace Signed --metric-name m --value 1.5 \
  --dimensions 'Path=/a b/~c,Host=x y' && ok "correct credentials accepted (form body with escapes)"
fails_with "wrong secret rejected (logs)"       InvalidSignatureException  env AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=WRONG "$AWS_BIN" --endpoint-url "$EP" logs describe-log-groups
fails_with "wrong secret rejected (cloudwatch)" SignatureDoesNotMatch      env AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=WRONG "$AWS_BIN" --endpoint-url "$EP" cloudwatch list-metrics
eq "[v1 json] correct credentials accepted (cloudwatch)" "1" \
  "$(AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=SECRETDEMO "$CLI_JSON" --endpoint-url "$EP" cloudwatch list-metrics --namespace Signed --query 'length(Metrics)' --output text)"
fails_with "[v1 json] wrong secret rejected (cloudwatch)" SignatureDoesNotMatch env AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=WRONG "$CLI_JSON" --endpoint-url "$EP" cloudwatch list-metrics
succeeds "[v1 json] a gzip-compressed body is verified as signed (signature over the compressed bytes)" \
  env AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=SECRETDEMO "$CLI_JSON" --endpoint-url "$EP" cloudwatch put-metric-data --namespace Signed/Gzip --metric-data "file://$TMP/d1000.json"
fails_with "[v1 json] unknown access key rejected (cloudwatch)" InvalidClientTokenId env AWS_ACCESS_KEY_ID=OTHER AWS_SECRET_ACCESS_KEY=SECRETDEMO "$CLI_JSON" --endpoint-url "$EP" cloudwatch list-metrics
fails_with "unknown access key rejected"        UnrecognizedClientException env AWS_ACCESS_KEY_ID=OTHER AWS_SECRET_ACCESS_KEY=SECRETDEMO "$AWS_BIN" --endpoint-url "$EP" logs describe-log-groups
eq "correct credentials accepted (ec2, empty store)" "0" \
  "$(AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=SECRETDEMO awsx ec2 describe-instances --query 'length(Reservations)' --output text)"
fails_with "wrong secret rejected (ec2)"        AuthFailure                env AWS_ACCESS_KEY_ID=AKIDEMO AWS_SECRET_ACCESS_KEY=WRONG "$AWS_BIN" --endpoint-url "$EP" ec2 describe-instances
fails_with "unknown access key rejected (ec2)"  AuthFailure                env AWS_ACCESS_KEY_ID=OTHER AWS_SECRET_ACCESS_KEY=SECRETDEMO "$AWS_BIN" --endpoint-url "$EP" ec2 describe-instances
stop_emulator

echo "$PASS passed, $FAIL failed"
[[ $FAIL -eq 0 ]]
