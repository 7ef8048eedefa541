#!/usr/bin/env bash
# Runs every check: installs what the tests need (PostgreSQL 15, redis-server, Varnish with xkey, docker-compose, chromium,
# the Node proto client, the OpenAPI linter), starts a throwaway PostgreSQL cluster, lints the protos, validates
# docker-compose.yml, builds once, runs every test project and a short benchmark smoke run, and prints
# "N passed, N failed". Exit code 0 only when all of it passed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. scripts/lib/common.sh

step "Installing what the tests need"
need_apt /usr/lib/postgresql/15/bin/initdb postgresql-15
need_apt /usr/bin/docker-compose docker-compose
# The CDN tests run Varnish with the repository's VCL (deploy/varnish/), which needs xkey from varnish-modules.
need_varnish
# The cache tests start and stop their own redis-server processes on free ports; the benchmark smoke run needs the rest.
need_bench_tools
# The web front's tests drive Debian's chromium (Playwright is pointed at it: no browser is downloaded); DejaVu Sans
# has the glyphs of the right-to-left pages.
need_apt /usr/bin/chromium chromium
need_apt /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core

(cd tests/proto-client && npm ci --silent --no-audit --no-fund)
(cd tests/openapi-lint && npm ci --silent --no-audit --no-fund)

step "Starting a throwaway PostgreSQL"
start_postgres
export NEWSMESH_TEST_POSTGRES="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=postgres;Pooling=true"

step "Linting protos (buf, STANDARD rules)"
(cd protos && npx --yes @bufbuild/buf lint)

step "Validating docker-compose.yml"
docker-compose -f docker-compose.yml config -q

step "Building (Release)"
dotnet build NewsMesh.sln -c Release -nologo -v quiet -clp:ErrorsOnly

step "Testing"
results="$root/TestResults"
rm -rf "$results"
set +e
dotnet test NewsMesh.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true
code=$?
set -e

step "Benchmark smoke run (every scenario runs; no figure is judged)"
bench=0
dotnet bench/NewsMesh.Bench/bin/Release/net10.0/NewsMesh.Bench.dll --Smoke=true --Postgres="$NEWSMESH_TEST_POSTGRES" | grep -v '^\[articles\]' || bench=$?
[ "$bench" = 0 ] || echo "the benchmark smoke run failed (exit $bench)"

summarize_trx "$results" "$code" && [ "$bench" = 0 ]
