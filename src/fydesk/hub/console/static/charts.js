// The figures pages' charts, drawn from the JSON the page carries (the tables hold the same numbers).
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var font = { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, WenQuanYi Zen Hei, sans-serif" };
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    option.textStyle = font;
    option.animation = false;  // drawn at once: printing and screenshots see the finished chart
    chart.setOption(option);
    charts.push(chart);
  }

  draw("chart-areas", {
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 16, top: 24, bottom: 64 },
    xAxis: { type: "category", data: data.areas.names, axisLabel: { interval: 0, rotate: data.areas.names.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", name: "件/万人" },
    series: [{ type: "bar", name: "万人起诉率", data: data.areas.rates, itemStyle: { color: "#9b1c1c" },
               label: { show: true, position: "top" } }]
  });
  draw("chart-trend", {
    tooltip: { trigger: "axis" },
    legend: { data: ["受理", "调解成功"], top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 40 },
    xAxis: { type: "category", data: data.trend.months },
    yAxis: { type: "value", name: "件" },
    series: [
      { type: "line", name: "受理", data: data.trend.accepted, itemStyle: { color: "#0969da" } },
      { type: "line", name: "调解成功", data: data.trend.succeeded, itemStyle: { color: "#1a7f37" } }
    ]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
}());
