// Knowledge base on the ticket page: "Insert" puts the chosen canned reply (already filled in for this ticket by the
// server) into the reply box at the cursor, so the agent can still edit it before sending.
(() => {
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-insert-canned]");
    if (!button) return;
    const select = document.querySelector(button.dataset.insertCanned);
    const box = document.querySelector("#reply-form textarea[name=body]");
    const option = select && select.selectedOptions[0];
    if (!box || !option) return;
    const text = option.dataset.text || "";
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    box.focus();
    box.setSelectionRange(start + text.length, start + text.length);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
