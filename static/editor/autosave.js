// Autosave to /api/v1/canvas/: the flattened picture (only when pixels changed) plus the
// window, view and form as JSON. Debounced; the status line says when it is saved.
/* global gettext */
import { api } from "./jobs/client.js";
import { loadImage, surfaceFromImage, surfaceToBlob } from "./canvas/surface.js";

const DELAY_MS = 1000;

export class Autosave {
  constructor(ed) {
    this.ed = ed;
    this.timer = null;
    this.savedVersion = null;
    this.running = null;
    this.again = false;
    this.status = document.getElementById("ed-save-state");
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  schedule() {
    clearTimeout(this.timer);
    this.setStatus("pending", gettext("Unsaved changes"));
    this.timer = setTimeout(() => this.flush(), DELAY_MS);
  }

  state() {
    const { ed } = this;
    const flat = ed.doc.bounds();
    return {
      version: 1,
      origin: flat ? { x: flat.x, y: flat.y } : null,
      window: ed.frame.toJSON(),
      view: { zoom: ed.view.zoom, panX: ed.view.panX, panY: ed.view.panY },
      form: ed.panel.values(),
    };
  }

  async flush() {
    clearTimeout(this.timer);
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
    const form = new FormData();
    form.append("state", JSON.stringify(this.state()));
    const version = ed.doc.version;
    if (version !== this.savedVersion) {
      const flat = ed.doc.flatten();
      if (flat) form.append("picture", await surfaceToBlob(flat.canvas), "canvas.png");
      else form.append("clear_picture", "1");
    }
    this.setStatus("saving", gettext("Saving…"));
    try {
      await api.saveCanvas(form);
      this.savedVersion = version;
      this.setStatus(this.timer && this.again ? "pending" : "saved", gettext("All changes saved"));
    } catch (error) {
      this.setStatus("error", gettext("Not saved"));
      ed.fail(error);
    }
  }

  // Restores the saved canvas; returns the saved state (or null when there is none).
  async load() {
    const saved = await api.canvas();
    const state = saved.state || {};
    if (saved.picture_url) {
      const image = await loadImage(saved.picture_url);
      const origin = state.origin || { x: 0, y: 0 };
      this.ed.doc.addLayer(surfaceFromImage(image), origin.x, origin.y);
    }
    this.savedVersion = this.ed.doc.version;
    this.setStatus("saved", saved.updated_at ? gettext("All changes saved") : "");
    return saved.updated_at ? state : null;
  }
}
