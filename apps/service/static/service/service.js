// Service desk: SLA countdowns tick every 30 s without a reload; Ctrl+Enter submits the form being typed in.
(() => {
  const span = (minutes, labels) => {
    const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    if (d) return labels.days.replace("%d", d).replace("%h", h);
    if (h) return labels.hours.replace("%h", h).replace("%m", m);
    return labels.minutes.replace("%m", m);
  };
  const tick = (root = document) => {
    root.querySelectorAll("[data-due]").forEach((el) => {
      const labels = JSON.parse(document.getElementById("countdown-labels")?.textContent || "null");
      if (!labels) return;
      const seconds = (new Date(el.dataset.due) - new Date()) / 1000;
      const text = span(Math.floor(Math.abs(seconds) / 60), labels);
      el.textContent = seconds >= 0 ? labels.before.replace("%s", text) : labels.after.replace("%s", text);
      el.classList.toggle("text-danger", seconds < 0);
    });
  };
  setInterval(tick, 30000);
  document.body.addEventListener("htmx:afterSwap", (e) => tick(e.target));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      const form = event.target.closest?.("form[data-ctrl-enter]");
      if (form) { event.preventDefault(); form.requestSubmit(); }
    }
  });
})();
