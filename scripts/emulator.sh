# Source this file: start/stop the CloudWatcher emulator in the background from bash.
#   cw_start_emulator <CloudWatcher.Emulator.dll> <log dir> [emulator args...]
#       starts it on a free port; sets CW_EMULATOR_PID and CW_EMULATOR_ENDPOINT (http://127.0.0.1:PORT)
#   cw_stop_emulator
CW_EMULATOR_PID=""
CW_EMULATOR_ENDPOINT=""

cw_start_emulator() {
  local dll=$1 logdir=$2 line=""
  shift 2
  cw_stop_emulator
  dotnet "$dll" --port 0 --quiet "$@" >"$logdir/emulator.out" 2>"$logdir/emulator.err" &
  CW_EMULATOR_PID=$!
  for _ in $(seq 1 300); do
    line=$(head -n 1 "$logdir/emulator.out" 2>/dev/null || true)
    [[ "$line" == */ ]] && break
    if ! kill -0 "$CW_EMULATOR_PID" 2>/dev/null; then
      cat "$logdir/emulator.err" >&2
      echo "the emulator exited before it was ready" >&2
      CW_EMULATOR_PID=""
      return 1
    fi
    sleep 0.1
  done
  if [[ ! "$line" =~ ^CloudWatcher\ emulator\ listening\ on\ (http://127\.0\.0\.1:[0-9]+)/$ ]]; then
    echo "the emulator did not report its address (got: '$line')" >&2
    return 1
  fi
  CW_EMULATOR_ENDPOINT=${BASH_REMATCH[1]}
}

cw_stop_emulator() {
  if [[ -n "$CW_EMULATOR_PID" ]]; then
    kill "$CW_EMULATOR_PID" 2>/dev/null || true
    wait "$CW_EMULATOR_PID" 2>/dev/null || true
    CW_EMULATOR_PID=""
  fi
}
