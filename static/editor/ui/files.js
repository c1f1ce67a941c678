// Getting pictures in (file picker, drag-and-drop) and out (PNG download).
/* global gettext, interpolate */
import { surfaceFromBlob, surfaceToBlob, createSurface } from "../canvas/surface.js";

const ACCEPTED = ["image/png", "image/jpeg", "image/webp"];
const MAX_SIDE = 4096; // larger uploads are scaled down so the editor stays responsive

// `tell` gets a translated notice when the picture was scaled down: never silently (issue 9.12).
export async function readPicture(file, tell = () => {}) {
  if (!ACCEPTED.includes(file.type)) throw Object.assign(new Error(), { code: "unsupported_file" });
  let canvas;
  try {
    canvas = await surfaceFromBlob(file);
  } catch {
    throw Object.assign(new Error(), { code: "image_load_failed" });
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(canvas.width, canvas.height));
  if (scale === 1) return canvas;
  const small = createSurface(canvas.width * scale, canvas.height * scale);
  small.getContext("2d").drawImage(canvas, 0, 0, small.width, small.height);
  tell(interpolate(gettext("The picture was scaled down from %(from)s to %(to)s pixels: the editor takes at most %(max)s pixels per side."), {
    from: canvas.width + "×" + canvas.height, to: small.width + "×" + small.height, max: MAX_SIDE,
  }, true));
  return small;
}

export function attachFiles(ed) {
  const input = document.getElementById("ed-upload");
  const stage = document.getElementById("ed-stage");
  const hint = document.getElementById("ed-drop-hint");

  async function open(file) {
    try {
      ed.placePicture(await readPicture(file, (notice) => ed.notify(notice, "info")));
    } catch (error) {
      ed.fail(error);
    }
  }

  input.addEventListener("change", () => {
    if (input.files[0]) open(input.files[0]);
    input.value = "";
  });
  stage.addEventListener("dragover", (event) => {
    event.preventDefault();
    hint.hidden = false;
  });
  stage.addEventListener("dragleave", (event) => {
    if (!stage.contains(event.relatedTarget)) hint.hidden = true;
  });
  stage.addEventListener("drop", (event) => {
    event.preventDefault();
    hint.hidden = true;
    const file = event.dataTransfer.files[0];
    if (file) open(file);
  });

  document.getElementById("ed-download").addEventListener("click", async () => {
    const flat = ed.doc.flatten();
    if (!flat) return ed.fail({ code: "empty_canvas" });
    const url = URL.createObjectURL(await surfaceToBlob(flat.canvas));
    const link = document.createElement("a");
    link.href = url;
    link.download = gettext("kandinsky-picture") + ".png";
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}
