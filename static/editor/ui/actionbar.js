// The bar with progress and Generate. On narrow screens it is fixed along the bottom of the
// window; its height (it grows while a job runs) keeps the page end and the toasts above it.

export function attachActionBar(root) {
  const bar = document.getElementById("ed-actionbar");
  const update = () => root.style.setProperty("--ed-bar-h", bar.offsetHeight + "px");
  new ResizeObserver(update).observe(bar);
  update();
}
