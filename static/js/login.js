// The login page reached by a redirect: says the visit draft is kept when this phone holds one
// (static/js/visit_form.js writes drafts under "visit-draft:<user>:<form>").
(function () {
  const note = document.querySelector("[data-draft-note]");
  if (!note) return;
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      if ((localStorage.key(i) || "").startsWith("visit-draft:")) { note.hidden = false; return; }
    }
  } catch (error) { /* storage disabled: no draft to speak of */ }
})();
