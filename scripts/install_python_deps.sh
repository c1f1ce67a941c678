#!/usr/bin/env bash
# Create the virtual environment and install the project with its dev extras.
# torch: the CPU build where no NVIDIA GPU is present (the default PyPI wheel pulls CUDA).
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip

if ! "$venv/bin/python" -c 'import torch, sys; sys.exit(torch.__version__.split("+")[0] != "2.13.0")' 2>/dev/null; then
  if command -v nvidia-smi >/dev/null 2>&1; then
    "$venv/bin/pip" install -q torch==2.13.0
  else
    # The CPU index is tried first; a local wheel (pip's find-links) or PyPI serve when it is unreachable.
    "$venv/bin/pip" install -q --retries 1 --timeout 20 \
      --extra-index-url https://download.pytorch.org/whl/cpu torch==2.13.0
  fi
fi
"$venv/bin/pip" install -q -e ".[dev]"
