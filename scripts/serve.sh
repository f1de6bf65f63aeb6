#!/usr/bin/env bash
# Serve the course, then run app.py once through Streamlit's script health check.
#
# Why: a Streamlit server (1.67) that finds a pages/ folder next to app.py runs its very
# first session in the legacy "pages directory" mode, and switches to app.py's
# st.navigation only during that run. A first visitor who opens a deep link
# (/motivation) would therefore see a "Page not found" dialog over the lesson. One run
# of app.py at start-up switches the process to st.navigation for good, so no visitor
# meets that dialog; it also proves the app runs before anyone connects.
#
# Then, once it is ready, the warm-up (ui/warmup.py) computes every lesson's background
# (maps, sweeps, records over many draws) into .cache/ in a separate, low-priority
# process, so students exploring new settings only wait for their own draw; a restart
# finds it on disk. TLLIB_WARMUP=0 skips it.
#
# Usage: scripts/serve.sh [PORT]   (default 8501; extra Streamlit flags in STREAMLIT_ARGS)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8501}"
python="${PYTHON:-.venv/bin/python}"  # the fixture of the browser tests passes its own
# One BLAS/OpenMP thread in every thread of the server: many small fits share 2 cores.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# shellcheck disable=SC2086  # STREAMLIT_ARGS is a list of flags
"$python" -m streamlit run app.py --server.port "$port" \
  --server.scriptHealthCheckEnabled true ${STREAMLIT_ARGS:-} &
server=$!
warmup=""
trap 'kill "$server" $warmup 2>/dev/null || true' INT TERM EXIT

"$python" - "$port" "$server" <<'PY'
"""Wait (60 s at most) for the server, then ask it to run app.py once (120 s at most)."""
import os, sys, time, urllib.request

port, server = sys.argv[1], int(sys.argv[2])
base = f"http://localhost:{port}/_stcore"
deadline = time.monotonic() + 60
while True:
    try:
        urllib.request.urlopen(f"{base}/health", timeout=2)
        break
    except OSError:
        os.kill(server, 0)  # raises if the server died: nothing to wait for
        if time.monotonic() > deadline:
            sys.exit("the server did not answer within 60 s")
        time.sleep(0.3)
try:
    urllib.request.urlopen(f"{base}/script-health-check", timeout=120)
    print(f"The course is ready: http://localhost:{port}", flush=True)
except OSError as error:
    print(f"warning: app.py did not run cleanly at start-up ({error}); "
          "open the page to see why.", file=sys.stderr, flush=True)
PY
if [ "${TLLIB_WARMUP:-1}" != 0 ]; then
  # At most 15 minutes, whatever happens; it ends by itself once every value is ready.
  nice -n 10 timeout 900 "$python" -m ui.warmup &
  warmup=$!
fi
wait "$server"
