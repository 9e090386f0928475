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
