// Starting generations and following them to the staging strip. One job at a time from this
// page; a job that was running when the page loaded is picked up again.
/* global gettext */
import { api } from "./client.js";
import { loadImage, surfaceFromImage, surfaceToBlob } from "../canvas/surface.js";

// Mixing and variations work from the pictures alone (the engine reads no prompt or style for
// them), so the panel's prompt and style are not sent: they would only become the titles.
export function usesPrompt(kind) {
  return kind !== "mix" && kind !== "variation";
}

export class JobRunner {
  constructor(ed, tracker) {
    this.ed = ed;
    this.tracker = tracker;
    this.current = null; // {job, rect}
  }

  get busy() {
    return !!this.current;
  }

  // Text fields from the panel: the API's names, empty ones left out.
  fields(kind) {
    const v = this.ed.panel.values();
    const rect = this.ed.frame.rect;
    const base = {
      kind, seed: v.seed, steps: v.steps, guidance_scale: v.guidance_scale, num_images: v.num_images,
      width: rect.w, height: rect.h,
    };
    if (usesPrompt(kind)) Object.assign(base, { prompt: v.prompt, negative_prompt: v.negative_prompt, style: v.style });
    if (kind === "fusion") base.strength = v.strength;
    return base;
  }

  async generate(mode) {
    const crop = mode === "text2img" ? null : this.ed.doc.crop(this.ed.frame.rect);
    return this.submit(mode, async () => (crop ? { image: await surfaceToBlob(crop) } : {}));
  }

  // `extra`: more fields, or an async function making them (encoding pictures takes a while,
  // so the page shows that it is sending before that starts).
  async submit(kind, extra = {}) {
    if (this.busy) return null;
    const rect = { ...this.ed.frame.rect };
    const fields = this.fields(kind);
    this.current = { job: null, rect };
    this.ed.panel.setBusy(true);
    this.ed.progress.submitting();
    try {
      const more = typeof extra === "function" ? await extra() : extra;
      const job = await api.submitJob({ ...fields, ...more });
      this.ed.panel.seed.used();
      this.follow(job, rect);
      return job;
    } catch (error) {
      this.finish();
      this.ed.fail(error);
      return null;
    }
  }

  follow(job, rect) {
    this.current = { job, rect };
    this.ed.panel.setBusy(true);
    this.tracker.follow(job, {
      job: (update) => this.onJob(update),
      progress: (message) => this.onProgress(message),
    });
  }

  async resume(rect) {
    const jobs = await api.activeJobs();
    if (jobs.length && !this.busy) this.follow(jobs[0], rect);
  }

  cancel() {
    if (!this.current || !this.current.job) return;
    this.current.job.cancelRequested = true;
    this.tracker.cancel(this.current.job.id).catch((error) => this.ed.fail(error));
  }

  onProgress(message) {
    if (!this.current || !this.current.job) return;
    const job = { ...this.current.job, status: "running", step: message.step, total_steps: message.total_steps, progress: message.progress };
    this.current.job = job;
    this.ed.progress.show(job);
    if (message.preview) {
      loadImage(message.preview).then((image) => {
        if (this.current) this.ed.showPreview({ image, rect: this.current.rect });
      }, () => {});
    }
  }

  async onJob(job) {
    if (!this.current) return;
    const rect = this.current.rect;
    job.cancelRequested = this.current.job && this.current.job.cancelRequested;
    this.current.job = job;
    if (job.status === "queued" || job.status === "running") {
      this.ed.progress.show(job);
      return;
    }
    this.finish();
    if (job.status === "failed") {
      this.ed.fail(job.error || { code: "job_lost" });
    } else if (job.status === "cancelled") {
      this.ed.notify(gettext("The generation was cancelled."), "info");
    } else if (job.status === "succeeded") {
      try {
        const candidates = await Promise.all((job.results || []).map(async (result) => ({
          canvas: surfaceFromImage(await loadImage(result.url), rect.w, rect.h),
          rect,
          url: result.url,
          id: result.id,
          kept: Boolean(result.kept),
        })));
        this.ed.staging.add(candidates);
      } catch (error) {
        this.ed.fail({ code: "image_load_failed" });
      }
    }
  }

  finish() {
    this.current = null;
    this.ed.panel.setBusy(false);
    this.ed.progress.hide();
    this.ed.showPreview(null);
  }
}
