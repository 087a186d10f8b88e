// The visit form on a phone: nothing typed is lost, photos go up as phones take them.
//
// - A draft of every field is kept in localStorage as it is typed (key per user and per form:
//   data-draft-key), the chosen photos (already shrunk) in IndexedDB under the same key. A page
//   that finds a draft offers it back (恢复草稿 / 放弃): after a login, a closed tab, no signal.
// - The form is sent with fetch. No signal: the draft stays and the page says so. An ended
//   session: the draft stays and the browser goes to the login page, which brings the officer
//   back here. A form error: the server's form replaces this one's fields and the chosen photos
//   are put back. Saved: the draft is cleared.
// - Chosen photos are shrunk to ~1600 px JPEG in the browser (EXIF orientation applied), so a
//   12 MB camera photo goes up as a few hundred KB; the server still checks each one.
// Texts come from <script type="application/json" id="visit-form-text"> (translated in the template).
(function () {
  const form = document.querySelector("form.visit-form");
  if (!form) return;
  const text = JSON.parse(document.getElementById("visit-form-text").textContent);
  const draftKey = "visit-draft:" + form.dataset.draftKey;
  const loginPath = form.dataset.loginPath;
  const MAX_SIDE = 1600;
  const QUALITY = 0.85;
  let saved = false; // the server has the visit: no draft any more
  let banner = null; // the 恢复草稿 / 放弃 offer while it is shown

  // ---- the photos kept in memory (and in IndexedDB for the draft) --------------------------
  let photos = []; // File objects, already shrunk
  let shrinking = Promise.resolve();

  function photoInput() { return form.querySelector("input[type=file][name=photos]"); }

  function syncInput() {
    // The input carries exactly the kept photos, so a plain (non-fetch) submit sends them too.
    const input = photoInput();
    if (!input || typeof DataTransfer === "undefined") return;
    const transfer = new DataTransfer();
    photos.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
  }

  function renderPreview() {
    const preview = form.querySelector("#photo-preview");
    if (!preview) return;
    preview.replaceChildren(...photos.map(function (file, index) {
      const tile = document.createElement("figure");
      tile.className = "photo-tile mb-0 position-relative";
      const img = document.createElement("img");
      img.alt = file.name;
      img.addEventListener("error", function () { img.remove(); }); // not an image: the server will say so by name
      img.src = URL.createObjectURL(file);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-light photo-remove";
      remove.setAttribute("aria-label", text.removePhoto + " " + file.name);
      remove.innerHTML = '<i class="bi bi-x-lg"></i>';
      remove.dataset.photoIndex = String(index);
      const caption = document.createElement("figcaption");
      caption.className = "small text-truncate";
      caption.textContent = file.name + " · " + formatSize(file.size);
      tile.append(img, remove, caption);
      return tile;
    }));
  }

  function formatSize(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + "MB" : Math.max(1, Math.round(bytes / 1024)) + "KB";
  }

  async function shrink(file) {
    // Small enough already (a screenshot, a downscaled picture): sent as chosen.
    if (typeof createImageBitmap === "undefined") return file;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (error) {
      return file; // not an image the browser can read: the server names it in its answer
    }
    const longest = Math.max(bitmap.width, bitmap.height);
    if (longest <= MAX_SIDE && file.size <= 1024 * 1024) { bitmap.close(); return file; }
    const scale = Math.min(1, MAX_SIDE / longest);
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext("2d");
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); });
    if (!blob) return file;
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
  }

  form.addEventListener("change", function (event) {
    if (!event.target.matches("input[type=file][name=photos]")) return;
    const chosen = Array.from(event.target.files);
    if (!chosen.length) { syncInput(); return; }
    setStatus(text.shrinking, "info");
    shrinking = shrinking.then(async function () {
      // One by one: a phone's memory holds one decoded 12-megapixel photo, not nine.
      for (const file of chosen) photos.push(await shrink(file));
      syncInput();
      renderPreview();
      setStatus("", "");
      await storePhotos();
    });
  });

  form.addEventListener("click", function (event) {
    const remove = event.target.closest(".photo-remove");
    if (!remove) return;
    photos.splice(Number(remove.dataset.photoIndex), 1);
    syncInput();
    renderPreview();
    storePhotos();
  });

  // ---- IndexedDB: the draft's photos ---------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      const request = indexedDB.open("haimen-drafts", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("photos"); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  async function photoStore(mode, action) {
    try {
      const db = await openDb();
      return await new Promise(function (resolve, reject) {
        const tx = db.transaction("photos", mode);
        const request = action(tx.objectStore("photos"));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    } catch (error) {
      return undefined; // private mode or storage full: the text draft still works
    }
  }

  function storePhotos() {
    if (!photos.length) return photoStore("readwrite", function (store) { return store.delete(draftKey); });
    const saved = photos.map(function (file) { return { name: file.name, type: file.type, blob: file }; });
    return photoStore("readwrite", function (store) { return store.put(saved, draftKey); });
  }

  function loadPhotos() {
    return photoStore("readonly", function (store) { return store.get(draftKey); }).then(function (saved) {
      return (saved || []).map(function (item) { return new File([item.blob], item.name, { type: item.type }); });
    });
  }

  // ---- the text draft ------------------------------------------------------------------------
  const SKIP = new Set(["csrfmiddlewaretoken", "q", "photos"]);

  function snapshot() {
    const values = {};
    Array.from(form.elements).forEach(function (field) {
      if (!field.name || SKIP.has(field.name) || field.type === "file" || field.type === "submit" || field.type === "button") return;
      if (field.type === "checkbox" || field.type === "radio") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else {
        values[field.name] = [field.value];
      }
    });
    return values;
  }

  function sameValues(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  const initial = snapshot();

  function readDraft() {
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (error) { return null; }
  }

  function saveDraft() {
    if (saved) return; // leaving after the save: nothing to keep
    if (banner) return; // an offered draft is not overwritten until the officer answers the banner
    const values = snapshot();
    try {
      if (sameValues(values, initial) && !photos.length) { localStorage.removeItem(draftKey); return; }
      const picked = form.querySelector("[data-picked-enterprise]");
      localStorage.setItem(draftKey, JSON.stringify({
        values: values, savedAt: Date.now(), enterpriseName: picked ? picked.textContent.trim() : "", photoCount: photos.length,
      }));
    } catch (error) { /* storage full or disabled: nothing more we can do quietly */ }
  }

  function clearDraft() {
    try { localStorage.removeItem(draftKey); } catch (error) { /* ignore */ }
    return photoStore("readwrite", function (store) { return store.delete(draftKey); });
  }

  let timer = null;
  function draftSoon() {
    clearTimeout(timer);
    timer = setTimeout(saveDraft, 250);
    hideBanner(); // typing on: the officer chose this form over the old draft
  }
  form.addEventListener("input", draftSoon);
  form.addEventListener("change", draftSoon);
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (form.contains(event.target)) saveDraft(); // the enterprise picked (or 更换)
  });
  // Switching to WeChat hides the page: write the draft now, not in 250 ms.
  document.addEventListener("visibilitychange", function () { if (document.hidden) saveDraft(); });
  window.addEventListener("pagehide", saveDraft);

  function applyDraft(draft, files) {
    const values = draft.values || {};
    Array.from(form.elements).forEach(function (field) {
      if (!field.name || !(field.name in values) || field.name === "enterprise") return;
      if (field.type === "checkbox" || field.type === "radio") field.checked = values[field.name].includes(field.value);
      else field.value = values[field.name][0] || "";
    });
    const enterprise = (values.enterprise || [""])[0];
    const current = form.querySelector("input[name=enterprise]");
    if (enterprise && (!current || current.value !== enterprise) && window.htmx) {
      htmx.ajax("GET", form.dataset.pickUrl + "?pick=" + encodeURIComponent(enterprise), { target: "#enterprise-picker", swap: "outerHTML" });
    }
    if (files.length) { photos = files; syncInput(); renderPreview(); }
  }

  // ---- the banner: 恢复草稿 / 放弃 ---------------------------------------------------------------
  function hideBanner() { if (banner) { banner.remove(); banner = null; } }

  async function offerDraft() {
    const draft = readDraft();
    const files = await loadPhotos();
    if (!draft && !files.length) return;
    if (draft && sameValues(draft.values, initial) && !files.length) return;
    banner = document.createElement("div");
    banner.className = "alert alert-warning py-2 draft-banner";
    banner.setAttribute("role", "status");
    const when = draft ? new Date(draft.savedAt) : null;
    const pad = function (n) { return String(n).padStart(2, "0"); };
    const parts = [];
    if (draft && draft.enterpriseName) parts.push(draft.enterpriseName);
    if (when) parts.push(when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate()) + " " + pad(when.getHours()) + ":" + pad(when.getMinutes()));
    if (files.length) parts.push(text.photoCount.replace("%s", files.length));
    const message = document.createElement("div");
    message.className = "mb-2";
    message.textContent = text.draftFound + (parts.length ? "（" + parts.join("，") + "）" : "");
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-warning me-2";
    restore.textContent = text.restore;
    restore.addEventListener("click", function () {
      hideBanner();
      applyDraft(draft || { values: {} }, files);
      saveDraft();
    });
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-outline-secondary";
    discard.textContent = text.discard;
    discard.addEventListener("click", function () {
      hideBanner();
      try { localStorage.removeItem(draftKey); } catch (error) { /* ignore */ }
      photoStore("readwrite", function (store) { return store.delete(draftKey); });
    });
    banner.append(message, restore, discard);
    form.prepend(banner);
  }

  // ---- status line under the form's heading ------------------------------------------------------
  function setStatus(message, kind) {
    let status = document.getElementById("visit-form-status");
    if (!message) { if (status) status.remove(); return; }
    if (!status) {
      status = document.createElement("div");
      status.id = "visit-form-status";
      status.setAttribute("role", "alert");
    }
    status.className = "alert py-2 alert-" + kind;
    status.textContent = message;
    const submitBar = form.querySelector(".visit-submit");
    if (kind === "info") form.querySelector("#photo-preview").after(status);
    else if (submitBar) submitBar.before(status);
    if (kind !== "info") status.scrollIntoView({ block: "center" });
  }

  // ---- sending -----------------------------------------------------------------------------------
  let busy = false;
  function button() { return form.querySelector(".visit-submit button[type=submit]"); }
  const label = button().innerHTML;
  function setBusy(on) {
    busy = on;
    const submit = button();
    submit.disabled = on;
    if (on) submit.textContent = text.saving; else submit.innerHTML = label;
  }

  // Two steps: on the form, one tap = one visit (busy at once); on the document, after every
  // other submit listener has run, the sending — unless one of them cancelled the submit.
  form.addEventListener("submit", function (event) {
    if (busy) { event.preventDefault(); event.stopPropagation(); return; } // a slow upload is not sent twice
    setBusy(true);
    saveDraft();
  });
  document.addEventListener("submit", function (event) {
    if (event.target !== form || event.defaultPrevented) return;
    event.preventDefault();
    send();
  });

  async function send() {
    await shrinking;
    await storePhotos();
    const data = new FormData(form);
    data.delete("photos");
    photos.forEach(function (file) { data.append("photos", file, file.name); });
    let response;
    try {
      response = await fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-Visit-Form": "fetch" },
      });
    } catch (error) {
      setBusy(false);
      setStatus(text.offline, "warning");
      return;
    }
    const landed = new URL(response.url, window.location.href);
    if (landed.pathname === loginPath) {
      // The session ended (WeChat, a long pause): the draft stays, the login page brings us back.
      window.location.href = response.url;
      return;
    }
    const type = response.headers.get("Content-Type") || "";
    if (response.ok && type.includes("application/json")) {
      const answer = await response.json();
      saved = true;
      clearTimeout(timer);
      await clearDraft();
      window.location.href = answer.location;
      return;
    }
    if (response.ok && type.includes("text/html")) {
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.querySelector("form.visit-form");
      if (fresh) {
        form.innerHTML = fresh.innerHTML; // the server's errors; listeners on the form stay
        if (window.htmx) htmx.process(form);
        syncInput();
        renderPreview();
        const dropped = form.querySelector("[data-photos-dropped]");
        if (dropped && photos.length) dropped.remove();
        setBusy(false);
        const first = form.querySelector(".is-invalid, .invalid-feedback, .alert-danger");
        if (first) first.scrollIntoView({ block: "center" });
        return;
      }
    }
    setBusy(false);
    setStatus(response.status === 403 ? text.forbidden : text.serverError, "danger");
  }

  // Drafts nobody came back to in 30 days are let go (text and photos), so a shared phone's
  // storage does not fill up with old visits.
  function forgetOldDrafts() {
    const cutoff = Date.now() - 30 * 24 * 3600 * 1000;
    try {
      Object.keys(localStorage).filter(function (key) { return key.startsWith("visit-draft:"); }).forEach(function (key) {
        let draft = null;
        try { draft = JSON.parse(localStorage.getItem(key)); } catch (error) { /* unreadable: let it go */ }
        if (draft && draft.savedAt >= cutoff) return;
        localStorage.removeItem(key);
        photoStore("readwrite", function (store) { return store.delete(key); });
      });
    } catch (error) { /* storage disabled */ }
  }

  window.addEventListener("pageshow", function () { if (busy) setBusy(false); });
  forgetOldDrafts();
  offerDraft();
})();
