// The help popover, the save-to-gallery dialog and the gallery picker.
/* global gettext */
import { api } from "../jobs/client.js";
import { surfaceToBlob } from "../canvas/surface.js";

export function attachHelp() {
  const dialog = document.getElementById("ed-help");
  document.getElementById("ed-help-open").addEventListener("click", () => dialog.showModal());
  return () => (dialog.open ? dialog.close() : dialog.showModal());
}

export function attachSave(ed) {
  const dialog = document.getElementById("ed-save");
  const form = document.getElementById("ed-save-form");
  document.getElementById("ed-save-open").addEventListener("click", () => {
    if (ed.doc.isEmpty) return ed.fail({ code: "empty_canvas" });
    const title = document.getElementById("ed-save-title");
    if (!title.value) title.value = ed.panel.values().prompt.slice(0, 200);
    dialog.showModal();
  });
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "save") return;
    const flat = ed.doc.flatten();
    if (!flat) return;
    const visibility = form.elements.public.checked ? "public" : "private";
    try {
      const image = await api.saveImage(await surfaceToBlob(flat.canvas), form.elements.title.value.trim(),
        visibility, "canvas");
      ed.notify(gettext("Saved to your gallery."), "success");
      ed.lastSavedImage = image;
    } catch (error) {
      ed.fail(error);
    }
  });
}

// Lets the user pick one of their saved images; resolves to its file URL or null.
export function pickFromGallery(ed) {
  const dialog = document.getElementById("ed-picker");
  const grid = document.getElementById("ed-picker-grid");
  const empty = document.getElementById("ed-picker-empty");
  return new Promise((resolve) => {
    let chosen = null;
    grid.replaceChildren();
    api.images().then((images) => {
      empty.hidden = images.length > 0;
      for (const image of images) {
        const button = document.createElement("button");
        button.type = "button";
        const img = document.createElement("img");
        img.src = image.thumbnail_url || image.url || image.file_url;
        img.alt = image.title || gettext("Saved image");
        button.append(img);
        button.addEventListener("click", () => {
          chosen = image.url || image.file_url;
          dialog.close();
        });
        grid.append(button);
      }
    }, (error) => {
      ed.fail(error);
      dialog.close();
    });
    dialog.addEventListener("close", () => resolve(chosen), { once: true });
    dialog.showModal();
  });
}
