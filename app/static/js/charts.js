/* Lumbung Praktik: draws every dashboard chart from the JSON beside it.
 *
 * A <canvas data-chart="ID"> names a <script type="application/json" id="ID">
 * holding a Chart.js configuration made of data only (built on the server
 * from the same table the page shows). Nothing is evaluated, so the page
 * needs no inline script and works under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var PALETTE = ["#1f5f3f", "#c98a00", "#2b6cb0", "#a23b72", "#5f6b7a"];

  function percentTicks(value) {
    return value + "%";
  }

  function build(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var config = JSON.parse(source.textContent);
    var extra = config.lumbung || {};
    delete config.lumbung;
    config.data.datasets.forEach(function (dataset, index) {
      var colour = PALETTE[index % PALETTE.length];
      dataset.backgroundColor = colour;
      dataset.borderColor = colour;
      dataset.spanGaps = true;
    });
    var options = config.options || {};
    options.responsive = true;
    options.maintainAspectRatio = false;
    options.animation = false;
    options.locale = document.documentElement.lang || "id";
    if (extra.percent) {
      var axis = options.indexAxis === "y" ? "x" : "y";
      options.scales = options.scales || {};
      options.scales[axis] = options.scales[axis] || {};
      options.scales[axis].ticks = { callback: percentTicks };
    }
    config.options = options;
    new window.Chart(canvas, config);
  }

  function buildAll() {
    var canvases = document.querySelectorAll("canvas[data-chart]");
    Array.prototype.forEach.call(canvases, build);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", buildAll);
  } else {
    buildAll();
  }
})();
