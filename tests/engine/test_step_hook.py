"""The engine's after_step hook: called once per step, in order, after the step's report, and
able to hold the run there (what generation.holds does for the jobs tests)."""

import threading

from generation.engine.progress import StepTracker


def test_after_step_sees_every_step_after_its_report():
    seen = []
    tracker = StepTracker(3, progress=lambda done, total, _: seen.append(("report", done)), interval=3600,
                          after_step=lambda done, total: seen.append(("hook", done, total)))
    for _ in range(3):
        tracker.step()
    # Throttled reports (only the first and the last), but the hook sees every step.
    assert seen == [("report", 1), ("hook", 1, 3), ("hook", 2, 3), ("report", 3), ("hook", 3, 3)]


def test_a_blocking_hook_holds_the_run_at_that_step():
    release, held = threading.Event(), threading.Event()

    def hold(done, total):
        if done == 1:
            held.set()
            release.wait(10)

    tracker = StepTracker(2, after_step=hold)
    runner = threading.Thread(target=lambda: [tracker.step() for _ in range(2)])
    runner.start()
    assert held.wait(10) and tracker.done == 1  # stopped after step 1, not one step further
    release.set()
    runner.join(10)
    assert tracker.done == 2
