// The import review: tick or untick every proposal of a section or of the file,
// and remove a chapter or budget post from a proposal by its chip. Without
// script the buttons stay hidden and the fields are edited by hand.
(function () {
  "use strict";
  var form = document.querySelector("[data-import-review]");
  if (!form) return;
  form.querySelectorAll("[data-when-script]").forEach(function (element) {
    element.hidden = false;
  });
  var counts = document.getElementById("import-counts");

  function ticked() {
    return form.querySelectorAll("input[type=checkbox][data-section]:checked").length;
  }

  function announce() {
    if (counts) counts.setAttribute("data-ticked", String(ticked()));
  }

  form.addEventListener("click", function (event) {
    var tick = event.target.closest("[data-tick]");
    if (tick) {
      var section = tick.getAttribute("data-tick");
      var on = tick.getAttribute("data-value") === "on";
      var selector = section === "all"
        ? "input[type=checkbox][data-section]"
        : "input[type=checkbox][data-section='" + section + "']";
      form.querySelectorAll(selector).forEach(function (box) { box.checked = on; });
      announce();
      return;
    }
    var remove = event.target.closest("[data-remove]");
    if (remove) {
      var field = document.getElementById(remove.getAttribute("data-remove"));
      var value = remove.getAttribute("data-value");
      if (field) {
        var separator = field.name.endsWith("budget_posts") ? ";" : ",";
        field.value = field.value.split(separator)
          .map(function (part) { return part.trim(); })
          .filter(function (part) { return part && part !== value; })
          .join(separator + " ");
      }
      var chip = remove.closest(".chip");
      var list = chip && chip.parentElement;
      if (chip) chip.remove();
      if (list) {
        var next = list.querySelector("button, input") || form.querySelector("#" + CSS.escape(list.closest("fieldset").id) + " input");
        if (next) next.focus();
      }
    }
  });
})();
