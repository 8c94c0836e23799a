# Serving a module for a test, in either runner. Source this file, then:
#
#   serve_start RUNNER WASM LOG [RUNNER ARGS...]   # sets SERVE_PORT, SERVE_URL, SERVE_PID
#   serve_stop                                       # kills SERVE_PID (only that process)
#
# RUNNER is one of:
#   ours   the project's runner, target/runner/fastedge-run (built if missing); it is given
#          port 0 and prints the port it chose;
#   gcore  Gcore's own fastedge-run ($GCORE_FASTEDGE_RUN, default
#          $HOME/.cache/gcore-fastedge-run/fastedge-run, built by
#          scripts/install-gcore-runtime.sh); it is given a free port and polled until it
#          accepts connections. It compiles the module on every request.
# Both take the same -e KEY=VALUE, -s KEY=VALUE, --geo and --headers K=V arguments.
# LOG receives the runner's stdout and stderr.

gcore_runtime() {
  echo "${GCORE_FASTEDGE_RUN:-$HOME/.cache/gcore-fastedge-run/fastedge-run}"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

serve_start() {
  local runner=$1 wasm=$2 log=$3 bin
  shift 3
  SERVE_PORT=""; SERVE_PID=""
  case "$runner" in
    ours)
      bin="${CARGO_TARGET_DIR:-target}/runner/fastedge-run"
      [ -x "$bin" ] || cargo build -q -p fastedge-run --profile runner || return 1
      "$bin" http -p 0 -w "$wasm" "$@" >"$log" 2>&1 &
      SERVE_PID=$!
      for _ in $(seq 1 200); do
        SERVE_PORT=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*#\1#p' "$log" | head -1)
        [ -n "$SERVE_PORT" ] && break
        kill -0 "$SERVE_PID" 2>/dev/null || break
        sleep 0.1
      done
      ;;
    gcore)
      bin=$(gcore_runtime)
      [ -x "$bin" ] || { echo "Gcore's fastedge-run is not at $bin: run scripts/install-gcore-runtime.sh" >"$log"; return 1; }
      local port; port=$(free_port)
      "$bin" http -p "$port" -w "$wasm" "$@" >"$log" 2>&1 &
      SERVE_PID=$!
      for _ in $(seq 1 300); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then SERVE_PORT=$port; break; fi
        kill -0 "$SERVE_PID" 2>/dev/null || break
        sleep 0.1
      done
      ;;
    *) echo "unknown runner '$runner' (ours or gcore)" >"$log"; return 1 ;;
  esac
  if [ -z "$SERVE_PORT" ]; then
    serve_stop
    return 1
  fi
  SERVE_URL="http://127.0.0.1:$SERVE_PORT"
}

serve_stop() {
  if [ -n "${SERVE_PID:-}" ]; then
    kill "$SERVE_PID" 2>/dev/null || true
    wait "$SERVE_PID" 2>/dev/null || true
    SERVE_PID=""
  fi
  return 0
}

# The runners CI covers, in table order. RUNNERS="ours" narrows a local run.
runners() {
  echo "${RUNNERS:-ours gcore}"
}
