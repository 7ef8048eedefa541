# Shared by the scripts in scripts/: progress lines, package installs, a throwaway PostgreSQL, the test summary.

step() { printf '\n==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
# need_apt FILE PACKAGE: installs PACKAGE from Debian when FILE is missing.
need_apt() {
  [ -e "$1" ] && return 0
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}

# need_bench_tools: what the benchmark runs beside our services: redis-server, nginx (the rival proxy), and
# h2load and wrk (the load generators it checks its own against). Installing nginx may start Debian's own
# nginx on port 80; that one is stopped again.
need_bench_tools() {
  need_apt /usr/bin/redis-server redis-server
  need_apt /usr/bin/h2load nghttp2-client
  need_apt /usr/bin/wrk wrk
  if [ ! -e /usr/sbin/nginx ]; then
    need_apt /usr/sbin/nginx nginx
    as_root /usr/sbin/nginx -s quit 2>/dev/null || true
  fi
}

# need_varnish: varnishd and the xkey vmod. Debian's package may start its own varnishd on :6081; that one is stopped.
need_varnish() {
  if [ ! -e /usr/sbin/varnishd ]; then
    need_apt /usr/sbin/varnishd varnish
    as_root pkill -x varnishd 2>/dev/null || true
  fi
  need_apt /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so varnish-modules
}

# free_port START: the first port from START on that nothing listens on.
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# start_postgres: a cluster in a temp folder on a free port, as the postgres user (initdb refuses root);
# stopped and removed when the calling script exits. Sets PG_PORT. A port taken between the check and the
# start (another run on the same machine) is retried on the next one.
start_postgres() {
  local bin=/usr/lib/postgresql/15/bin attempt
  PG_DIR=$(mktemp -d /tmp/newsmesh-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; run=(runuser -u postgres --); fi
  # The postgres user may not enter the caller's folder; run its tools from the cluster's own.
  (cd "$PG_DIR" && "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null)
  trap 'stop_postgres' EXIT
  PG_PORT=55432
  for attempt in 1 2 3 4 5; do
    PG_PORT=$(free_port "$PG_PORT")
    if (cd "$PG_DIR" && "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o \
      "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null); then
      echo "PostgreSQL 15 on 127.0.0.1:$PG_PORT"
      return 0
    fi
    PG_PORT=$((PG_PORT + 1))
  done
  echo "PostgreSQL did not start; its log:" >&2
  cat "$PG_DIR/log" >&2
  return 1
}

stop_postgres() {
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  (cd "$PG_DIR" && "${run[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1) || true
  rm -rf "$PG_DIR"
}

# summarize_trx DIR EXIT_CODE: adds up the TRX files of one test run and prints "N passed, N failed".
summarize_trx() {
  local passed=0 failed=0 total=0 n
  for f in "$1"/*.trx; do
    [ -e "$f" ] || continue
    n=$(grep -o '<Counters [^>]*' "$f" | head -1)
    passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$n")))
    failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$n")))
    total=$((total + $(sed -E 's/.* total="([0-9]+)".*/\1/' <<<"$n")))
  done
  # The failed tests' names and the first lines of their messages come just above the count, where a log's tail shows them.
  if [ "$failed" != 0 ]; then
    printf '\nFailed tests:\n'
    perl -0777 -ne 'while (/<UnitTestResult [^>]*?testName="([^"]*)"[^>]*?outcome="Failed"(.*?)<\/UnitTestResult>/gs) {
        my ($name, $body) = ($1, $2); my ($m) = $body =~ /<Message>(.*?)<\/Message>/s; $m //= "";
        for ($name, $m) { s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/\x27/g; s/&amp;/&/g; }
        my @l = grep { /\S/ } split /\n/, $m; print "  $name\n", map({ "      $_\n" } @l[0 .. ($#l < 5 ? $#l : 5)]); }' "$1"/*.trx
  fi
  printf '\n%s tests in %s test assemblies\n' "$total" "$(ls "$1"/*.trx 2>/dev/null | wc -l)"
  [ "$2" = 0 ] || echo "dotnet test exited with $2"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$2" = 0 ]
}
