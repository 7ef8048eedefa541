#!/usr/bin/env bash
# Runs the benchmark: builds in Release, starts a real redis-server and the services it measures, and writes
# docs/benchmarks.md. Pass settings through, e.g. `bash scripts/bench.sh --Duration=20` or `--Smoke=true`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/common.sh
need_apt /usr/bin/redis-server redis-server
# The benchmark's rival proxy. Installing it may start Debian's own nginx on port 80; that one is stopped again.
if [ ! -e /usr/sbin/nginx ]; then
  need_apt /usr/sbin/nginx nginx
  as_root /usr/sbin/nginx -s quit 2>/dev/null || true
fi
step "Building (Release)"
dotnet build bench/NewsMesh.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
step "Benchmark"
dotnet bench/NewsMesh.Bench/bin/Release/net10.0/NewsMesh.Bench.dll "$@"
