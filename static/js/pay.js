// Pay pages: the cost-by-payer chart (data in a json_script element; no inline script under the CSP).
document.addEventListener("DOMContentLoaded", function () {
  const el = document.getElementById("pay-cost-chart");
  const src = document.getElementById("pay-cost-data");
  if (!window.echarts || !el || !src) return;
  const d = JSON.parse(src.textContent);
  echarts.init(el).setOption({
    animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 70, right: 10, bottom: 30, top: 40 },
    xAxis: { type: "category", data: d.months }, yAxis: { type: "value", name: uiText("yuan", "元") },
    series: d.series.map(function (s) { return { name: s.name, type: "bar", stack: "cost", data: s.data.map(Number) }; })
  });
});
