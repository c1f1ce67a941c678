// Follows the jobs this page started: socket events when connected, HTTP polling when not,
// and a resync over HTTP after every reconnect, so no job is ever left looking "running".
import { api } from "./client.js";

const POLL_MS = 2000;

// Every job answer and event carries the job's seq; a socket event can arrive after a newer
// HTTP answer (or a resync), and showing it would step the job back.
function isStale(entry, seq) {
  return typeof seq === "number" && typeof entry.seq === "number" && seq < entry.seq;
}

export class JobTracker {
  constructor(socket) {
    this.socket = socket;
    this.jobs = new Map(); // id -> {job, handlers}
    setInterval(() => {
      if (!this.socket.isOpen) this.resync();
    }, POLL_MS);
  }

  follow(job, handlers) {
    this.jobs.set(job.id, { job, handlers });
    this.update(job);
  }

  get active() {
    return [...this.jobs.values()].map((entry) => entry.job);
  }

  update(job) {
    const entry = this.jobs.get(job.id);
    if (!entry || isStale(entry, job.seq)) return;
    entry.seq = job.seq;
    entry.job = job;
    entry.handlers.job(job);
    if (job.status === "succeeded" || job.status === "failed" || job.status === "cancelled") {
      this.jobs.delete(job.id);
    }
  }

  handle(message) {
    if (message.type === "job" && message.job) {
      this.update(message.job);
    } else if (message.type === "queue" && message.positions) {
      // The queue moved: new positions of this user's queued jobs. Positions are derived on
      // the server, not part of the job's seq; a job that is no longer queued here ignores them.
      for (const [id, position] of Object.entries(message.positions)) {
        const entry = this.jobs.get(id);
        if (!entry || entry.job.status !== "queued" || entry.job.queue_position === position) continue;
        entry.job = { ...entry.job, queue_position: position };
        entry.handlers.job(entry.job);
      }
    } else if (message.type === "progress") {
      const entry = this.jobs.get(message.job_id);
      if (!entry || isStale(entry, message.seq)) return;
      entry.seq = message.seq;
      entry.handlers.progress(message);
    }
  }

  async resync() {
    for (const id of [...this.jobs.keys()]) {
      try {
        this.update(await api.job(id));
      } catch (error) {
        if (error.status === 404) this.jobs.delete(id);
      }
    }
  }

  async cancel(id) {
    return api.cancelJob(id);
  }
}
