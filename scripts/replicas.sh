#!/usr/bin/env bash
# Serve the course from N Streamlit processes behind nginx, with sticky sessions.
#
# Usage: scripts/replicas.sh [PORT] [N]   (default 8501 and 2)
#   nginx listens on PORT (LISTEN_ADDR, default 127.0.0.1; 0.0.0.0 for a class network)
#   and passes each browser, by a cookie it sets itself, always to the same one of N
#   app processes (deploy/nginx.conf says why). Each app process is scripts/serve.sh on
#   its own loopback port (APP_PORTS="p1 p2 ...", default PORT+1 ... PORT+N).
#   The first process runs the start-up warm-up (TLLIB_WARMUP as for serve.sh); the
#   others skip it and find its values in the shared .cache/ on disk.
#   Everything runs under `timeout` (REPLICAS_LIFETIME seconds, default 12 h: a teaching
#   day) and is stopped with this script (Ctrl-C, or SIGTERM to it).
#   Config, pid, logs and nginx's temp files go to RUN_DIR (default: a fresh temp dir).
# nginx: `apt-get install nginx` (`make nginx`); it runs as the calling user.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8501}"
n="${2:-2}"
lifetime="${REPLICAS_LIFETIME:-43200}"
listen_addr="${LISTEN_ADDR:-127.0.0.1}"
nginx="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive integer, got '$n'" >&2; exit 2; }
[ -x "$nginx" ] || { echo "nginx not found (make nginx installs it)" >&2; exit 2; }
if [ -n "${APP_PORTS:-}" ]; then
  read -r -a ports <<<"$APP_PORTS"
  [ "${#ports[@]}" -eq "$n" ] || { echo "APP_PORTS has ${#ports[@]} ports, not $n" >&2; exit 2; }
else
  ports=(); for ((i = 1; i <= n; i++)); do ports+=($((port + i))); done
fi
run_dir="${RUN_DIR:-$(mktemp -d -t tllib-replicas.XXXXXX)}"
mkdir -p "$run_dir/logs" "$run_dir/temp"
: >"$run_dir/pids"
# nginx started by root hands requests to workers running as `nobody`: let them in.
chmod 755 "$run_dir"

# Each part runs under its own `timeout` (in its own process group); their ids are also
# written to RUN_DIR/pids, for whoever must end them if this script cannot.
pids=()
stop() {
  trap '' INT TERM  # a second signal (from a `timeout` around us) must not cut this short
  trap - EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

servers=""
for i in "${!ports[@]}"; do
  p="${ports[$i]}"
  warmup="${TLLIB_WARMUP:-1}"; [ "$i" -eq 0 ] || warmup=0
  # Only nginx is reachable from outside: the app processes listen on loopback.
  TLLIB_WARMUP="$warmup" STREAMLIT_ARGS="--server.address 127.0.0.1 ${STREAMLIT_ARGS:-}" \
    timeout "$lifetime" scripts/serve.sh "$p" >"$run_dir/logs/app-$p.log" 2>&1 &
  pids+=($!); echo $! >>"$run_dir/pids"
  servers+="server 127.0.0.1:$p;"$'\n        '
done

# Each serve.sh says when its process has run app.py once (3 minutes at most).
for p in "${ports[@]}"; do
  for ((t = 0; ; t++)); do
    grep -q "The course is ready" "$run_dir/logs/app-$p.log" 2>/dev/null && break
    if ((t > 720)); then
      echo "app on port $p did not start; see $run_dir/logs/app-$p.log" >&2; exit 1
    fi
    sleep 0.25
  done
done

template="$(<deploy/nginx.conf)"
template="${template//@LISTEN@/$listen_addr:$port}"
printf '%s\n' "${template//@SERVERS@/$servers}" >"$run_dir/nginx.conf"
timeout "$lifetime" "$nginx" -p "$run_dir" -c nginx.conf -e logs/error.log &
pids+=($!); echo $! >>"$run_dir/pids"
for ((t = 0; ; t++)); do
  [ -s "$run_dir/nginx.pid" ] && break
  if ! kill -0 "${pids[-1]}" 2>/dev/null || ((t > 80)); then
    echo "nginx did not start; see $run_dir/logs/error.log" >&2
    cat "$run_dir/logs/error.log" >&2 || true
    exit 1
  fi
  sleep 0.25
done
echo "The replicas are ready: http://$listen_addr:$port (apps on ${ports[*]}; logs in $run_dir/logs)"
wait -n "${pids[@]}"  # one part stopped (or the lifetime is over): stop them all
