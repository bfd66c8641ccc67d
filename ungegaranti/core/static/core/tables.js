/* Tables on a phone (see site.css, "table.stack"): each body cell gets its column's name as
   data-label, and the table the class "stack", so that under 40rem every row reads as a small
   card. Explicit ARIA roles keep the table's semantics when CSS displays its parts as blocks.
   Tables in HTMX responses are handled as they arrive. A table opts out with data-keep-table. */
(function () {
  "use strict";

  function stack(table) {
    if (table.classList.contains("stack") || table.hasAttribute("data-keep-table")) return;
    var head = table.tHead;
    if (!head || head.rows.length !== 1 || !table.tBodies.length) return;
    var labels = [];
    var cells = head.rows[0].cells;
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].colSpan > 1) return;
      labels.push(cells[i].textContent.replace(/\s+/g, " ").trim());
    }
    table.setAttribute("role", "table");
    head.setAttribute("role", "rowgroup");
    head.rows[0].setAttribute("role", "row");
    for (i = 0; i < cells.length; i++) cells[i].setAttribute("role", "columnheader");
    var groups = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) groups.push(table.tFoot);
    groups.forEach(function (group) {
      group.setAttribute("role", "rowgroup");
      Array.prototype.forEach.call(group.rows, function (row) {
        row.setAttribute("role", "row");
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          cell.setAttribute("role", cell.tagName === "TH" ? "rowheader" : "cell");
          if (labels[index]) cell.setAttribute("data-label", labels[index]);
        });
      });
    });
    table.classList.add("stack");
  }

  function stackAll(root) {
    var tables = (root || document).querySelectorAll(".table-wrap table");
    Array.prototype.forEach.call(tables, stack);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { stackAll(document); });
  } else {
    stackAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    var target = event.target;
    if (target && target.querySelectorAll) stackAll(target.parentNode || target);
  });
})();
