#!/usr/bin/env bash
# CloudWatcher's test command (README, and what .ci/run runs) for a fresh Linux machine with the .NET SDK:
#   1. installs what the third-party checks need when it is missing: the AWS CLI v2 (Debian package awscli, as root),
#      and for the python3 on PATH the AWS CLI v1.45 and moto 5.2.1 (pip);
#   2. restores the local tools (dotnet tool restore: pwsh 7.6.9 from dotnet-tools.json);
#   3. runs `dotnet pwsh ./build.ps1 -Task Test`: build, package, then xUnit, the Pester suite in pwsh against the
#      emulator, the contract suite against moto, both AWS CLIs against the emulator, the benchmark smoke run and the
#      quick start, each counted.
# Prints "total: N passed, N failed" last; exits non-zero when anything failed.
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

# The image's python3 (not Debian's /usr/bin/python3) carries the AWS CLI v1 (JSON for CloudWatch) and moto.
if ! python3 -c 'import moto, sys; sys.exit(moto.__version__ != "5.2.1")' 2>/dev/null; then
  echo "== Installing moto 5.2.1 for $(command -v python3)"
  python3 -m pip install -q "moto[server]==5.2.1"
fi
has_aws_v1() { local a; for a in $(type -ap aws); do "$a" --version 2>&1 | grep -q '^aws-cli/1\.' && return 0; done; return 1; }
if ! has_aws_v1; then
  echo "== Installing the AWS CLI v1 for $(command -v python3)"
  python3 -m pip install -q "awscli==1.45.11"
fi

echo "== Restoring local tools (pwsh)"
dotnet tool restore
exec dotnet pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task Test "$@"
