// The staging strip: results wait here until the user accepts one (onto the canvas or as a
// new layer) or discards it. The current candidate is shown in place, inside its window.
// The strip is part of the autosaved state (result URLs and places), so a reload keeps it.
// On the server every result is the job's history; accepting or Keep puts it in My gallery,
// Discard deletes one never kept (a kept one only leaves the strip).
/* global gettext, pgettext, interpolate */
import { loadImage, surfaceFromImage } from "../canvas/surface.js";
import { api } from "../jobs/client.js";

export function createStaging(ed) {
  const box = document.getElementById("ed-staging");
  const strip = document.getElementById("ed-staging-strip");
  const count = document.getElementById("ed-stage-count");
  const keepButton = document.getElementById("ed-stage-keep");
  let items = []; // {canvas, rect, url, id, kept}
  let index = 0;

  function render() {
    box.hidden = items.length === 0;
    strip.replaceChildren(...items.map((item, i) => {
      const thumb = document.createElement("button");
      thumb.type = "button";
      thumb.className = "ed-thumb" + (i === index ? " is-current" : "") + (item.kept ? " is-kept" : "");
      thumb.setAttribute("aria-label", interpolate(gettext("Result %s"), [i + 1]));
      const img = document.createElement("img");
      img.src = item.url;
      img.alt = "";
      thumb.append(img);
      thumb.addEventListener("click", () => select(i));
      return thumb;
    }));
    count.textContent = items.length ? interpolate(gettext("%(n)s of %(total)s"), { n: index + 1, total: items.length }, true) : "";
    const current = items[index];
    keepButton.disabled = !current || !current.id || current.kept;
    keepButton.textContent = current && current.kept ? pgettext("staging", "Kept") : pgettext("staging", "Keep");
    ed.view.preview = current ? { image: current.canvas, rect: current.rect } : null;
    ed.view.render();
    ed.updateEmptyHint();
  }

  function select(i) {
    if (!items.length) return;
    index = (i + items.length) % items.length;
    render();
  }

  function take() {
    const item = items[index];
    items.splice(index, 1);
    index = Math.min(index, Math.max(0, items.length - 1));
    return item;
  }

  // Failures are told, not thrown: the canvas already has the picture either way.
  function keep(item) {
    if (!item || !item.id || item.kept) return Promise.resolve();
    item.kept = true;
    return api.keepImage(item.id).catch((error) => {
      item.kept = false;
      ed.fail(error);
    });
  }

  function discard(item) {
    if (!item || !item.id || item.kept) return;
    api.discardImage(item.id).catch((error) => {
      // Gone already, or kept meanwhile (another tab): nothing to delete.
      if (error.code !== "not_found" && error.code !== "image_kept") ed.fail(error);
    });
  }

  document.getElementById("ed-stage-prev").addEventListener("click", () => select(index - 1));
  document.getElementById("ed-stage-next").addEventListener("click", () => select(index + 1));
  document.getElementById("ed-stage-accept").addEventListener("click", () => {
    const item = take();
    if (!item) return;
    keep(item);
    ed.doc.placeOnTop(item.canvas, item.rect);
    items = []; // accepting one result closes the set, as in the reference editors
    render();
    ed.pixelsChanged(true);
  });
  document.getElementById("ed-stage-layer").addEventListener("click", () => {
    const item = take();
    if (!item) return;
    keep(item);
    ed.doc.addLayer(item.canvas, item.rect.x, item.rect.y);
    items = [];
    render();
    ed.pixelsChanged(true);
  });
  keepButton.addEventListener("click", async () => {
    const item = items[index];
    if (!item) return;
    await keep(item);
    if (item.kept) ed.notify(gettext("Kept in My gallery."), "info");
    render();
    ed.settingsChanged();
  });
  document.getElementById("ed-stage-discard").addEventListener("click", () => {
    discard(take());
    render();
    ed.settingsChanged();
  });
  for (const id of ["ed-stage-prev", "ed-stage-next"]) {
    document.getElementById(id).addEventListener("click", () => ed.settingsChanged());
  }

  return {
    add(candidates) {
      items.push(...candidates);
      index = items.length - candidates.length;
      render();
      box.closest(".ed-panel").scrollTop = 0; // results sit at the top of the panel
      ed.settingsChanged();
    },
    toJSON() {
      return { index, items: items.map(({ url, rect, id, kept }) => ({ url, rect, id: id || null, kept: Boolean(kept) })) };
    },
    // Puts a saved strip back; results that can no longer be loaded (deleted) are left out.
    async restore(saved) {
      const list = saved && Array.isArray(saved.items) ? saved.items : [];
      const loaded = await Promise.all(list.map(async (item) => {
        try {
          const image = await loadImage(item.url);
          return { ...item, canvas: surfaceFromImage(image, item.rect.w, item.rect.h) };
        } catch {
          return null;
        }
      }));
      items = loaded.filter(Boolean);
      index = Math.min(Math.max(0, Number(saved && saved.index) || 0), Math.max(0, items.length - 1));
      render();
    },
    refresh: render,
    get size() {
      return items.length;
    },
  };
}
