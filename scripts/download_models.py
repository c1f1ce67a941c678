#!/usr/bin/env python
"""`make download-models`: fetch the real Kandinsky checkpoints (and the ru→en translator) into
KANDINSKY_MODELS_DIR (default ./models), laid out as <dir>/<repo-name>/ as the engine expects.
The only place in the product that goes to the network, and only when an operator runs it.

    python scripts/download_models.py                 # Kandinsky 2.2 + opus-mt-ru-en
    python scripts/download_models.py --family 2.1    # Kandinsky 2.1
    python scripts/download_models.py --family all --dir /srv/models
"""
import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generation.engine.backends.pretrained import FAMILIES, HUB_IDS, TRANSLATOR_REPO  # noqa: E402

# Skip formats diffusers never loads here (ONNX, flax, TF, original checkpoints).
IGNORE = ["*.onnx", "*.msgpack", "*.h5", "*.ckpt"]


def repos_for(family: str) -> list[str]:
    names = ["kandinsky-2.2", "kandinsky-2.1"] if family == "all" else [f"kandinsky-{family}"]
    repos = [r for n in names for r in (FAMILIES[n].prior_repo, FAMILIES[n].decoder_repo, FAMILIES[n].inpaint_repo)]
    return repos + [TRANSLATOR_REPO]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--family", choices=["2.2", "2.1", "all"], default="2.2")
    parser.add_argument("--dir", default=os.environ.get("KANDINSKY_MODELS_DIR", "models"))
    args = parser.parse_args()
    from huggingface_hub import snapshot_download

    for repo in repos_for(args.family):
        target = Path(args.dir) / repo
        print(f"{HUB_IDS[repo]} → {target}", flush=True)
        snapshot_download(HUB_IDS[repo], local_dir=str(target), ignore_patterns=IGNORE)
    print(f"Done. Set KANDINSKY_MODELS_DIR={Path(args.dir).resolve()} and KANDINSKY_MODEL=kandinsky-{args.family}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
