// The pipeline board (templates/investment/board.html): drag a card to another column to move the
// project. Only the moves the workflow allows are drop targets (the card's data-targets, from
// PROJECT_WORKFLOW.next_stages); the drop is POSTed with the stage the card was in (seen_stage)
// and the server answers with the whole board redrawn from the database — so a refused move (a
// colleague moved the card first, a rule) puts the card back where it really is, with the reason.
(function () {
  "use strict";

  function move(board, card, toStage) {
    board.classList.add("board-busy");
    htmx.ajax("POST", card.dataset.moveUrl, {
      target: "#board",
      swap: "outerHTML",
      values: { to_stage: toStage, seen_stage: card.dataset.stage },
      headers: { "X-CSRFToken": board.dataset.csrf },
    });
  }

  function init(root) {
    const board = root.querySelector ? (root.matches && root.matches("[data-board]") ? root : root.querySelector("[data-board]")) : null;
    if (!board || board.dataset.mayMove !== "1" || typeof Sortable === "undefined") return;
    board.querySelectorAll(".board-cards").forEach(function (list) {
      Sortable.create(list, {
        group: {
          name: "board",
          pull: list.dataset.open === "1",
          put: function (to, from, dragged) {
            return (dragged.dataset.targets || "").split(" ").indexOf(to.el.dataset.stage) !== -1;
          },
        },
        sort: false,
        draggable: ".board-card",
        // Buttons stay buttons; a card is dragged by anywhere else, its title link included.
        filter: "button",
        preventOnFilter: false,
        // Pointer events rather than native HTML5 drag and drop: the same on a phone's touch
        // screen and a mouse, and a small move before a drag starts keeps taps as clicks.
        forceFallback: true,
        fallbackTolerance: 4,
        ghostClass: "board-ghost",
        onAdd: function (event) {
          move(board, event.item, event.to.dataset.stage);
        },
      });
    });
  }

  // On the first load and on every swap of the board (htmx.onLoad runs for new content).
  htmx.onLoad(init);
})();
