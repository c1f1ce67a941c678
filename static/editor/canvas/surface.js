// Small helpers for offscreen canvases: the one pixel container every module passes around.

export function createSurface(width, height) {
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(width));
  canvas.height = Math.max(1, Math.round(height));
  return canvas;
}

export function cloneSurface(source) {
  const copy = createSurface(source.width, source.height);
  copy.getContext("2d").drawImage(source, 0, 0);
  return copy;
}

export function surfaceFromImage(image, width = image.naturalWidth || image.width, height = image.naturalHeight || image.height) {
  const canvas = createSurface(width, height);
  canvas.getContext("2d").drawImage(image, 0, 0, width, height);
  return canvas;
}

export function loadImage(src) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("image_load_failed"));
    image.src = src;
  });
}

export async function surfaceFromBlob(blob) {
  const url = URL.createObjectURL(blob);
  try {
    return surfaceFromImage(await loadImage(url));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function surfaceToBlob(canvas) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("encode_failed"))), "image/png");
  });
}

// PNG of a canvas, encoded in a worker where the browser has OffscreenCanvas (else toBlob, which
// the browser also encodes asynchronously). The canvas may be changed once this returns.
let worker = null;
let nextJob = 0;
const waiting = new Map();

export async function encodePng(canvas) {
  if (typeof OffscreenCanvas === "undefined" || typeof Worker === "undefined") return surfaceToBlob(canvas);
  if (!worker) {
    worker = new Worker(new URL("./png-worker.js", import.meta.url));
    worker.onmessage = ({ data }) => {
      const job = waiting.get(data.id);
      waiting.delete(data.id);
      if (data.blob) job.resolve(data.blob);
      else job.reject(new Error("encode_failed"));
    };
  }
  const bitmap = await createImageBitmap(canvas);
  const id = ++nextJob;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker.postMessage({ id, bitmap }, [bitmap]);
  });
}
