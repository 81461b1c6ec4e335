// Charts of the statistics page (stats/index.html). Data comes from the json_script "stats-charts";
// no inline script (Content-Security-Policy: script-src 'self'). A click on a bar or slice opens the
// list of the records behind it, the same link as the figure in the table.
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("stats-charts");
  if (!window.echarts || !source) return;
  const charts = JSON.parse(source.textContent);
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    const c = charts[Number(el.dataset.chart)];
    if (!c || !c.labels.length) return;
    const chart = echarts.init(el);
    if (c.type === "pie") {
      chart.setOption({
        animation: false, tooltip: { trigger: "item", formatter: "{b}：{c}" + c.unit + "（{d}%）" },
        series: [{ type: "pie", radius: ["35%", "65%"], label: { formatter: "{b} {c}" },
          data: c.labels.map(function (l, i) { return { name: l, value: c.values[i] }; }) }]
      });
    } else {
      chart.setOption({
        animation: false, tooltip: { trigger: "axis" }, grid: { left: 40, right: 10, bottom: 60 },
        xAxis: { type: "category", data: c.labels, axisLabel: { rotate: c.labels.length > 5 ? 25 : 0 } },
        yAxis: { type: "value" }, series: [{ type: "bar", data: c.values, itemStyle: { color: "#c0272d" } }]
      });
    }
    chart.on("click", function (p) {
      const url = c.urls[p.dataIndex];
      if (url) window.location.href = url;
    });
  });
});
