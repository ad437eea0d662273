/* Searchable picker for chapters and budget posts.
 *
 * Progressive enhancement: without this script the form shows every chapter
 * as a checkbox and every budget post in a multiple select, and works. With
 * it, a search box above each asks the server (small JSON) and a click on a
 * result ticks the matching checkbox or selects the matching option.
 */
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function findChoice(kind, container, id) {
    if (kind === "chapters") {
      return container.querySelector('input[type="checkbox"][value="' + id + '"]');
    }
    return container.querySelector('option[value="' + id + '"]');
  }

  function choose(kind, container, item, status, texts) {
    var choice = findChoice(kind, container, item.id);
    if (!choice) {
      if (kind !== "budget_posts") { return; }
      choice = new Option(item.label, item.id);
      container.appendChild(choice);
    }
    if (kind === "chapters") { choice.checked = true; } else { choice.selected = true; }
    status.textContent = texts.picked + " " + item.label;
  }

  function attach(form, kind, container, url, labelText, extraParams, texts) {
    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    var inputId = "picker-" + kind;
    var label = document.createElement("label");
    label.setAttribute("for", inputId);
    label.textContent = labelText;
    var input = document.createElement("input");
    input.type = "search";
    input.id = inputId;
    input.autocomplete = "off";
    var results = document.createElement("ul");
    results.className = "picker-results";
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.className = "helptext";
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(results);
    wrapper.appendChild(status);
    container.parentNode.insertBefore(wrapper, container);

    var search = debounce(function (query) {
      var params = new URLSearchParams(extraParams);
      params.set("q", query);
      fetch(url + "?" + params.toString(), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          results.textContent = "";
          (data.results || []).forEach(function (item) {
            var li = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "secondary";
            button.textContent = item.label;
            button.addEventListener("click", function () { choose(kind, container, item, status, texts); });
            li.appendChild(button);
            results.appendChild(li);
          });
          status.textContent = (data.results || []).length ? "" : texts.none;
        })
        .catch(function () { results.textContent = ""; });
    }, 250);

    input.addEventListener("input", function () {
      if (input.value.trim() === "") { results.textContent = ""; status.textContent = ""; return; }
      search(input.value.trim());
    });
    // Enter in the search box must not submit the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-picker-document]");
    if (!form || !window.fetch) { return; }
    var texts = {
      picked: form.getAttribute("data-text-picked"),
      none: form.getAttribute("data-text-none")
    };
    var chapters = form.querySelector("#id_chapters");
    if (chapters) {
      attach(form, "chapters", chapters, form.getAttribute("data-chapter-search"),
        form.getAttribute("data-text-chapter"), { document: form.getAttribute("data-picker-document") }, texts);
    }
    var posts = form.querySelector("#id_budget_posts");
    if (posts) {
      attach(form, "budget_posts", posts, form.getAttribute("data-budget-search"),
        form.getAttribute("data-text-budget"), {}, texts);
    }
  });
})();
