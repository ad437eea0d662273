/* The work queue's selection survives paging.
 *
 * Progressive enhancement: without this script each page's ticks are sent on
 * their own. With it, ticked demands are remembered for this tab
 * (sessionStorage), ticked again when their page is shown, and sent with the
 * form as hidden fields when they are on another page.
 */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-selection-key]");
    if (!form || !window.sessionStorage) { return; }
    var key = form.getAttribute("data-selection-key");
    var counter = form.querySelector("[data-selection-count]");
    var picked = {};
    try { picked = JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { picked = {}; }

    function save() {
      sessionStorage.setItem(key, JSON.stringify(picked));
      var n = Object.keys(picked).length;
      if (counter) { counter.textContent = n ? n + " " + (n === 1 ? "valgt" : "valgte") : ""; }
    }

    var boxes = form.querySelectorAll('input[type="checkbox"][name="demands"]');
    Array.prototype.forEach.call(boxes, function (box) {
      if (picked[box.value]) { box.checked = true; }
      box.addEventListener("change", function () {
        if (box.checked) { picked[box.value] = true; } else { delete picked[box.value]; }
        save();
      });
    });
    save();

    form.addEventListener("submit", function () {
      var onPage = {};
      Array.prototype.forEach.call(boxes, function (box) { onPage[box.value] = true; });
      Object.keys(picked).forEach(function (id) {
        if (onPage[id]) { return; }
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "demands";
        hidden.value = id;
        form.appendChild(hidden);
      });
      // The selection is used up by this action.
      sessionStorage.removeItem(key);
    });
  });
})();
