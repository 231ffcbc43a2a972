# Sourced by scripts that use a program from Debian's packages.
#   install_if_missing <command> <package…>  installs the packages when the command is missing and
#                                            this runs as root with apt-get; fails if still missing
#   need <command> <package…>                the same, or stops with a message naming the packages
install_if_missing() {
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$(basename "$0"): installing $* for $cmd" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$@" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$@" >/dev/null 2>&1; } || true
  fi
  command -v "$cmd" >/dev/null 2>&1
}

need() {
  install_if_missing "$@" || { echo "$(basename "$0"): $1 is needed: install the Debian package(s) ${*:2}" >&2; exit 2; }
}
