// The dashboard's charts (ECharts from static/vendor). CSP forbids inline scripts: the figures come
// from the json_script block "dashboard-data"; every bar and funnel step links to its records list.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var charts = [];

  function dark(el) { return el.dataset.theme === "dark" || document.documentElement.dataset.bsTheme === "dark"; }

  function make(el) {
    var existing = echarts.getInstanceByDom(el);
    if (existing) existing.dispose();
    var chart = echarts.init(el, dark(el) ? "dark" : null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function go(url) { if (url) window.location.href = url; }

  function rankChart(data) {
    var el = document.getElementById("rank-chart");
    if (!el || !data.ranking) return;
    var r = data.ranking;
    var chart = make(el);
    var big = dark(el);
    chart.setOption({
      animation: false,
      backgroundColor: big ? "transparent" : undefined,
      tooltip: { trigger: "axis" },
      grid: { left: big ? 60 : 48, right: 16, top: 24, bottom: big ? 40 : 64 },
      xAxis: { type: "category", data: r.towns, axisLabel: { interval: 0, rotate: big ? 0 : 40, fontSize: big ? 20 : 12 } },
      yAxis: { type: "value", name: r.unit, axisLabel: { fontSize: big ? 18 : 12 } },
      series: [{
        name: r.name, type: "bar", data: r.values, cursor: "pointer",
        label: { show: true, position: "top", fontSize: big ? 20 : 11 },
        itemStyle: { color: big ? "#4fa3ff" : "#0d6efd" },
      }],
    });
    chart.on("click", function (p) { go(r.urls[p.dataIndex]); });
    el.dataset.bars = String(r.values.length);
  }

  function funnelCharts(data) {
    document.querySelectorAll("[data-funnel-index]").forEach(function (el) {
      var f = data.funnels[Number(el.dataset.funnelIndex)];
      if (!f) return;
      var chart = make(el);
      chart.setOption({
        animation: false,
        tooltip: { trigger: "item", formatter: "{b}: {c}" },
        series: [{
          type: "funnel", sort: "none", left: 8, right: 8, top: 8, bottom: 8, minSize: "12%", gap: 2, cursor: "pointer",
          label: { show: true, position: "inside", formatter: "{b} {c}" },
          data: f.steps.map(function (s) { return { name: s.name, value: s.value }; }),
        }],
      });
      chart.on("click", function (p) { go(f.steps[p.dataIndex].url); });
    });
  }

  function trendChart() {
    var el = document.getElementById("trend-chart");
    var select = document.getElementById("trend-kpi");
    if (!el || !select) return;
    var chart = make(el);
    var months = []; for (var m = 1; m <= 12; m++) months.push(m + "月");
    function load() {
      var url = el.dataset.url + "&kpi=" + encodeURIComponent(select.value);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (t) {
          if (!t) return;
          chart.setOption({
            animation: false,
            tooltip: { trigger: "axis" },
            legend: { data: [el.dataset.thisLabel, el.dataset.lastLabel] },
            grid: { left: 48, right: 16, top: 36, bottom: 28 },
            xAxis: { type: "category", data: months },
            yAxis: { type: "value", name: t.unit },
            series: [
              { name: el.dataset.thisLabel, type: "line", data: t.this, connectNulls: false },
              { name: el.dataset.lastLabel, type: "line", data: t.last, lineStyle: { type: "dashed" } },
            ],
          }, true);
          el.dataset.loaded = t.code;
        });
    }
    select.addEventListener("change", load);
    load();
  }

  function pngButtons() {
    document.querySelectorAll("[data-png]").forEach(function (button) {
      button.addEventListener("click", function () {
        var el = document.getElementById(button.dataset.png);
        var chart = el && echarts.getInstanceByDom(el);
        if (!chart) return;
        var a = document.createElement("a");
        a.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
        a.download = (button.dataset.png || "chart") + ".png";
        document.body.appendChild(a); a.click(); a.remove();
      });
    });
  }

  function sortableTables() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      table.querySelectorAll("th[data-sort]").forEach(function (th, index) {
        th.style.cursor = "pointer";
        th.addEventListener("click", function () {
          var asc = th.dataset.dir !== "asc";
          th.dataset.dir = asc ? "asc" : "desc";
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[index].dataset.value, y = b.cells[index].dataset.value;
            var nx = parseFloat(x), ny = parseFloat(y);
            if (isNaN(nx)) nx = -Infinity; if (isNaN(ny)) ny = -Infinity;
            var c = th.dataset.sort === "text" ? String(x).localeCompare(String(y), "zh") : nx - ny;
            return asc ? c : -c;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
      s.addEventListener("change", function () { s.form.submit(); });
    });
  }

  function draw() {
    charts.forEach(function (c) { if (!c.isDisposed()) c.dispose(); });
    charts = [];
    var source = document.getElementById("dashboard-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    rankChart(data);
    funnelCharts(data);
  }

  draw();
  trendChart();
  pngButtons();
  sortableTables();
  autosubmit();
  // 大屏: htmx swapped in a fresh body; draw its charts at once (no animation, so no flicker).
  document.body.addEventListener("htmx:afterSwap", draw);
  window.addEventListener("resize", function () { charts.forEach(function (c) { if (!c.isDisposed()) c.resize(); }); });
})();
