#!/usr/bin/env bash
# Create the virtual environment and install the project with its dev extras.
# torch: the CPU build where no NVIDIA GPU is present (the default PyPI wheel pulls in CUDA).
set -euo pipefail
venv=${2:-.venv}
python=${1:-}
if [ -z "$python" ]; then python=$(command -v python3.11 || command -v python3 || true); fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "Kandinsky Studio needs Python 3.11 (found: ${python:-none}); install it or run 'make PYTHON=/path/to/python3.11 ...'." >&2
  exit 1
fi

if [ ! -x "$venv/bin/pip" ]; then
  rm -rf "$venv"  # a half-made venv (no ensurepip) would be taken for a finished one
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    rm -rf "$venv"
    # Debian/Ubuntu ship venv's pip bootstrap separately.
    bash scripts/ensure_system_packages.sh python3.11-venv
    "$python" -m venv "$venv"
  fi
fi
pip=("$venv/bin/pip" install -q)
"${pip[@]}" --upgrade pip

# `timeout`: a resolver that never answers would otherwise hang before urllib's own timeout.
reachable() { timeout 10 "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$1" 2>/dev/null; }
cpu_index=https://download.pytorch.org/whl/cpu
if ! "$venv/bin/python" -c 'import torch, sys; sys.exit(torch.__version__.split("+")[0] != "2.13.0")' 2>/dev/null; then
  if command -v nvidia-smi >/dev/null 2>&1; then
    "${pip[@]}" torch==2.13.0
  elif reachable "$cpu_index/torch/"; then
    "${pip[@]}" --extra-index-url "$cpu_index" torch==2.13.0
  else
    # Checked first, because an unreachable index costs pip long retries. Without it a local
    # wheel (pip's find-links) or PyPI's default build serves.
    echo "$cpu_index does not answer; installing torch from the configured indexes." >&2
    "${pip[@]}" torch==2.13.0
  fi
fi
"${pip[@]}" -e ".[dev]"
