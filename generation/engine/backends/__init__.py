"""load_backend(): build or load a backend once per process per (name, models_dir, device)."""
import os
import threading

from ..errors import EngineError
from .base import Backend, Limits

BACKENDS = ("nano", "tiny", "kandinsky-2.2", "kandinsky-2.1")
_cache: dict[tuple, Backend] = {}
_lock = threading.Lock()


def _build(name: str, models_dir: str | None, device: str | None) -> Backend:
    if name == "tiny":
        from .tiny import load_tiny

        return load_tiny(device)
    if name == "nano":
        from .nano import load_nano

        return load_nano(device)
    from .pretrained import load_pretrained

    return load_pretrained(name, models_dir, device)


def load_backend(name: str = "tiny", models_dir: str | None = None, device: str | None = None) -> Backend:
    if name not in BACKENDS:
        raise EngineError("unsupported_backend", f"Unknown model backend {name!r}.", choices=list(BACKENDS))
    models_dir = models_dir or os.environ.get("KANDINSKY_MODELS_DIR") or None
    key = (name, models_dir, device)
    with _lock:  # a worker may ask from several threads; build once
        if key not in _cache:
            _cache[key] = _build(name, models_dir, device)
        return _cache[key]


__all__ = ["BACKENDS", "Backend", "Limits", "load_backend"]
