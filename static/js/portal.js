// Small behaviours every page may use, wired by data-* attributes (the Content-Security-Policy
// allows no inline scripts or on...= handlers). Delegated from the document, so content htmx
// swaps in later works too.
(function () {
  // <input data-enter-no-submit>: Enter in a search-as-you-type box does not submit its form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-enter-no-submit]")) {
      event.preventDefault();
    }
  });
  // <button data-remove-closest="form">: removes the nearest such ancestor (a form htmx showed inline).
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-remove-closest]");
    if (!button) return;
    const target = button.closest(button.dataset.removeClosest);
    if (target) target.remove();
  });
})();
