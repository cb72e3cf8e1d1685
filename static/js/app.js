// Keyboard: "/" focuses the global search (agents on the phone keep their hands on the keys).
document.addEventListener("keydown", (event) => {
  const tag = (event.target.tagName || "").toLowerCase();
  if (event.key === "/" && !["input", "textarea", "select"].includes(tag) && !event.target.isContentEditable) {
    const box = document.getElementById("global-search");
    if (box) { event.preventDefault(); box.focus(); }
  }
  if (event.key === "Escape") {
    const results = document.getElementById("global-search-results");
    if (results) results.innerHTML = "";
  }
});
// Confirm irreversible actions: <button data-confirm="...">.
document.addEventListener("click", (event) => {
  const el = event.target.closest("[data-confirm]");
  if (el && !window.confirm(el.dataset.confirm)) { event.preventDefault(); event.stopPropagation(); }
}, true);
// Charts: <div class="mc-chart" data-chart='{"type":"bar","labels":[...],"values":[...]}'>.
window.mcRenderCharts = (root = document) => {
  if (!window.echarts) return;
  root.querySelectorAll(".mc-chart[data-chart]").forEach((el) => {
    const spec = JSON.parse(el.dataset.chart);
    const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    const palette = ["#066fd1", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8", "#74b816", "#f76707"];
    const horizontal = spec.type === "hbar";
    const category = { type: "category", data: spec.labels, axisLabel: { interval: 0, width: 90, overflow: "truncate" } };
    const value = { type: "value", minInterval: 1 };
    chart.setOption(spec.type === "pie" ? {
      color: palette, tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["40%", "70%"], data: spec.labels.map((name, i) => ({ name, value: spec.values[i] })) }],
    } : {
      color: palette, tooltip: { trigger: "axis" }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? value : category, yAxis: horizontal ? { ...category, inverse: true } : value,
      series: [{ type: "bar", data: spec.values, barMaxWidth: 28, name: spec.name || "" }],
    });
    window.addEventListener("resize", () => chart.resize());
  });
};
document.addEventListener("DOMContentLoaded", () => window.mcRenderCharts());
document.body.addEventListener("htmx:afterSwap", (e) => window.mcRenderCharts(e.target));
// A thin progress bar on every htmx request.
document.body.addEventListener("htmx:beforeRequest", () => document.getElementById("htmx-progress")?.classList.add("htmx-request"));
document.body.addEventListener("htmx:afterRequest", () => document.getElementById("htmx-progress")?.classList.remove("htmx-request"));
