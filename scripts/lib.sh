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
