#!/usr/bin/env bash
# Install a Debian package the project needs when its command is missing (as root), or say how.
set -euo pipefail
for pkg in "$@"; do
  case "$pkg" in
    gettext) cmd=msgfmt ;;
    chromium) cmd=/usr/bin/chromium ;;
    redis-server) cmd=redis-server ;;
    *) cmd=$pkg ;;
  esac
  command -v "$cmd" >/dev/null 2>&1 && continue
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $pkg from Debian packages..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" >/dev/null; }
  else
    echo "Missing $cmd: please install the '$pkg' package (e.g. sudo apt-get install $pkg)." >&2
    exit 1
  fi
done
