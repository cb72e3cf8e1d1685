// Return visits: the outcome fields show only once the customer was reached; "Copy" puts a link on the clipboard.
(() => {
  const sync = () => {
    const form = document.getElementById("record-form");
    if (!form) return;
    const reached = form.querySelector("input[name$=reached]:checked")?.value;
    form.querySelectorAll(".mc-if-reached").forEach((el) => { el.hidden = reached === "no"; });
  };
  document.addEventListener("change", (event) => {
    if (event.target.matches("#record-form input[name$=reached]")) sync();
  });
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    const input = document.querySelector(button.dataset.copy);
    if (!input) return;
    input.select();
    try { await navigator.clipboard.writeText(input.value); } catch { document.execCommand("copy"); }
    button.classList.add("btn-success");
  });
  sync();
})();
