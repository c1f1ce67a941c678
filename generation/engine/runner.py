"""run(): the single entry point the Celery task calls, and the shared frame of every operation."""
from collections.abc import Callable

import torch

from .backends.base import Backend
from .context import OpContext, make_context
from .ops import OPERATIONS
from .params import GenerationParams, Result
from .progress import ProgressFn, StepHook, StepTracker
from .validation import validate


def perform(backend: Backend, params: GenerationParams, plan: Callable[[OpContext], int],
            body: Callable[[OpContext], list], progress: ProgressFn | None, should_stop,
            progress_interval: float, after_step: StepHook | None = None) -> Result:
    """Resolve the context, fix the step total, run `body` with tracking. One operation at a time
    per backend: the step hooks sit on shared modules (a worker runs one job anyway)."""
    with backend.lock:
        ctx = make_context(backend, params)
        ctx.tracker = StepTracker(plan(ctx), progress, should_stop, progress_interval, after_step)
        ctx.tracker.check_stop()
        with torch.inference_mode():
            images = body(ctx)
    ctx.metadata["total_steps"] = ctx.tracker.total
    return Result(images=images, metadata=ctx.metadata)


def run(backend: Backend, kind: str, params: GenerationParams, images=(), progress: ProgressFn | None = None,
        should_stop=None, *, progress_interval: float = 0.25, after_step: StepHook | None = None) -> Result:
    images = list(images)
    validate(backend, kind, params, images)
    op = OPERATIONS[kind]

    def body(ctx: OpContext) -> list:
        ctx.metadata["kind"] = kind
        return op.execute(ctx, images)

    return perform(backend, params, lambda ctx: op.plan(ctx, images), body, progress, should_stop, progress_interval,
                   after_step)
