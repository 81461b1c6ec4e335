// The to-do count in the top bar (stats/_todo_badge.html): fetched after the page has loaded, so that
// no page pays for the to-do queries. The answer is our own escaped HTML fragment.
document.addEventListener("DOMContentLoaded", function () {
  const link = document.querySelector("[data-todo-badge]");
  if (!link) return;
  fetch(link.dataset.todoBadge, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
    .then(function (r) { return r.ok ? r.text() : ""; })
    .then(function (html) { if (html) link.insertAdjacentHTML("beforeend", html); })
    .catch(function () {});
});
