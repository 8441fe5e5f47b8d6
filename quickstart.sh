#!/usr/bin/env bash
# CloudWatcher quick start: restores pwsh (dotnet tool restore), builds the module, starts the local emulator with
# demo data and runs examples/quickstart.ps1 in pwsh (dotnet pwsh ./build.ps1 -Task QuickStart).
# No AWS account is used: every request goes to the emulator on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 AWS_EC2_METADATA_DISABLED=true
dotnet tool restore >/dev/null
exec dotnet pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task QuickStart "$@"
