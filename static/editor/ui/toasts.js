// Short-lived notices. Errors stay longer and can be dismissed; the canvas is never touched.
/* global gettext */

export function createToasts(root) {
  return function show(message, kind = "error") {
    const item = document.createElement("div");
    item.className = "ed-toast ed-toast-" + kind;
    item.dataset.kind = kind;
    const text = document.createElement("span");
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", gettext("Dismiss"));
    close.addEventListener("click", () => item.remove());
    item.append(text, close);
    root.append(item);
    setTimeout(() => item.remove(), kind === "error" ? 12000 : 4000);
  };
}
