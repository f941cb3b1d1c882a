# Sourced by the install_*.sh scripts: apt_packages NAME PACKAGE... installs
# Debian packages with apt-get, as root or through sudo, quiet unless apt
# fails (then its last lines are shown). NAME prefixes every message.
apt_packages() {
    local name=$1
    shift
    local sudo=()
    apt_fail() {
        echo "$name: $*" >&2
        echo "$name: install them yourself (Debian/Ubuntu: apt-get install ${packages[*]})." >&2
        exit 1
    }
    local packages=("$@")
    command -v apt-get >/dev/null 2>&1 || apt_fail "apt-get not found: this script only knows Debian-like systems."
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || apt_fail "not root and sudo is not available."
        sudo=(sudo)
    fi
    local log
    log=$(mktemp)
    echo "$name: installing ${packages[*]} with apt-get…" >&2
    for step in "update -qq" "install -y -qq --no-install-recommends ${packages[*]}"; do
        # shellcheck disable=SC2086  # the step's words are meant to split
        if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get $step >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            rm -f "$log"
            apt_fail "apt-get $step failed."
        fi
    done
    rm -f "$log"
}
