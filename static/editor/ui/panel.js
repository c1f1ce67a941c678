// The generation panel: prompt, negative prompt, style, aspect presets, advanced settings
// and the mode line that says what Generate will do.
/* global gettext */
import { modeLabel } from "./messages.js";
import { createSeed } from "./seed.js";

const FIELDS = ["prompt", "negative_prompt", "style", "seed", "steps", "guidance_scale", "num_images", "strength"];

export function createPanel(ed) {
  const form = document.getElementById("ed-form");
  const modeBox = document.getElementById("ed-mode");
  const sizeOut = document.getElementById("ed-window-size");
  const styleSelect = document.getElementById("ed-style");
  const field = (name) => form.elements[name] || document.getElementById("ed-" + name);
  const seed = createSeed(ed);
  // The strength slider stays at the model's default_strength until the user sets it (a
  // saved form restores a strength only the user chose).
  let strengthChosen = false;
  let defaultStrength = null;
  const showDefaultStrength = () => {
    if (defaultStrength && !strengthChosen) field("strength").value = defaultStrength;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ed.generate();
  });
  form.addEventListener("input", () => ed.settingsChanged());
  document.getElementById("ed-strength").addEventListener("input", () => {
    strengthChosen = true;
    ed.settingsChanged();
  });
  for (const button of document.querySelectorAll("[data-aspect]")) {
    button.addEventListener("click", () => {
      ed.frame.setAspect(button.dataset.aspect);
      ed.frameChanged(true);
    });
  }

  return {
    values() {
      const out = {};
      for (const name of FIELDS) out[name] = field(name) ? field(name).value.trim() : "";
      out.seed_pinned = seed.pinned;
      out.strength_chosen = strengthChosen;
      return out;
    },
    setValues(values) {
      for (const name of FIELDS) {
        if (values && values[name] !== undefined && values[name] !== null && field(name)) field(name).value = values[name];
      }
      // Saved before strength_chosen existed: chosen when it is not the old fixed default.
      if (values && values.strength) {
        strengthChosen = values.strength_chosen ?? String(values.strength) !== "0.5";
      }
      showDefaultStrength();
      seed.setPinned(values && values.seed_pinned);
    },
    seed,
    setPrompt(text) {
      if (field("prompt").value === text) return;
      field("prompt").value = text;
      ed.settingsChanged();
    },
    setStyles(styles) {
      for (const style of styles) {
        const option = new Option(style.name, style.slug);
        styleSelect.append(option);
      }
    },
    // The backend's example prompts in the page's language (English when it has none in it);
    // a click puts one in the prompt field. Nothing is shown for a model without examples.
    setExamples(info) {
      const byLanguage = (info && info.examples) || {};
      const language = (document.documentElement.lang || "en").split("-")[0];
      const prompts = byLanguage[language] || byLanguage.en || [];
      const list = document.getElementById("ed-examples-list");
      list.replaceChildren(...prompts.map((text) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "ed-example";
        button.textContent = text;
        button.title = gettext("Put this prompt in the prompt field");
        button.addEventListener("click", () => {
          this.setPrompt(text);
          field("prompt").focus();
        });
        return button;
      }));
      document.getElementById("ed-examples").hidden = prompts.length === 0;
    },
    setLimits(info) {
      if (info.max_steps) field("steps").max = info.max_steps;
      if (info.default_steps && !field("steps").value) field("steps").placeholder = info.default_steps;
      if (info.max_images) field("num_images").max = info.max_images;
      defaultStrength = info.default_strength || null;
      showDefaultStrength();
    },
    showMode(mode) {
      modeBox.dataset.mode = mode;
      modeBox.textContent = modeLabel(mode);
      document.getElementById("ed-strength-row").hidden = mode !== "fusion";
    },
    showFrame(frame) {
      sizeOut.textContent = frame.rect.w + " × " + frame.rect.h;
      for (const button of document.querySelectorAll("[data-aspect]")) {
        button.classList.toggle("is-active", button.dataset.aspect === frame.aspect);
      }
    },
    setBusy(busy) {
      const button = document.getElementById("ed-generate");
      button.disabled = busy;
      button.setAttribute("aria-busy", String(busy));
      if (!button.dataset.label) button.dataset.label = button.textContent;
      button.textContent = busy ? gettext("Generating…") : button.dataset.label;
    },
  };
}
