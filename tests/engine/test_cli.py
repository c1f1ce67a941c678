"""The command line writes a PNG for each kind (in-process), and manage.py generate works."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from generation.engine import cli

ROOT = Path(__file__).resolve().parents[2]
FAST = ["--steps", "2", "--prior-steps", "2", "--seed", "1"]


@pytest.fixture
def pictures(tmp_path, holed, photo):
    photo.save(tmp_path / "photo.png")
    holed.save(tmp_path / "holed.png")
    mask = np.zeros((80, 96), np.uint8)
    mask[20:40, 20:60] = 255
    Image.fromarray(mask).save(tmp_path / "mask.png")
    return tmp_path


@pytest.mark.parametrize("kind,args,size", [
    ("text2img", ["--prompt", "лиса", "--width", "64", "--height", "128"], (64, 128)),
    ("inpaint", ["--image", "photo.png", "--mask", "mask.png"], (96, 80)),
    ("outpaint", ["--image", "holed.png", "--prompt", "sky"], (96, 80)),
    ("fusion", ["--image", "photo.png", "--prompt", "snow", "--strength", "0.6"], (96, 80)),
    ("mix", ["--image", "photo.png", "--image", "holed.png", "--weights", "1", "3", "--width", "64",
             "--height", "64"], (64, 64)),
    ("variation", ["--image", "photo.png", "--width", "64", "--height", "64"], (64, 64)),
    ("extend", ["--image", "photo.png", "--extend", "0", "0", "64", "0", "--width", "128", "--height", "128"],
     (160, 80)),
])
def test_cli_writes_png(backend, pictures, monkeypatch, capsys, kind, args, size):
    monkeypatch.chdir(pictures)
    assert cli.main([kind, "-o", f"{kind}.png", *FAST, *args]) == 0
    with Image.open(pictures / f"{kind}.png") as out:
        assert out.format == "PNG" and out.size == size
    assert "wrote" in capsys.readouterr().out


def test_cli_reports_coded_error(backend, capsys):
    assert cli.main(["text2img", "--width", "100", "--prompt", "x"]) == 1
    assert "invalid_size" in capsys.readouterr().err


def test_manage_py_generate(tmp_path):
    out = tmp_path / "fox.png"
    env = {**os.environ, "KANDINSKY_MODEL": "tiny", "OMP_NUM_THREADS": "2"}
    proc = subprocess.run(
        [sys.executable, "manage.py", "generate", "text2img", "--prompt", "рыжая лиса", "-n", "2",
         "--width", "64", "--height", "64", *FAST, "-o", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stderr
    assert "4/4" in proc.stderr  # the progress bar reached the total (2 prior + 2 decoder steps)
    for path in (tmp_path / "fox-1.png", tmp_path / "fox-2.png"):
        assert Image.open(path).size == (64, 64)
