#!/usr/bin/env bash
# Runs the benchmark: installs what it needs (redis-server, nginx, h2load, wrk, PostgreSQL 15), starts a
# throwaway PostgreSQL, builds in Release, starts a real redis-server and the services it measures, and writes
# docs/benchmarks.md and docs/benchmarks.svg. Pass settings through, e.g. `bash scripts/bench.sh --Duration=20`,
# `--Smoke=true`, or `--Only=gateway` (a partial run writes no report).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/common.sh
need_bench_tools
need_apt /usr/lib/postgresql/15/bin/initdb postgresql-15
step "Starting a throwaway PostgreSQL"
start_postgres
step "Building (Release)"
dotnet build bench/NewsMesh.Bench -c Release -nologo -v quiet -clp:ErrorsOnly
step "Benchmark"
dotnet bench/NewsMesh.Bench/bin/Release/net10.0/NewsMesh.Bench.dll \
  --Postgres="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true" "$@"
