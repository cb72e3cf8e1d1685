// Stock-count entry: Enter moves to the next line, the difference to the book quantity updates as you type.
(() => {
  const inputs = [...document.querySelectorAll("#count-lines .mc-count-input")];
  const show = (input) => {
    const row = input.closest("tr");
    const cell = row.querySelector(".mc-difference");
    if (input.value === "") { cell.textContent = "—"; cell.className = "mc-num mc-difference"; return; }
    const diff = Number(input.value) - Number(row.dataset.book);
    const text = Number.isInteger(diff) ? String(Math.abs(diff)) : Math.abs(diff).toFixed(3).replace(/0+$/, "");
    cell.textContent = diff > 0 ? `+${text}` : diff < 0 ? `−${text}` : "0";
    cell.className = `mc-num mc-difference ${diff > 0 ? "mc-diff-pos" : diff < 0 ? "mc-diff-neg" : ""}`;
  };
  inputs.forEach((input, index) => {
    input.addEventListener("input", () => show(input));
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const next = inputs[index + (event.shiftKey ? -1 : 1)];
      if (next) { next.focus(); next.select(); } else { document.getElementById("save-counts")?.focus(); }
    });
  });
  inputs.find((input) => input.value === "")?.focus();
})();
