// 记拜访 on a phone: a tap on a city button fills the city field (any other city may be typed).
(function () {
  const form = document.querySelector("form.client-visit-form");
  if (!form) return;
  const city = form.querySelector("input[name=city]");
  form.addEventListener("click", function (event) {
    const pick = event.target.closest("[data-city]");
    if (!pick || !city) return;
    city.value = pick.dataset.city;
    form.querySelectorAll("[data-city]").forEach(function (button) {
      button.classList.toggle("active", button === pick);
    });
  });
})();
