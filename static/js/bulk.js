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

// The pool bulk move (enterprises.forms.PoolBulkMoveForm): the stage select lists only the chosen
// pool's stages, and the certificate-number fields show only for a certified stage. The server
// checks all of it again; this only keeps the panel to what applies.
(function () {
  document.querySelectorAll("select[data-pool-groups]").forEach((stage) => {
    const form = stage.form;
    const pool = form.querySelector(`select[name="${stage.dataset.poolSelect}"]`);
    if (!pool) return;
    const groups = JSON.parse(stage.dataset.poolGroups);
    const certified = JSON.parse(stage.dataset.certified);
    const panel = stage.closest(".collapse") || form;
    const certFields = Array.from(panel.querySelectorAll("[data-certificate-field]"));
    function sync() {
      const label = groups[pool.value];
      stage.querySelectorAll("optgroup").forEach((group) => {
        const mine = group.label === label;
        group.hidden = !mine;
        group.disabled = !mine;
      });
      const chosen = stage.selectedOptions[0];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) {
        stage.value = stage.options[0].value;
      }
      const poolCertified = certified[pool.value] || [];
      let needs;
      if (stage.value === "next") {
        // Known next stage (the list is filtered by stage), else any certified stage may follow.
        needs = stage.dataset.nextStage ? poolCertified.includes(stage.dataset.nextStage) : poolCertified.length > 0;
      } else {
        needs = poolCertified.includes(stage.value);
      }
      certFields.forEach((field) => {
        const box = field.closest(".col-12") || field;
        box.hidden = !needs;
      });
    }
    pool.addEventListener("change", () => {
      delete stage.dataset.nextStage; // the filter's stage belongs to the filter's pool
      sync();
    });
    stage.addEventListener("change", sync);
    sync();
  });
})();
