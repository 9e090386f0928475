# Shared by the scripts: where builds go and how steps are announced.
# A persistent target directory outside the checkout keeps rebuilds incremental across clones.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/contour/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() {
    printf '\n==> %s\n' "$*"
}

# The Postgres server the tests use (trust auth on this machine).
postgres_server_url() {
    echo "${CONTOUR_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
}

postgres_reachable() {
    psql "$(postgres_server_url)" -Atqc 'select 1' >/dev/null 2>&1
}

# Debian's Chromium for the browser tests; Playwright never downloads a browser here.
ensure_chromium() {
    if command -v chromium >/dev/null 2>&1; then return; fi
    local sudo=""
    if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
    echo "Installing Debian's chromium for the browser tests"
    $sudo apt-get install -y -q chromium >/dev/null 2>&1 ||
        { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium >/dev/null; }
    command -v chromium >/dev/null 2>&1 || { echo "could not install chromium" >&2; exit 1; }
}

# Builds the staff web app into frontend/dist (which the server serves). `npm install` rather
# than `npm ci`: it installs exactly what package-lock.json says, and tolerates a registry that
# does not carry other platforms' optional binaries (which npm then leaves out of the lock).
build_frontend() {
    (cd frontend && npm install --no-audit --no-fund --loglevel=error && npm run --silent build)
}

# A real S3 protocol server on loopback for the photo-storage tests (s3s-fs from crates.io),
# installed once into the cache. Sets CONTOUR_TEST_S3_* for the tests; stop it with stop_s3.
S3S_VERSION=0.14.1
start_s3() {
    local tools="$HOME/.cache/contour/tools"
    if [ ! -x "$tools/bin/s3s-fs" ]; then
        echo "Installing s3s-fs $S3S_VERSION (once; about two minutes)"
        cargo install --quiet --locked s3s-fs --version "$S3S_VERSION" --features binary --root "$tools"
    fi
    S3_ROOT="$(mktemp -d)"
    mkdir -p "$S3_ROOT/contour-test"
    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "$tools/bin/s3s-fs" --host 127.0.0.1 --port "$port" --access-key contour-test --secret-key contour-test-secret \
        "$S3_ROOT" >"$S3_ROOT.log" 2>&1 &
    S3_PID=$!
    for _ in $(seq 50); do
        if curl -s -o /dev/null "http://127.0.0.1:$port/"; then break; fi
        sleep 0.1
    done
    export CONTOUR_TEST_S3_ENDPOINT="http://127.0.0.1:$port" CONTOUR_TEST_S3_BUCKET=contour-test
    export CONTOUR_TEST_S3_ACCESS_KEY=contour-test CONTOUR_TEST_S3_SECRET_KEY=contour-test-secret
}

stop_s3() {
    if [ -n "${S3_PID:-}" ]; then kill "$S3_PID" 2>/dev/null || true; fi
    if [ -n "${S3_ROOT:-}" ]; then rm -rf "$S3_ROOT" "$S3_ROOT.log"; fi
}
