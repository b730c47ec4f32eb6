// Draw every plot whose spec sits in a JSON data block (no inline script: CSP 'self').
(function () {
  "use strict";
  function draw() {
    if (typeof Plotly === "undefined") { return; }
    document.querySelectorAll("[data-plot]").forEach(function (div) {
      var block = document.getElementById(div.getAttribute("data-plot"));
      if (!block) { return; }
      var spec = JSON.parse(block.textContent);
      Plotly.newPlot(div, spec.data || [], spec.layout || {},
        { displaylogo: false, responsive: true, locale: "ar" });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
