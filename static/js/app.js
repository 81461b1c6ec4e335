// the page's texts in its language (partials/ui_text.html); the Chinese when the element is absent
function uiText(key, fallback, values) {
  var el = document.getElementById("ui-text");
  var text = (el && el.dataset[key]) || fallback;
  Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
  return text;
}
// Small progressive enhancements; every page works without them.
document.addEventListener("click", function (e) {
  const el = e.target.closest("[data-confirm]");
  if (el && !window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); e.stopPropagation(); }
});
// No inline script anywhere (Content-Security-Policy: script-src 'self'): behaviour hangs on data attributes.
document.addEventListener("click", function (e) {
  if (e.defaultPrevented) return;
  if (e.target.closest("[data-print]")) { e.preventDefault(); window.print(); }
});
document.addEventListener("change", function (e) {
  const el = e.target.closest("[data-autosubmit]");
  if (el && el.form) el.form.submit();
});
// Phone menu drawer (#nav-toggle checkbox): closes on Esc and on a tap outside the menu.
(function () {
  function toggle() { return document.getElementById("nav-toggle"); }
  document.addEventListener("keydown", function (e) {
    const t = toggle();
    if (e.key === "Escape" && t && t.checked) { t.checked = false; }
  });
  document.addEventListener("click", function (e) {
    const t = toggle();
    if (!t || !t.checked) return;
    if (e.target.closest(".sidebar") || e.target.closest(".nav-toggle") || e.target === t) return;
    t.checked = false;
  });
})();
