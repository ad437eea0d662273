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

    // The bulk status menu offers only the moves every ticked demand on this page
    // may make, and says for which demand another move is refused.
    var menu = form.querySelector("#bulk-status");
    var why = form.querySelector("#bulk-status-why");
    function judge() {
      if (!menu || !why) { return; }
      var ticked = Array.prototype.filter.call(boxes, function (box) { return box.checked; });
      var refused = [];
      Array.prototype.forEach.call(menu.options, function (option) {
        var ok = ticked.every(function (box) {
          return (" " + box.getAttribute("data-allowed") + " ").indexOf(" " + option.value + " ") >= 0;
        });
        option.disabled = ticked.length > 0 && !ok;
      });
      var chosen = menu.options[menu.selectedIndex];
      if (chosen && chosen.disabled) {
        var first = Array.prototype.find.call(menu.options, function (o) { return !o.disabled; });
        if (first) { first.selected = true; chosen = first; }
      }
      ticked.forEach(function (box) {
        if (chosen && (" " + box.getAttribute("data-allowed") + " ").indexOf(" " + chosen.value + " ") < 0) {
          refused.push("«" + box.getAttribute("data-title") + "» (" + box.getAttribute("data-status") + ")");
        }
      });
      var any = Array.prototype.some.call(menu.options, function (o) { return !o.disabled; });
      why.textContent = !any && ticked.length
        ? why.getAttribute("data-text-none") + " " + ticked.map(function (box) {
            return "«" + box.getAttribute("data-title") + "» (" + box.getAttribute("data-status") + ")";
          }).join(", ")
        : refused.length ? refused.join(", ") + " " + why.getAttribute("data-text-cannot") + " «" + chosen.text + "»." : "";
    }
    Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", judge); });
    if (menu) { menu.addEventListener("change", judge); }
    judge();

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
