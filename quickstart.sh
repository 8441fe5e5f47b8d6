#!/usr/bin/env bash
# CloudWatcher quick start: builds the module, starts the local emulator with demo data, and runs
# examples/quickstart.ps1 through cwhost (a small console host on the PowerShell engine; no pwsh needed).
# No AWS account is used: every request goes to the emulator on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "Building CloudWatcher (Release)..."
dotnet build CloudWatcher.slnx -c Release -nologo -v q -clp:ErrorsOnly

logs=$(mktemp -d)
# shellcheck source=scripts/emulator.sh
source scripts/emulator.sh
trap 'cw_stop_emulator; rm -rf "$logs"' EXIT INT TERM
cw_start_emulator src/CloudWatcher.Emulator/bin/Release/net10.0/CloudWatcher.Emulator.dll "$logs" --seed demo
echo "Emulator with demo data on $CW_EMULATOR_ENDPOINT"
echo

export AWS_ENDPOINT_URL=$CW_EMULATOR_ENDPOINT AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=quickstart AWS_SECRET_ACCESS_KEY=quickstart AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL_CLOUDWATCH AWS_ENDPOINT_URL_CLOUDWATCH_LOGS 2>/dev/null || true
dotnet src/CloudWatcher.Host/bin/Release/net10.0/cwhost.dll examples/quickstart.ps1 "$@"
