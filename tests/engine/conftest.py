"""Engine tests: tiny backend on CPU, built once per session. No Django, no database."""
import numpy as np
import pytest
import torch
from PIL import Image

from generation.engine import load_backend


@pytest.fixture(scope="session")
def backend():
    torch.set_num_threads(2)
    return load_backend("tiny", device="cpu")


@pytest.fixture
def photo():
    """A 96×80 picture with structure (not a flat colour), fixed for every test."""
    rng = np.random.default_rng(7)
    ramp = np.linspace(0, 255, 96, dtype=np.float32)[None, :, None]
    noise = rng.integers(0, 40, (80, 96, 3))
    return Image.fromarray(np.clip(ramp + noise, 0, 255).astype(np.uint8), "RGB")


@pytest.fixture
def holed(photo):
    """The photo as RGBA with a transparent 32×24 hole."""
    rgba = np.asarray(photo.convert("RGBA")).copy()
    rgba[30:54, 40:72, 3] = 0
    return Image.fromarray(rgba, "RGBA")


class ProgressLog:
    def __init__(self):
        self.calls = []

    def __call__(self, step, total, preview):
        self.calls.append((step, total, preview))

    @property
    def steps(self):
        return [c[0] for c in self.calls]


@pytest.fixture
def progress_log():
    return ProgressLog()


@pytest.fixture(scope="session")
def nano():
    """The shipped nano weights (weights/nano/), loaded once: what `make run` serves."""
    torch.set_num_threads(2)
    return load_backend("nano", device="cpu")
