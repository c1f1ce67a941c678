"""Kandinsky Studio generation engine: framework-free (no Django) layer over torch + diffusers.

    backend = load_backend("tiny")
    result = run(backend, "text2img", GenerationParams(prompt="a red cat"), progress=..., should_stop=...)
"""
from .backends import BACKENDS, Backend, load_backend
from .errors import Cancelled, EngineError
from .extend import extend
from .params import KINDS, GenerationParams, Result
from .runner import run
from .validation import validate

__all__ = [
    "BACKENDS", "KINDS", "Backend", "Cancelled", "EngineError", "GenerationParams", "Result",
    "extend", "load_backend", "run", "validate",
]
