// What Generate does depends on what the window frames: nothing → text2img; partly outside
// the picture → outpaint; erased (transparent) pixels inside the picture → inpaint; a fully
// covered window → fusion (redraw it with the prompt).

const HOLE_ALPHA = 128; // below this a pixel counts as missing

export function detectMode(doc, rect) {
  const bounds = doc.bounds();
  if (!bounds || !overlaps(bounds, rect)) return "text2img";
  const data = doc.crop(rect).getContext("2d", { willReadFrequently: true }).getImageData(0, 0, rect.w, rect.h).data;
  let holes = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] < HOLE_ALPHA) holes++;
  const pixels = rect.w * rect.h;
  if (holes === pixels) return "text2img";
  if (holes === 0) return "fusion";
  const inside = rect.x >= bounds.x && rect.y >= bounds.y && rect.x + rect.w <= bounds.x + bounds.w && rect.y + rect.h <= bounds.y + bounds.h;
  return inside ? "inpaint" : "outpaint";
}

function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
