// The editor page: builds the pieces and wires them together. Each concern lives in its own
// module (canvas/, tools/, jobs/, ui/); this file only connects them.
/* global gettext */
import { Doc } from "./canvas/layers.js";
import { Frame } from "./canvas/frame.js";
import { View } from "./canvas/view.js";
import { loadImage, surfaceFromImage } from "./canvas/surface.js";
import { History } from "./history.js";
import { detectMode } from "./mode.js";
import { Autosave } from "./autosave.js";
import { api } from "./jobs/client.js";
import { JobSocket } from "./jobs/socket.js";
import { JobTracker } from "./jobs/tracker.js";
import { JobRunner } from "./jobs/runner.js";
import { attachPointer } from "./tools/pointer.js";
import { handTool } from "./tools/hand.js";
import { brushTool } from "./tools/brush.js";
import { windowTool } from "./tools/window.js";
import { createPanel } from "./ui/panel.js";
import { createProgress } from "./ui/progress.js";
import { createStaging } from "./ui/staging.js";
import { createToasts } from "./ui/toasts.js";
import { messageFor } from "./ui/messages.js";
import { attachFiles } from "./ui/files.js";
import { attachHelp, attachSave } from "./ui/dialogs.js";
import { attachToolsMenu } from "./ui/tools-menu.js";
import { attachShortcuts } from "./ui/shortcuts.js";
import { attachConflict } from "./ui/conflict.js";
import { attachActionBar } from "./ui/actionbar.js";

const root = document.getElementById("editor");
const canvas = document.getElementById("ed-view");
const ed = { doc: new Doc(), frame: new Frame(), brushSize: 48, mode: "text2img" };
ed.view = new View(canvas, ed.doc, ed.frame);
ed.notify = createToasts(document.getElementById("ed-toasts"));
ed.fail = (error) => {
  if (error && !error.code && !(error instanceof Error)) error = { code: String(error) };
  ed.notify(messageFor(error), "error");
};
ed.panel = createPanel(ed);
ed.staging = createStaging(ed);
ed.autosave = new Autosave(ed);

ed.history = new History(
  ed.doc,
  () => ed.frame.toJSON(),
  (frame) => {
    ed.frame.set(frame, frame.aspect);
    refresh(true);
  },
);

// The "start here" hint would cover a live preview or a staged result on an empty canvas.
function updateEmptyHint() {
  document.getElementById("ed-empty-hint").hidden = !ed.doc.isEmpty || !!ed.view.preview;
}

ed.updateEmptyHint = updateEmptyHint;

let modeTimer = null;
function refresh(save) {
  ed.view.render();
  ed.panel.showFrame(ed.frame);
  updateEmptyHint();
  clearTimeout(modeTimer);
  modeTimer = setTimeout(() => {
    ed.mode = detectMode(ed.doc, ed.frame.rect);
    root.dataset.mode = ed.mode;
    ed.panel.showMode(ed.mode);
  }, 60);
  if (save) ed.autosave.schedule();
}

// Every change goes through one of these; `commit` makes it an undo step.
ed.pixelsChanged = (commit) => {
  if (commit) ed.history.commit();
  refresh(commit);
};
ed.frameChanged = (commit) => {
  if (commit) ed.history.commit();
  refresh(commit);
};
ed.settingsChanged = () => ed.autosave.schedule();

ed.fitView = () => {
  const bounds = ed.doc.bounds();
  const win = ed.frame.rect;
  ed.view.fit(bounds ? unionOf(bounds, win) : win);
};
function unionOf(a, b) {
  const x = Math.min(a.x, b.x), y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

// A new picture goes where the window is (centred on it), so Generate acts on it next.
ed.placePicture = (picture) => {
  const win = ed.frame.rect;
  const x = Math.round(win.x + (win.w - picture.width) / 2);
  const y = Math.round(win.y + (win.h - picture.height) / 2);
  const layer = ed.doc.addLayer(picture, x, y);
  ed.pixelsChanged(true);
  ed.fitView();
  return layer;
};

const tools = {
  window: windowTool(ed),
  hand: handTool(ed),
  eraser: brushTool(ed, "eraser"),
  restore: brushTool(ed, "restore"),
};
ed.setTool = (name) => {
  ed.tool = tools[name];
  root.dataset.tool = name;
  canvas.style.cursor = ed.tool.cursor;
  if (name !== "eraser" && name !== "restore") ed.view.cursor = null;
  for (const button of document.querySelectorAll("[data-tool-button]")) {
    button.classList.toggle("is-active", button.dataset.toolButton === name);
    button.setAttribute("aria-pressed", String(button.dataset.toolButton === name));
  }
};
// fromModel: the default for this model's picture size, which a size the user chose outlives.
ed.setBrushSize = (size, fromModel = false) => {
  if (!fromModel) ed.brushChosen = true;
  ed.brushSize = Math.max(4, Math.min(256, Math.round(size)));
  document.getElementById("ed-brush-size").value = ed.brushSize;
  document.getElementById("ed-brush-size-out").textContent = ed.brushSize;
};
document.getElementById("ed-brush-size").addEventListener("input", (e) => ed.setBrushSize(Number(e.target.value)));
for (const button of document.querySelectorAll("[data-tool-button]")) {
  button.addEventListener("click", () => ed.setTool(button.dataset.toolButton));
}

// View controls.
const zoomOut = document.getElementById("ed-zoom-level");
ed.view.onChange((view) => {
  zoomOut.textContent = Math.round(view.zoom * 100) + "%";
  ed.settingsChanged();
});
document.getElementById("ed-zoom-in").addEventListener("click", () => ed.view.zoomStep(1));
document.getElementById("ed-zoom-out").addEventListener("click", () => ed.view.zoomStep(-1));
document.getElementById("ed-zoom-fit").addEventListener("click", () => ed.fitView());
const undoButton = document.getElementById("ed-undo");
const redoButton = document.getElementById("ed-redo");
undoButton.addEventListener("click", () => ed.history.undo());
redoButton.addEventListener("click", () => ed.history.redo());
ed.history.onChange((history) => {
  undoButton.disabled = !history.canUndo;
  redoButton.disabled = !history.canRedo;
});
undoButton.disabled = redoButton.disabled = true;

document.getElementById("ed-new").addEventListener("click", () => {
  if (!window.confirm(gettext("Clear the canvas? You can undo this."))) return;
  ed.doc.clear();
  ed.pixelsChanged(true);
  ed.fitView(); // the zoom of a big cleared picture would leave the window a few pixels wide
});

// Jobs: socket notifications, HTTP as the source of truth.
let tracker = null;
const socket = new JobSocket(root.dataset.wsPath, {
  onMessage: (message) => tracker && tracker.handle(message),
  onOpen: () => tracker && tracker.resync(),
  onStatus: (status) => {
    root.dataset.socket = status;
    if (status === "unauthenticated") ed.fail({ code: "unauthenticated_socket" });
  },
});
tracker = new JobTracker(socket);
ed.socket = socket;
ed.runner = new JobRunner(ed, tracker);
ed.progress = createProgress(() => ed.runner.cancel());
ed.showPreview = (preview) => {
  ed.view.preview = preview;
  if (!preview) ed.staging.refresh();
  updateEmptyHint();
  ed.view.render();
};
ed.generate = () => ed.runner.generate(ed.mode);
ed.submit = (kind, extra) => ed.runner.submit(kind, extra);

attachPointer(ed, canvas);
attachFiles(ed);
attachSave(ed);
attachToolsMenu(ed);
attachConflict(ed);
attachActionBar(root);
attachShortcuts(ed, attachHelp());
ed.setTool("window");
ed.setBrushSize(48, true);

// The model's limits: a 503 means no worker has loaded it yet, so ask again a little later.
async function loadModelInfo(retries = 20, late = false) {
  try {
    const info = await api.models();
    ed.frame.setLimits(info);
    ed.panel.setLimits(info);
    ed.panel.setExamples(info);
    // 3/16 of the default side (48 px at tiny's 256²): a 48 px brush would wipe most of nano's 64².
    if (!ed.brushChosen && info.default_size) ed.setBrushSize((info.default_size * 3) / 16, true);
    if (late) fitFrameToLimits();
    return info;
  } catch (error) {
    if (retries > 0 && (error.status === 503 || error.status === 0)) {
      setTimeout(() => loadModelInfo(retries - 1, true), 5000);
    }
    return null;
  }
}

// Limits that arrive after start() placed the window with the fallback ones (the model was
// still loading): the window takes the model's size for its preset, or snaps into its range.
function fitFrameToLimits() {
  ed.frame.fitLimits();
  ed.frameChanged(false);
  if (ed.doc.isEmpty) ed.fitView();
}

async function start() {
  const [, styles] = await Promise.all([loadModelInfo(), api.styles().catch(() => [])]);
  ed.panel.setStyles(styles);
  ed.frame.setAspect("1:1");
  ed.frame.moveTo(0, 0);
  const state = await restoreSaved();
  const opened = await openFromQuery();
  ed.history.reset();
  refresh(false);
  // A picture just opened is what is shown, not the whole canvas it joined (a 256² picture on a
  // 4096² canvas would be a few pixels wide); Fit shows everything.
  if (opened) ed.view.fit(unionOf(opened.rect, ed.frame.rect));
  else showSavedView(state);
  ed.autosave.settle();
  ed.runner.resume(ed.frame.rect).catch(() => {});
  root.dataset.ready = "true";
}

// The autosaved picture, window and form onto the (empty) canvas; the saved state or null.
async function restoreSaved() {
  let state = null;
  try {
    state = await ed.autosave.load();
  } catch (error) {
    ed.fail(error);
  }
  if (state) {
    if (state.window) {
      ed.frame.set(state.window, state.window.aspect || "");
      ed.frame.fitLimits(); // saved under another model (tiny's 256², say): nano's is 64²
    }
    ed.panel.setValues(state.form || {});
  }
  await ed.staging.restore(state && state.staging);
  return state;
}

// The saved zoom and pan, when they were made for a screen of this size; else a fitted view
// (a desktop's 270 % would leave the window off-screen on a tablet).
function showSavedView(state) {
  const size = ed.view.size();
  if (state && state.view && state.view.width === size.width && state.view.height === size.height) {
    ed.view.zoom = state.view.zoom;
    ed.view.panX = state.view.panX;
    ed.view.panY = state.view.panY;
    ed.view.changed();
  } else {
    ed.fitView();
  }
}

// "Load the other version" after a conflict: this tab's canvas is replaced by the saved one.
ed.reloadCanvas = async () => {
  ed.doc.clear();
  const state = await restoreSaved();
  ed.history.reset();
  refresh(false);
  showSavedView(state);
  ed.autosave.settle();
};

// /editor/?image=<id> opens a saved picture; ?remix=<id> takes its prompt, style and seed.
// The layer of the picture put on the canvas, else null.
async function openFromQuery() {
  const query = new URLSearchParams(location.search);
  let opened = null;
  try {
    if (query.get("image")) {
      const image = await loadImage("/files/" + encodeURIComponent(query.get("image")) + "/");
      opened = ed.placePicture(surfaceFromImage(image));
    }
    if (query.get("remix")) {
      const image = await api.galleryImage(query.get("remix"));
      const params = image.params || {};
      ed.panel.setValues({ prompt: params.prompt, negative_prompt: params.negative_prompt, style: params.style });
      ed.panel.seed.setOnce(params.seed);
      ed.autosave.schedule();
    }
  } catch (error) {
    ed.fail(error.code ? error : { code: "not_found" });
  }
  if (query.has("image") || query.has("remix")) history.replaceState(null, "", location.pathname);
  return opened;
}

// Tests and power users reach the editor through this handle (read-only use intended).
window.kstudio = ed;
start();
