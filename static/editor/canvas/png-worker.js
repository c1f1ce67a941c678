// Encodes a picture to PNG off the page's thread, so autosaving a 4096² canvas never stalls
// painting: the page hands over an ImageBitmap (no pixel copy) and gets a Blob back.
self.onmessage = async ({ data: { id, bitmap } }) => {
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    bitmap.close();
    self.postMessage({ id, blob: await canvas.convertToBlob({ type: "image/png" }) });
  } catch (error) {
    self.postMessage({ id, error: String(error) });
  }
};
