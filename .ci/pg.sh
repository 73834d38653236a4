# Sourced by .ci/run: starts a throwaway PostgreSQL server on 127.0.0.1:5434 for the tests
# and exports CAREPLAN_TEST_PG_URL.  Stopped by pg_stop (trap in .ci/run).
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
PGROOT=${PGROOT:-/tmp/ci-pg}
PGD=$PGROOT/data; PGS=$PGROOT/sock; PGPORT=${PGPORT:-5434}
pgrun() { (cd / && runuser -u postgres -- "$@"); }
pg_start() {
    if [ -z "$PGBIN" ]; then echo "PostgreSQL is not installed" >&2; return 1; fi
    if [ -f "$PGD/postmaster.pid" ]; then pgrun "$PGBIN/pg_ctl" -D "$PGD" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$PGROOT"
    install -d -m 755 "$PGROOT"; install -d -o postgres -g postgres -m 700 "$PGD"
    install -d -o postgres -g postgres -m 775 "$PGS"
    pgrun "$PGBIN/initdb" -D "$PGD" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    pgrun "$PGBIN/pg_ctl" -D "$PGD" -l "$PGD/server.log" -w -o "-p $PGPORT -k $PGS -c listen_addresses=127.0.0.1" start >/dev/null
    pgrun psql -h "$PGS" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -qc "CREATE ROLE careplan LOGIN PASSWORD 'careplan-ci'" -c "CREATE DATABASE careplan_test OWNER careplan"
    export CAREPLAN_TEST_PG_URL="postgresql+psycopg://careplan:careplan-ci@127.0.0.1:$PGPORT/careplan_test"
}
pg_stop() {
    [ -n "$PGBIN" ] && [ -f "$PGD/postmaster.pid" ] && pgrun "$PGBIN/pg_ctl" -D "$PGD" -m fast -w stop >/dev/null 2>&1
    return 0
}
