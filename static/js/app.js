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
// "hbar" bars are sorted largest first and the chart grows with the number of bars, so labels never overlap.
const MC_PALETTE = ["#066fd1", "#2fb344", "#f59f00", "#d63939", "#ae3ec9", "#17a2b8", "#74b816", "#f76707"];
// Several named series over the same labels, or a line: {"type":"bar"|"hbar"|"line","labels":[...],
// "series":[{"name":"…","values":[...],"color":"#…"(optional)}],"stack":true}; "max" fixes the value axis (100 for percentages) and
// "unit" follows each value ("%"). A legend appears when there is more than one series.
const mcSeriesOption = (spec, text) => {
  const horizontal = spec.type === "hbar";
  const line = spec.type === "line";
  const series = spec.series || [{ name: spec.name || "", values: spec.values }];
  const unit = spec.unit || "";
  const category = { type: "category", data: spec.labels, axisTick: { show: false }, boundaryGap: !line,
    axisLabel: { width: 110, overflow: "truncate", hideOverlap: true } };
  const value = { type: "value", max: spec.max, minInterval: unit ? 0 : 1, splitLine: { lineStyle: { color: "#e6e7e9" } },
    axisLabel: { formatter: `{value}${unit}` } };
  return {
    color: MC_PALETTE, textStyle: text,
    tooltip: { trigger: "axis", axisPointer: { type: line ? "line" : "shadow" },
      valueFormatter: (v) => (v === null || v === undefined ? "—" : `${v}${unit}`) },
    legend: series.length > 1 ? { top: 0, type: "scroll", textStyle: text } : undefined,
    grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category, yAxis: horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({ type: line ? "line" : "bar", name: s.name, data: s.values, barMaxWidth: 22,
      stack: spec.stack ? "total" : undefined, smooth: line, connectNulls: line, symbolSize: 6,
      itemStyle: s.color ? { color: s.color } : undefined })),
  };
};
const mcChartOption = (spec, font) => {
  const text = { fontFamily: font, color: "#49566c" };
  if (spec.series || spec.type === "line") return mcSeriesOption(spec, text);
  if (spec.type === "pie") {
    return {
      color: MC_PALETTE, textStyle: text, tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["40%", "70%"], data: spec.labels.map((name, i) => ({ name, value: spec.values[i] })) }],
    };
  }
  if (spec.type === "funnel") {  // stages keep their order; widths follow the values
    return {
      color: MC_PALETTE, textStyle: text, tooltip: { trigger: "item", formatter: "{b}: {c}" },
      series: [{ type: "funnel", sort: "none", left: "8%", right: "8%", top: 8, bottom: 8, minSize: "30%", gap: 2,
        label: { show: true, position: "inside", color: "#fff", formatter: "{b}  {c}" },
        data: spec.labels.map((name, i) => ({ name, value: spec.values[i] })) }],
    };
  }
  const horizontal = spec.type === "hbar";
  let labels = spec.labels;
  let values = spec.values;
  if (horizontal && spec.sort !== false) {
    const order = labels.map((_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
    labels = order.map((i) => labels[i]);
    values = order.map((i) => values[i]);
  }
  const category = { type: "category", data: labels, axisTick: { show: false },
    axisLabel: { interval: 0, width: 110, overflow: "truncate" } };
  const value = { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#e6e7e9" } } };
  return {
    color: MC_PALETTE, textStyle: text, tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category, yAxis: horizontal ? { ...category, inverse: true } : value,
    series: [{ type: "bar", data: values, barMaxWidth: 22, name: spec.name || "",
      itemStyle: { borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
      label: { show: horizontal, position: "right", color: "#49566c" } }],
  };
};
window.mcRenderCharts = (root = document) => {
  if (!window.echarts) return;
  const font = getComputedStyle(document.body).fontFamily;
  root.querySelectorAll(".mc-chart[data-chart]").forEach((el) => {
    const spec = JSON.parse(el.dataset.chart);
    if (spec.type === "hbar") el.style.height = `${Math.max(200, spec.labels.length * 28 + 40)}px`;
    const chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "svg" });
    chart.setOption(mcChartOption(spec, font), true);
    chart.resize();
  });
};
window.addEventListener("resize", () => {
  if (!window.echarts) return;
  document.querySelectorAll(".mc-chart").forEach((el) => echarts.getInstanceByDom(el)?.resize());
});
document.addEventListener("DOMContentLoaded", () => window.mcRenderCharts());
document.body.addEventListener("htmx:afterSwap", (e) => window.mcRenderCharts(e.target));
// Sidebar: mark the menu entry whose address is the longest prefix of this page (a detail page lights its list).
document.addEventListener("DOMContentLoaded", () => {
  const links = [...document.querySelectorAll("#sidebar-menu a.nav-link[data-nav]")];
  if (!links.length || document.querySelector("#sidebar-menu a.nav-link.active")) return;
  const path = window.location.pathname;
  const best = links
    .filter((a) => { const href = new URL(a.href).pathname; return href !== "/" && path.startsWith(href); })
    .sort((a, b) => new URL(b.href).pathname.length - new URL(a.href).pathname.length)[0];
  best?.classList.add("active");
});
// A thin progress bar on every htmx request.
document.body.addEventListener("htmx:beforeRequest", () => document.getElementById("htmx-progress")?.classList.add("htmx-request"));
document.body.addEventListener("htmx:afterRequest", () => document.getElementById("htmx-progress")?.classList.remove("htmx-request"));
