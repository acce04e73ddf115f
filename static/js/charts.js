// Draws every plotly figure whose JSON sits in <script type="application/json">.
(function () {
  "use strict";
  document.querySelectorAll("[data-chart]").forEach(function (target) {
    var source = document.getElementById(target.dataset.chart);
    if (!source || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, { displayModeBar: false, responsive: true });
  });
})();
