#!/usr/bin/env bash
# Property-based API test of `quartier serve` (issue 25, item 12): starts a loopback server on the Berlin demo
# (Config/quartier.toml, a fresh state folder), waits until /ready, then runs schemathesis against its own
# OpenAPI document (/api) with every check: server errors, status codes and content types that /api does not
# document, schema-valid requests refused, responses that do not match their schema, unsupported methods
# (405 with Allow), deleted resources still there. Write routes get the token, so jobs are submitted and dismissed
# as well. Settings: scripts/schemathesis.toml (an execute request with schema-valid but wrong inputs is a 400).
# Usage: scripts/schemathesis.sh [path/to/quartier]   (env: MAX_EXAMPLES=50, extra schemathesis options after --)
# Exit status: schemathesis's (0 when every check passed).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/debug/quartier}"
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
examples="${MAX_EXAMPLES:-50}"
[ -x "$bin" ] || swift build --product quartier
command -v schemathesis >/dev/null || pip install -q schemathesis >&2

tmp=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

"$bin" serve --config Config/quartier.toml --port "$port" --state-dir "$tmp/state" >"$tmp/server.log" 2>&1 &
server_pid=$!
echo "quartier serve (pid $server_pid) on 127.0.0.1:$port runs the Berlin demo once …" >&2
ready=""
for _ in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$port/ready")" = 200 ]; then ready=yes; break; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
done
[ -n "$ready" ] || { echo "the server did not become ready:" >&2; cat "$tmp/server.log" >&2; exit 1; }
token=$(cat "$tmp/state/token")

status=0
schemathesis --config-file scripts/schemathesis.toml run "http://127.0.0.1:$port/api" --url "http://127.0.0.1:$port" \
    --checks all --max-examples "$examples" --header "Authorization: Bearer $token" \
    --report junit --report-dir "$tmp/report" "$@" || status=$?
# The server must have survived every request.
curl -sf "127.0.0.1:$port/health" >/dev/null || { echo "the server no longer answers /health" >&2; status=1; }
grep -E "error|critical" "$tmp/server.log" | grep -v "cannot be run\|job .* failed" | tail -20 >&2 || true
exit "$status"
