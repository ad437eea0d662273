/* /demands/: filter without a full page load.
 *
 * The page works without this script: the filter form is a plain GET form and
 * every link is a link. With it, changing a filter fetches the same page from
 * the server (which answers with the results region only when asked with
 * X-Requested-With: fetch), swaps the region and keeps the address bar in
 * step with history.replaceState, so the view can still be shared as a link.
 */
(function () {
  "use strict";

  var region = document.getElementById("browse");
  if (!region || !window.fetch || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var pending = null;

  function queryOf(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") {
        params.append(name, value);
      }
    });
    return params.toString();
  }

  function isSwappable(link) {
    if (!link || link.hasAttribute("download") || link.target) {
      return false;
    }
    var url = new URL(link.href, window.location.href);
    return url.origin === window.location.origin &&
      url.pathname === window.location.pathname &&
      !url.searchParams.has("format");
  }

  function load(url, focusResults) {
    var activeId = document.activeElement && document.activeElement.id;
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    region.setAttribute("aria-busy", "true");
    fetch(url, {
      headers: { "X-Requested-With": "fetch" },
      signal: pending.signal,
      credentials: "same-origin"
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
        window.history.replaceState(null, "", url);
        keepFiltersOnLanguageSwitch(url);
        var target = focusResults ? document.getElementById("results-heading")
          : (activeId && document.getElementById(activeId));
        if (target) {
          target.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          // Fall back to an ordinary page load, which always works.
          window.location.href = url;
        }
      });
  }

  // The language switcher sends the reader back to its "next" address: keep it in step
  // with the filters chosen here, which changed the address without a page load.
  function keepFiltersOnLanguageSwitch(url) {
    var target = new URL(url, window.location.href);
    document.querySelectorAll('form.language-switcher input[name="next"]').forEach(function (input) {
      input.value = target.pathname + target.search;
    });
  }

  function urlFor(form) {
    var query = queryOf(form);
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  region.addEventListener("change", function (event) {
    var form = event.target.form;
    // The search box is sent with Enter or its button, not on every change.
    if (form && form.id === "demand-filter" && event.target.type !== "search") {
      load(urlFor(form), false);
    }
  });

  region.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "demand-filter") {
      event.preventDefault();
      load(urlFor(form), true);
    }
  });

  region.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey || !isSwappable(link)) {
      return;
    }
    event.preventDefault();
    load(link.href, true);
  });
})();
