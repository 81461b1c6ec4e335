// Searchable drop-downs (issue 12): a filter box before every <select data-searchable> and before every
// single select with more than MANY options (a province's 66 units). The select stays the real, native
// control — keyboard, screen readers and phones keep working as usual; the box only narrows its options.
// Without JavaScript the plain select remains. data-searchable="off" leaves a long select alone.
(function () {
  "use strict";
  var MANY = 20;
  var made = 0;

  function text(option) { return option.text.replace(/^[\s\u3000]+/, ""); }
  function key(s) { return s.toLowerCase().replace(/[\s\u3000]+/g, ""); }

  function labelText(select) {
    if (select.labels && select.labels.length) {
      var copy = select.labels[0].cloneNode(true); // without the controls inside an enclosing label
      Array.prototype.forEach.call(copy.querySelectorAll("select, input, textarea, .select-filter-status"), function (el) { el.remove(); });
      return copy.textContent.replace(/[*＊\s\u3000]+/g, " ").trim();
    }
    return select.getAttribute("aria-label") || "";
  }

  function enhance(select) {
    if (select.dataset.searchableReady || select.multiple || select.dataset.searchable === "off") return;
    if (!select.hasAttribute("data-searchable") && select.options.length <= MANY) return;
    select.dataset.searchableReady = "1";
    if (!select.id) select.id = "searchable-select-" + (++made);
    var name = labelText(select);
    // a select inside its <label>: the box comes first in that label, so name the select explicitly
    if (name && !select.hasAttribute("aria-label") && select.closest("label")) select.setAttribute("aria-label", name);
    var entries = Array.prototype.map.call(select.options, function (o) {
      return { option: o, parent: o.parentNode, key: key(text(o)) };
    });

    var box = document.createElement("input");
    box.type = "search";
    box.className = "select-filter";
    box.autocomplete = "off";
    box.placeholder = uiText("filterPlaceholder", "输入名称筛选");
    box.setAttribute("aria-label", uiText("filterLabel", "筛选{name}（回车选中第一项）", { name: name || uiText("filterOptions", "选项") }));
    box.setAttribute("aria-controls", select.id);
    var status = document.createElement("span");
    status.className = "select-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);

    var committed = select.value;

    function apply() {
      var q = key(box.value);
      var matches = q ? entries.filter(function (e) { return e.option.value !== "" && e.key.indexOf(q) !== -1; }) : entries;
      if (q && !matches.length) {
        status.textContent = uiText("filterNone", "没有名称包含“{q}”的选项", { q: box.value.trim() });
        return; // keep the list as it was: the user's current choice is not lost
      }
      var keep = new Set(matches);
      var current = select.value;
      entries.forEach(function (e) { if (e.option.parentNode) e.option.parentNode.removeChild(e.option); });
      entries.forEach(function (e) { if (keep.has(e)) e.parent.appendChild(e.option); });
      var stillThere = matches.some(function (e) { return e.option.value === current; });
      select.value = stillThere ? current : matches[0].option.value;
      status.textContent = q ? uiText("filterFound", "找到 {n} 项", { n: matches.length }) : "";
    }

    function commit() {
      if (select.value !== committed) {
        committed = select.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        e.preventDefault(); // choose, do not submit the form
        commit();
        select.focus();
      } else if (e.key === "ArrowDown") {
        e.preventDefault();
        select.focus();
      } else if (e.key === "Escape" && box.value) {
        e.preventDefault();
        e.stopPropagation();
        box.value = "";
        apply();
      }
    });
    box.addEventListener("blur", commit);
    select.addEventListener("change", function () { committed = select.value; });
  }

  function scan(root) {
    var selects = root.querySelectorAll ? root.querySelectorAll("select") : [];
    Array.prototype.forEach.call(selects, enhance);
  }

  scan(document);
  document.addEventListener("htmx:load", function (e) { scan(e.target); });
})();
