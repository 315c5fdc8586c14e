#!/usr/bin/env bash
# Install (Debian packages) and start on loopback the servers the integration tests need, then
# write their addresses to $PDM_CI_DIR/env for the tests (PDM_TEST_*). Idempotent: a server already
# listening on its port is left alone.
set -euo pipefail
PDM_CI_DIR=${PDM_CI_DIR:-/tmp/pdm-ci}
mkdir -p "$PDM_CI_DIR"

need=()
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v victoria-metrics >/dev/null || need+=(victoria-metrics)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

listening() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 100); do listening "$1" && return 0; sleep 0.2; done
  echo "$2 did not start on port $1" >&2
  return 1
}

# Mosquitto: a queue large enough for backlog benchmarks (its default of 1,000 drops silently).
if ! listening 18830; then
  cat >"$PDM_CI_DIR/mosquitto.conf" <<CONF
listener 18830 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 2000000
max_inflight_messages 100
CONF
  mosquitto -d -c "$PDM_CI_DIR/mosquitto.conf"
  wait_port 18830 mosquitto
fi

# VictoriaMetrics: accepts the InfluxDB v2 write API used by the edge's rollup writer.
if ! listening 18428; then
  nohup victoria-metrics -httpListenAddr=127.0.0.1:18428 -storageDataPath="$PDM_CI_DIR/vm" \
    -retentionPeriod=100y -search.latencyOffset=0s >"$PDM_CI_DIR/vm.log" 2>&1 &
  wait_port 18428 victoria-metrics
fi

# PostgreSQL 15: a throwaway cluster owned by the postgres user, role/password/database pdm.
if ! listening 15432; then
  PGBIN=/usr/lib/postgresql/15/bin
  PGDATA="$PDM_CI_DIR/pg"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
  fi
  chown postgres:postgres "$PDM_CI_DIR"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PDM_CI_DIR/pg.log" -w \
    -o "-p 15432 -k $PDM_CI_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  wait_port 15432 postgresql
  runuser -u postgres -- psql -h 127.0.0.1 -p 15432 -U postgres -qtc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='pdm') THEN CREATE ROLE pdm LOGIN SUPERUSER PASSWORD 'pdm'; END IF; END\$\$;"
  runuser -u postgres -- psql -h 127.0.0.1 -p 15432 -U postgres -qtc "SELECT 1 FROM pg_database WHERE datname='pdm'" | grep -q 1 ||
    runuser -u postgres -- createdb -h 127.0.0.1 -p 15432 -U postgres -O pdm pdm
fi

cat >"$PDM_CI_DIR/env" <<ENV
export PDM_TEST_MOSQUITTO_URL=mqtt://127.0.0.1:18830
export PDM_TEST_VM_URL=http://127.0.0.1:18428
export PDM_TEST_PG_URL=postgres://pdm:pdm@127.0.0.1:15432/pdm
export PDM_TEST_CHROMIUM=$(command -v chromium)
ENV
echo "servers up: mosquitto :18830, victoria-metrics :18428, postgresql :15432, chromium $(command -v chromium)"
