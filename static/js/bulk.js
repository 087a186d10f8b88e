// Bulk actions on list pages: "select all on this page" and the count of ticked rows.
(function () {
  const form = document.getElementById("bulk-form");
  if (!form) return;
  const rows = () => Array.from(form.querySelectorAll("input[data-bulk-row]"));
  const all = form.querySelector("input[data-bulk-all]");
  const counter = form.querySelector("[data-bulk-count]");
  function update() {
    const ticked = rows().filter((box) => box.checked).length;
    if (counter) counter.textContent = ticked;
    if (all) {
      all.checked = ticked > 0 && ticked === rows().length;
      all.indeterminate = ticked > 0 && ticked < rows().length;
    }
  }
  if (all) {
    all.addEventListener("change", () => {
      rows().forEach((box) => { box.checked = all.checked; });
      update();
    });
  }
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[data-bulk-row]")) update();
  });
  update();
})();
