"""The editor's job tracker (static/editor/jobs/tracker.js) drops an event older than what it
has: a socket event that arrives after a newer HTTP answer must not step the job back."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")

SCRIPT = """
globalThis.document = { getElementById: () => null, querySelector: () => null };
const { JobTracker } = await import(process.argv[1]);
const seen = [];
const tracker = new JobTracker({ isOpen: true });
const job = (seq, status, step) => ({ id: "j", seq, status, step });
tracker.follow(job(3, "running", 2), {
  job: (j) => seen.push(["job", j.seq, j.status]),
  progress: (m) => seen.push(["progress", m.seq, m.step]),
});
tracker.handle({ type: "job", job: job(2, "queued", 0) });              // older: dropped
tracker.handle({ type: "progress", job_id: "j", seq: 1, step: 1 });     // older: dropped
tracker.handle({ type: "progress", job_id: "j", seq: 4, step: 3 });
tracker.handle({ type: "progress", job_id: "j", seq: 4, step: 3 });     // same seq: harmless
tracker.handle({ type: "job", job: job(3, "running", 2) });             // older than progress 4
tracker.handle({ type: "job", job: job(5, "succeeded", 4) });
console.log(JSON.stringify(seen));
process.exit(0);
"""


def run_tracker(script):
    """What `script` prints (JSON) after importing static/editor/jobs/tracker.js in node."""
    tracker = settings.BASE_DIR / "static" / "editor" / "jobs" / "tracker.js"
    result = subprocess.run(["node", "--input-type=module", "-e", script, str(tracker)],
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def test_the_tracker_ignores_events_older_than_the_one_it_has():
    assert run_tracker(SCRIPT) == [
        ["job", 3, "running"], ["progress", 4, 3], ["progress", 4, 3], ["job", 5, "succeeded"],
    ]


QUEUE_SCRIPT = """
globalThis.document = { getElementById: () => null, querySelector: () => null };
const { JobTracker } = await import(process.argv[1]);
const seen = [];
const tracker = new JobTracker({ isOpen: true });
const handlers = (id) => ({ job: (j) => seen.push([id, j.status, j.queue_position]), progress: () => {} });
tracker.follow({ id: "a", seq: 1, status: "queued", queue_position: 2 }, handlers("a"));
tracker.follow({ id: "b", seq: 4, status: "running", queue_position: null }, handlers("b"));
tracker.handle({ type: "queue", positions: { a: 1, b: 1, other: 7 } });  // b runs, other unknown
tracker.handle({ type: "queue", positions: { a: 1 } });                  // no change: not redrawn
console.log(JSON.stringify(seen));
process.exit(0);
"""


def test_queue_messages_move_only_jobs_still_queued():
    assert run_tracker(QUEUE_SCRIPT) == [["a", "queued", 2], ["b", "running", None], ["a", "queued", 1]]
