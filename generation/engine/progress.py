"""Step counting, throttled progress reports, previews and cancellation for one operation.

Every denoiser call (prior transformer or UNet) is one step on every Kandinsky pipeline, so the
tracker hooks the denoiser module instead of each pipeline's callback API: the 2.1 pipelines
predate `callback_on_step_end` and the 2.1 prior has no callback at all."""
import time
from collections.abc import Callable
from contextlib import contextmanager

import torch

from .errors import Cancelled
from .preview import latents_to_jpeg

ProgressFn = Callable[[int, int, bytes | None], None]
# (steps done, total) after every step, unthrottled; may return a pause to run after the report.
StepHook = Callable[[int, int], Callable[[], None] | None]


class StepTracker:
    def __init__(self, total: int, progress: ProgressFn | None = None,
                 should_stop: Callable[[], bool] | None = None, interval: float = 0.25,
                 after_step: StepHook | None = None):
        self.total = total
        # Called after each step: what a caller needs at an exact step, e.g. a test holding
        # the job there (generation.holds). It may return a callable to run after that step's
        # report, which is then never throttled (a run paused there has said where it is);
        # that callable may block. Neither may raise.
        self._after_step = after_step
        self.done = 0
        self._progress = progress
        self._should_stop = should_stop
        self._interval = interval
        self._last_report = float("-inf")

    def check_stop(self) -> None:
        if self._should_stop is not None and self._should_stop():
            raise Cancelled()

    def step(self, latents: torch.Tensor | None = None) -> None:
        """One denoising step finished; latents (4, h, w) make the preview when reported."""
        self.done = min(self.done + 1, self.total)
        pause = self._after_step(self.done, self.total) if self._after_step is not None else None
        self._report(latents, force=pause is not None)
        if pause is not None:
            pause()

    def _report(self, latents: torch.Tensor | None, force: bool = False) -> None:
        if self._progress is None:
            return
        now = time.monotonic()
        # Throttled, but the last step always reports so a client sees progress reach total.
        if not force and self.done < self.total and now - self._last_report < self._interval:
            return
        self._last_report = now
        preview = latents_to_jpeg(latents) if latents is not None else None
        self._progress(self.done, self.total, preview)

    @contextmanager
    def watch(self, denoiser: torch.nn.Module, previews: bool = False):
        """Count calls of `denoiser` as steps; check should_stop before each call."""
        def before(_module, _args, _kwargs):
            self.check_stop()

        def after(_module, args, kwargs, _output):
            latents = None
            if previews:
                sample = kwargs.get("sample", args[0] if args else None)
                # Last batch entry is the conditional half under CFG; the first 4 channels
                # are the latents (inpaint UNets append masked-image latents and the mask).
                latents = sample[-1, :4] if sample is not None else None
            self.step(latents)

        handles = [
            denoiser.register_forward_pre_hook(before, with_kwargs=True),
            denoiser.register_forward_hook(after, with_kwargs=True),
        ]
        try:
            yield self
        finally:
            for h in handles:
                h.remove()
