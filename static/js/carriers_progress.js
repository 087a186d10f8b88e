// The construction progress chart of a carrier page (ECharts from static/vendor). CSP forbids
// inline scripts: the data comes from the json_script tag "progress-data", labels from data- attributes.
(function () {
  "use strict";
  var holder = document.getElementById("progress-chart");
  var source = document.getElementById("progress-data");
  if (!holder || !source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    legend: { data: [holder.dataset.plannedLabel, holder.dataset.actualLabel] },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: holder.dataset.plannedLabel, type: "line", data: data.planned, lineStyle: { type: "dashed" } },
      { name: holder.dataset.actualLabel, type: "line", data: data.actual, areaStyle: { opacity: 0.15 } },
    ],
  });
  holder.dataset.points = String(data.actual.length);
  window.addEventListener("resize", function () { chart.resize(); });
})();
