// "More tools": image+text fusion, mixing two images, variations. Inputs come from the view
// window, the gallery or a file; results go to the staging strip like any generation.
// Fusion follows a prompt, shown and editable in the dialog (it is the panel's); mixing and
// variations use no prompt or style, and the dialog says so. Run checks before closing, so a
// refusal never costs the chosen pictures.
/* global gettext, interpolate */
import { loadImage, surfaceFromImage, surfaceToBlob } from "../canvas/surface.js";
import { readPicture } from "./files.js";
import { pickFromGallery } from "./dialogs.js";
import { messageFor } from "./messages.js";
import { usesPrompt } from "../jobs/runner.js";

const SLOTS = { fusion: 1, mix: 2, variation: 1 };

export function attachToolsMenu(ed) {
  const dialog = document.getElementById("ed-tools");
  const form = document.getElementById("ed-tools-form");
  const slotsBox = document.getElementById("ed-slots");
  const note = document.getElementById("ed-tools-note");
  const template = document.getElementById("ed-slot-template");
  const promptRow = document.getElementById("ed-tools-prompt-row");
  const prompt = document.getElementById("ed-tools-prompt");
  const styleNote = document.getElementById("ed-tools-style");
  const errorBox = document.getElementById("ed-tools-error");
  let images = [];
  let builtKind = null; // the chosen pictures stay while the kind stays, across openings

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }

  function setSlot(i, canvas) {
    images[i] = canvas;
    showError("");
    const preview = slotsBox.children[i].querySelector(".ed-slot-preview");
    const shown = document.createElement("img");
    shown.src = canvas.toDataURL("image/png");
    shown.alt = "";
    preview.replaceChildren(shown);
  }

  function build() {
    const kind = form.elements.kind.value;
    builtKind = kind;
    images = new Array(SLOTS[kind]).fill(null);
    slotsBox.replaceChildren();
    for (let i = 0; i < SLOTS[kind]; i++) {
      const slot = template.content.firstElementChild.cloneNode(true);
      slot.querySelector('[data-source="window"]').addEventListener("click", () => {
        if (ed.doc.isEmpty) return ed.fail({ code: "empty_canvas" });
        setSlot(i, ed.doc.crop(ed.frame.rect));
      });
      slot.querySelector('[data-source="gallery"]').addEventListener("click", async () => {
        const url = await pickFromGallery(ed);
        if (!url) return;
        try {
          setSlot(i, surfaceFromImage(await loadImage(url)));
        } catch (error) {
          ed.fail(error.code ? error : { code: "image_load_failed" });
        }
      });
      const input = slot.querySelector("input[type=file]");
      input.addEventListener("change", async () => {
        try {
          if (input.files[0]) setSlot(i, await readPicture(input.files[0], (notice) => ed.notify(notice, "info")));
        } catch (error) {
          ed.fail(error);
        }
        input.value = "";
      });
      slotsBox.append(slot);
    }
    document.getElementById("ed-mix-weight-row").hidden = kind !== "mix";
    describe();
  }

  // What the chosen kind takes from the panel, in words (and the prompt itself, for fusion).
  function describe() {
    const kind = form.elements.kind.value;
    const notUsed = gettext("The prompt and style from the panel are not used.");
    note.textContent = {
      fusion: gettext("The picture is redrawn following this prompt (the panel's prompt)."),
      mix: gettext("The two pictures are blended into new ones.") + " " + notUsed,
      variation: gettext("New pictures in the spirit of this one.") + " " + notUsed,
    }[kind];
    promptRow.hidden = !usesPrompt(kind);
    const style = document.getElementById("ed-style");
    styleNote.textContent = style.value
      ? interpolate(gettext("Style: %s (from the panel)."), [style.selectedOptions[0].textContent])
      : gettext("Style: none (choose one in the panel).");
    showError("");
  }

  // The reason Run cannot go ahead, or null.
  function problem(kind) {
    if (images.some((image) => !image)) return messageFor({ code: "need_images" });
    if (kind === "fusion" && !prompt.value.trim()) return gettext("Write a prompt: fusion redraws the picture following it.");
    return null;
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") build();
  });
  document.getElementById("ed-tools-open").addEventListener("click", () => {
    if (form.elements.kind.value !== builtKind) build();
    else describe();
    prompt.value = ed.panel.values().prompt;
    dialog.returnValue = ""; // Escape keeps the last one: it must not run the tool again
    dialog.showModal();
  });
  form.addEventListener("submit", (event) => {
    if (!event.submitter || event.submitter.value !== "run") return;
    const reason = problem(form.elements.kind.value);
    if (!reason) return;
    event.preventDefault(); // the dialog stays open, with its pictures
    showError(reason);
    (form.elements.kind.value === "fusion" && images.every(Boolean) ? prompt : errorBox).focus();
  });
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "run") return;
    const kind = form.elements.kind.value;
    if (problem(kind)) return; // closed some other way than the checked Run button
    if (usesPrompt(kind)) ed.panel.setPrompt(prompt.value.trim());
    const weight = Number(document.getElementById("ed-mix-weight").value);
    const chosen = [...images];
    ed.submit(kind, async () => {
      const blobs = await Promise.all(chosen.map(surfaceToBlob));
      return kind === "mix" ? { images: blobs, weights: [1 - weight, weight].join(",") } : { image: blobs[0] };
    });
  });
}
