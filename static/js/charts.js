// Draws every plotly figure whose JSON sits in <script type="application/json">.
(function () {
  "use strict";
  document.querySelectorAll("[data-chart]").forEach(function (target) {
    var source = document.getElementById(target.dataset.chart);
    if (!source || !window.Plotly) { return; }
    var figure = JSON.parse(source.textContent);
    if (target.clientWidth < 576) {
      // A phone: the page's wide margins would leave the chart a few dozen pixels.
      figure.layout.margin = { l: 80, r: 80, t: 28, b: 28 };
      figure.layout.font = Object.assign({}, figure.layout.font, { size: 9 });
      // Level numbers would sit on the lines of a radar this small; the table gives them.
      if (figure.layout.polar && figure.layout.polar.radialaxis) { figure.layout.polar.radialaxis.showticklabels = false; }
    }
    window.Plotly.newPlot(target, figure.data, figure.layout, { displayModeBar: false, responsive: true });
  });
})();
