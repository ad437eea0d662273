/* Draws the charts of a page with plotly.js from their json_script data.
 * Without JavaScript (or without plotly) the page keeps the summary and the
 * table of numbers under each chart; the plot area stays hidden. */
(function () {
  "use strict";

  function draw(container) {
    if (container.dataset.chartDrawn) {
      return;
    }
    var source = document.getElementById(container.dataset.chartFigure);
    if (!source || !window.Plotly) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    // A responsive plot takes its container's height: give the container the figure's.
    container.style.height = ((figure.layout && figure.layout.height) || 420) + "px";
    container.hidden = false;
    container.dataset.chartDrawn = "1";
    // figure.config carries the page's language for plotly's own texts (tool buttons).
    var config = Object.assign({}, figure.config || {}, {
      responsive: true,
      displaylogo: false,
      // plotly.js 4 names its (here useless, English-only) cloud button sendChartToCloud.
      modeBarButtonsToRemove: ["sendDataToCloud", "sendChartToCloud", "lasso2d", "select2d"],
    });
    window.Plotly.newPlot(container, figure.data || [], figure.layout || {}, config);
  }

  function drawAll() {
    document.querySelectorAll("[data-chart-figure]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
