/* Small behaviours that would otherwise be inline handlers, which the Content-Security-Policy
   forbids (config/settings/base.py): a select marked data-submit-on-change sends its form when
   changed (the language choice), and a "Gå tilbage" button (data-go-back) goes back in the
   browser's history; inside .back-way it is shown only when there is a page to go back to. */
(function () {
  "use strict";

  function ready() {
    document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    document.querySelectorAll("[data-go-back]").forEach(function (button) {
      button.addEventListener("click", function () { history.back(); });
    });
    if (history.length > 1) {
      document.querySelectorAll(".back-way").forEach(function (item) { item.hidden = false; });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
