// The charts of the dashboard and of the recruitment statistics. Data comes from json_script elements;
// no inline script (Content-Security-Policy: script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  const ranks = data("rank-data");
  if (ranks && document.getElementById("rank-chart")) {
    echarts.init(document.getElementById("rank-chart")).setOption({
      animation: false, tooltip: {}, xAxis: { type: "category", data: ranks.map(function (r) { return r.rank || uiText("unranked", "未定级"); }) },
      yAxis: { type: "value" }, series: [{ type: "bar", data: ranks.map(function (r) { return r.n; }), itemStyle: { color: "#c0272d" } }]
    });
  }

  const d = data("chart-data");
  if (d && document.getElementById("chart-posts")) {
    const names = { applicants: uiText("funnelApplicants", "已报名"), passed: uiText("funnelPassed", "审查通过"), sat: uiText("funnelSat", "参加笔试"),
      interviewed: uiText("funnelInterviewed", "进入面试"), hired: uiText("funnelHired", "录用") };
    echarts.init(document.getElementById("chart-posts")).setOption({
      animation: false, tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 40, right: 10, bottom: 60 },
      xAxis: { type: "category", data: d.posts, axisLabel: { rotate: 20 } }, yAxis: { type: "value" },
      series: Object.keys(names).map(function (k) { return { name: names[k], type: "bar", data: d.series[k] }; })
    });
    echarts.init(document.getElementById("chart-edu")).setOption({
      animation: false, tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: d.education, label: { formatter: uiText("chartPersons", "{b} {c}人") } }]
    });
  }
});
