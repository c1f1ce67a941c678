"""The engine's after_step hook: called once per step, in order; a pause it returns runs after
that step's report, which is then not throttled away, and can hold the run there (what
generation.holds does for the jobs tests)."""

import threading

from generation.engine.progress import StepTracker


def test_after_step_sees_every_step_and_a_pause_is_reported_first():
    seen = []

    def hook(done, total):
        seen.append(("hook", done, total))
        return (lambda: seen.append(("pause", done))) if done == 2 else None

    tracker = StepTracker(4, progress=lambda done, total, _: seen.append(("report", done)), interval=3600,
                          after_step=hook)
    for _ in range(4):
        tracker.step()
    # Throttled reports (the first and the last), except at the pause; the hook sees every step.
    assert seen == [("hook", 1, 4), ("report", 1), ("hook", 2, 4), ("report", 2), ("pause", 2),
                    ("hook", 3, 4), ("hook", 4, 4), ("report", 4)]


def test_a_blocking_hook_holds_the_run_at_that_step():
    release, held = threading.Event(), threading.Event()

    def pause():
        held.set()
        release.wait(10)

    def hold(done, total):
        return pause if done == 1 else None

    tracker = StepTracker(2, after_step=hold)
    runner = threading.Thread(target=lambda: [tracker.step() for _ in range(2)])
    runner.start()
    assert held.wait(10) and tracker.done == 1  # stopped after step 1, not one step further
    release.set()
    runner.join(10)
    assert tracker.done == 2
