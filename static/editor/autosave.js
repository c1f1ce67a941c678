// Autosave to /api/v1/canvas/: the flattened picture (only when pixels changed) plus the
// window, view and form as JSON. Debounced, never mid-stroke, the PNG encoded in a worker
// (canvas/png-worker.js) so painting goes on meanwhile; the status line says when it is saved.
// Every save names the server revision it builds on: when another tab saved in between, the
// server refuses it (409 canvas_conflict), saving pauses and the user chooses (onConflict).
/* global gettext */
import { api } from "./jobs/client.js";
import { encodePng, loadImage, surfaceFromImage } from "./canvas/surface.js";

const DELAY_MS = 1000;

// JSON with sorted keys: the server's JSON column need not keep the order we sent.
function canonical(value) {
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  if (value && typeof value === "object") {
    return "{" + Object.keys(value).sort().map((key) => JSON.stringify(key) + ":" + canonical(value[key])).join(",") + "}";
  }
  return JSON.stringify(value === undefined ? null : value);
}

const withoutView = (state) => canonical({ ...state, view: null });

export class Autosave {
  constructor(ed) {
    this.ed = ed;
    this.timer = null;
    this.savedVersion = null;
    this.savedState = null; // canonical() of the state the server has
    this.running = null;
    this.again = false;
    this.revision = 0; // the server's revision this tab's canvas is based on
    this.conflict = null; // the newer revision saved elsewhere, while the user has not chosen
    this.onConflict = () => {};
    this.status = document.getElementById("ed-save-state");
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  schedule() {
    this.cancelTimer();
    if (this.conflict !== null) return; // the status keeps saying why nothing is saved
    this.setStatus("pending", gettext("Unsaved changes"));
    this.timer = setTimeout(() => this.flush(), DELAY_MS);
  }

  // this.timer is non-null exactly while a change waits for its debounced save.
  cancelTimer() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  state() {
    const { ed } = this;
    const flat = ed.doc.bounds();
    return {
      version: 1,
      origin: flat ? { x: flat.x, y: flat.y } : null,
      window: ed.frame.toJSON(),
      // With the size of the screen it was made for: another screen gets a fitted view.
      view: { zoom: ed.view.zoom, panX: ed.view.panX, panY: ed.view.panY, ...ed.view.size() },
      form: ed.panel.values(),
      staging: ed.staging.toJSON(),
    };
  }

  async flush() {
    this.cancelTimer();
    if (this.conflict !== null) return null; // nothing is saved until the user has chosen
    if (this.ed.doc.change) {
      // A stroke is under way: save once it is one step, never half of it mid-stroke.
      this.timer = setTimeout(() => this.flush(), DELAY_MS);
      return null;
    }
    if (this.running) {
      this.again = true; // one save at a time, the newest state wins
      return this.running;
    }
    this.running = this.save().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.flush();
      }
    });
    return this.running;
  }

  async save() {
    const { ed } = this;
    const state = this.state();
    const version = ed.doc.version;
    // Nothing new (a reopened tab showing the same view): saving would only bump the
    // revision and make the user's other tabs look stale.
    if (version === this.savedVersion && canonical(state) === this.savedState) {
      return this.setStatus("saved", gettext("All changes saved"));
    }
    const form = new FormData();
    form.append("base_revision", String(this.revision));
    form.append("state", JSON.stringify(state));
    if (version !== this.savedVersion) {
      const flat = ed.doc.flatten();
      if (flat) form.append("picture", await encodePng(flat.canvas), "canvas.png");
      else form.append("clear_picture", "1");
    }
    this.setStatus("saving", gettext("Saving…"));
    try {
      const saved = await api.saveCanvas(form);
      this.revision = saved.revision;
      this.savedVersion = version;
      this.savedState = canonical(state);
      // A change made while this save ran is not in it: the status must not say it is saved
      // (a tab closed then would lose it).
      if (this.timer !== null || this.again) this.setStatus("pending", gettext("Unsaved changes"));
      else this.setStatus("saved", gettext("All changes saved"));
    } catch (error) {
      if (error.code === "canvas_conflict") return this.stale(error.details.revision);
      this.setStatus("error", gettext("Not saved"));
      ed.fail(error);
    }
  }

  stale(revision) {
    this.conflict = revision;
    this.again = false;
    this.setStatus("conflict", gettext("Changed in another tab"));
    this.onConflict();
  }

  // Asks the server whether another tab saved since (when this tab comes back into view).
  async check() {
    if (this.conflict !== null || this.running) return;
    const base = this.revision;
    const saved = await api.canvas();
    // Our own save may have finished meanwhile: only a revision we never had is news.
    if (this.revision === base && saved.revision !== base && this.conflict === null && !this.running) {
      this.stale(saved.revision);
    }
  }

  // "Keep mine": save this tab's canvas, picture included, over the newer revision.
  keepMine() {
    if (this.conflict === null) return null;
    this.revision = this.conflict;
    this.conflict = null;
    this.savedVersion = null;
    this.savedState = null;
    return this.flush();
  }

  // After opening: when only the view differs from the saved state (fitted to this screen),
  // that is no edit, so it is not saved on its own and other tabs do not become stale.
  settle() {
    const state = this.state();
    const saved = this.savedState === null ? null : JSON.parse(this.savedState);
    if (!saved || this.ed.doc.version !== this.savedVersion || withoutView(state) !== withoutView(saved)) return;
    this.cancelTimer();
    this.savedState = canonical(state);
    this.setStatus("saved", gettext("All changes saved"));
  }

  // Restores the saved canvas; returns the saved state (or null when there is none).
  async load() {
    const saved = await api.canvas();
    this.revision = saved.revision || 0;
    this.conflict = null;
    const state = saved.state || {};
    if (saved.picture_url) {
      const image = await loadImage(saved.picture_url);
      const origin = state.origin || { x: 0, y: 0 };
      this.ed.doc.addLayer(surfaceFromImage(image), origin.x, origin.y);
    }
    this.savedVersion = this.ed.doc.version;
    this.savedState = saved.updated_at ? canonical(state) : null;
    this.setStatus("saved", saved.updated_at ? gettext("All changes saved") : "");
    return saved.updated_at ? state : null;
  }
}
