// Opportunities board: drag a card to another column (HTML5 drag and drop) or pick its next stage in the card's
// select (the keyboard way). Both POST to the card's move URL with the board's filters; the server answers with the
// re-rendered columns, which htmx swaps into #board. Moving to "lost" asks for the reason first.
(() => {
  let dragged = null;

  const allowed = (card, stage) => stage === card.dataset.stage || card.dataset.next.split(" ").includes(stage);

  const move = (card, stage, beforeId) => {
    let reason = "";
    if (stage === "lost" && card.dataset.stage !== "lost") {
      reason = window.prompt(document.getElementById("board").dataset.lostPrompt || "Lost reason?");
      if (!reason || !reason.trim()) return false;
    }
    htmx.ajax("POST", card.dataset.moveUrl + window.location.search, {
      target: "#board", swap: "innerHTML", values: { stage, lost_reason: reason, before: beforeId || "" },
    });
    return true;
  };

  const clearTargets = () => document.querySelectorAll(".mc-drop-target").forEach((el) => el.classList.remove("mc-drop-target"));

  const cardBelow = (list, y) => [...list.querySelectorAll(".mc-card")]
    .find((c) => c !== dragged && y < c.getBoundingClientRect().top + c.offsetHeight / 2);

  document.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest(".mc-card[draggable=true]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.id);
    card.classList.add("mc-dragging");
  });

  document.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("mc-dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", (event) => {
    const list = event.target.closest && event.target.closest(".mc-board-cards[data-drop]");
    if (!list || !dragged || !allowed(dragged, list.dataset.stage)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!list.classList.contains("mc-drop-target")) { clearTargets(); list.classList.add("mc-drop-target"); }
  });

  document.addEventListener("drop", (event) => {
    const list = event.target.closest && event.target.closest(".mc-board-cards[data-drop]");
    if (!list || !dragged || !allowed(dragged, list.dataset.stage)) return;
    event.preventDefault();
    const card = dragged;
    const before = cardBelow(list, event.clientY);
    clearTargets();
    if (before === card.nextElementSibling && list.dataset.stage === card.dataset.stage) return;
    // Let the drop finish before a possible prompt (lost reason) opens.
    window.setTimeout(() => {
      if (!move(card, list.dataset.stage, before && before.dataset.id)) return;
      list.insertBefore(card, before || list.querySelector(".mc-board-more"));  // shown at once; the answer confirms
      list.querySelector(".mc-board-hint")?.remove();
    }, 0);
  });

  document.addEventListener("change", (event) => {
    const select = event.target.closest && event.target.closest("select.mc-stage-select");
    if (!select) return;
    const card = select.closest(".mc-card");
    if (!move(card, select.value, "")) select.value = card.dataset.stage;
  });
})();
