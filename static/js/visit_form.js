// The visit form on a phone. Loaded with data-saving-label (the button's text while saving) and
// data-photo-input (the id of the photo field).
(function () {
  const script = document.currentScript;
  const form = document.querySelector(".visit-form");
  if (!form) return;
  // One tap, one visit: a slow mobile upload must not be sent twice by an impatient second tap.
  const button = form.querySelector("button[type=submit]");
  const label = button.innerHTML;
  form.addEventListener("submit", function (event) {
    if (button.disabled) { event.preventDefault(); return; }
    button.disabled = true;
    button.textContent = script.dataset.savingLabel;
  });
  // Coming back with the browser's back button shows the page as it was left: usable again.
  window.addEventListener("pageshow", function () { button.disabled = false; button.innerHTML = label; });

  // The chosen photos as thumbnails, so the officer sees what will be sent before sending it.
  const input = document.getElementById(script.dataset.photoInput);
  const preview = document.getElementById("photo-preview");
  if (!input || !preview) return;
  input.addEventListener("change", function () {
    preview.replaceChildren(...Array.from(input.files).map(function (file) {
      const tile = document.createElement("figure");
      tile.className = "photo-tile mb-0";
      const img = document.createElement("img");
      img.alt = file.name;
      img.addEventListener("error", function () { img.remove(); });  // not an image: the server will say so by name
      img.src = URL.createObjectURL(file);
      const caption = document.createElement("figcaption");
      caption.className = "small text-truncate";
      caption.textContent = file.name;
      tile.append(img, caption);
      return tile;
    }));
  });
})();
