#!/usr/bin/env bash
# Bootstrap: restore the local Cake tool, then run build/build.cake with the given arguments.
#   ./build.sh --target=test        build and run every test project
#   ./build.sh --target=audit       build and run pipelines/audit.yaml
# Targets: test, audit, compare, nightly, bench, assets, build, clean (./build.sh --target=help lists them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore > /dev/null
exec dotnet cake build/build.cake "$@"
