// "More tools": image+text fusion, mixing two images, variations. Inputs come from the view
// window, the gallery or a file; results go to the staging strip like any generation.
/* global gettext */
import { loadImage, surfaceFromImage, surfaceToBlob } from "../canvas/surface.js";
import { readPicture } from "./files.js";
import { pickFromGallery } from "./dialogs.js";

const SLOTS = { fusion: 1, mix: 2, variation: 1 };

export function attachToolsMenu(ed) {
  const dialog = document.getElementById("ed-tools");
  const form = document.getElementById("ed-tools-form");
  const slotsBox = document.getElementById("ed-slots");
  const note = document.getElementById("ed-tools-note");
  const template = document.getElementById("ed-slot-template");
  let images = [];

  function setSlot(i, canvas) {
    images[i] = canvas;
    const preview = slotsBox.children[i].querySelector(".ed-slot-preview");
    const shown = document.createElement("img");
    shown.src = canvas.toDataURL("image/png");
    shown.alt = "";
    preview.replaceChildren(shown);
  }

  function build() {
    const kind = form.elements.kind.value;
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
          if (input.files[0]) setSlot(i, await readPicture(input.files[0]));
        } catch (error) {
          ed.fail(error);
        }
        input.value = "";
      });
      slotsBox.append(slot);
    }
    note.textContent = {
      fusion: gettext("The picture is redrawn following the prompt from the panel."),
      mix: gettext("The two pictures are blended into new ones."),
      variation: gettext("New pictures in the spirit of this one."),
    }[kind];
    document.getElementById("ed-mix-weight-row").hidden = kind !== "mix";
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "kind") build();
  });
  document.getElementById("ed-tools-open").addEventListener("click", () => {
    build();
    dialog.showModal();
  });
  dialog.addEventListener("close", async () => {
    if (dialog.returnValue !== "run") return;
    const kind = form.elements.kind.value;
    if (images.some((image) => !image)) return ed.fail({ code: "need_images" });
    const weight = Number(document.getElementById("ed-mix-weight").value);
    const chosen = [...images];
    ed.submit(kind, async () => {
      const blobs = await Promise.all(chosen.map(surfaceToBlob));
      return kind === "mix" ? { images: blobs, weights: [1 - weight, weight].join(",") } : { image: blobs[0] };
    });
  });
}
