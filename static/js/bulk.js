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
    // 下一阶段 names the filter's step (拟申报 → 已申报) only while the filter's pool is chosen.
    const filterPool = pool.value;
    const nextOption = stage.querySelector('option[value="next"]');
    const nextNamed = nextOption ? nextOption.textContent : "";
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
      const known = pool.value === filterPool ? stage.dataset.nextStage : undefined;
      if (nextOption) nextOption.textContent = known ? nextNamed : stage.dataset.nextGeneric || nextNamed;
      const poolCertified = certified[pool.value] || [];
      let needs;
      if (stage.value === "next") {
        // Known next stage (the list is filtered by stage), else any certified stage may follow.
        needs = known ? poolCertified.includes(known) : poolCertified.length > 0;
      } else {
        needs = poolCertified.includes(stage.value);
      }
      certFields.forEach((field) => {
        const box = field.closest(".col-12") || field;
        box.hidden = !needs;
      });
    }
    pool.addEventListener("change", sync);
    stage.addEventListener("change", sync);
    sync();
  });
})();
