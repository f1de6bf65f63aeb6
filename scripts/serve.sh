#!/usr/bin/env bash
# Serve the course, then run app.py once through Streamlit's script health check.
#
# Why: a Streamlit server that finds a pages/ folder next to app.py runs its very first
# session in the legacy "pages directory" mode, and only switches to app.py's
# st.navigation during that run. A first visitor who opens a deep link (/motivation)
# therefore sees a "Page not found" dialog before the lesson appears. One run of app.py
# at start-up (the health check) switches the process to st.navigation for good, so no
# visitor ever meets that dialog. It also proves the app runs before anyone connects.
#
# Usage: scripts/serve.sh [PORT]   (default 8501; extra Streamlit flags via STREAMLIT_ARGS)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8501}"
streamlit=".venv/bin/streamlit"

"$streamlit" run app.py --server.port "$port" --server.scriptHealthCheckEnabled true \
  ${STREAMLIT_ARGS:-} &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM EXIT

for _ in $(seq 1 120); do  # up to 60 s for the server to answer
  curl -fsS "http://localhost:$port/_stcore/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || exit 1
  sleep 0.5
done
if curl -fsS --max-time 120 "http://localhost:$port/_stcore/script-health-check" >/dev/null; then
  echo "The course is ready: http://localhost:$port"
else
  echo "warning: app.py did not run cleanly at start-up; open the page to see why." >&2
fi
wait "$server"
