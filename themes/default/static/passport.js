// The stamp passport: opening a stamp's page (its QR code leads there) collects it, and so
// does entering its number on the passport page. Collected stamps are kept on this phone
// only (localStorage), and nothing is fetched: it works without a network once loaded.
(function () {
  "use strict";
  var KEY = "museumgen-stamps:" + location.pathname.replace(/stamps\/.*$/, "");
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(slug) {
    var kept = load();
    if (!kept[slug]) kept[slug] = new Date().toISOString().slice(0, 10);
    try { localStorage.setItem(KEY, JSON.stringify(kept)); } catch (e) { /* private mode: kept for this page only */ }
    return kept;
  }
  var page = document.querySelector(".stamp-page[data-stamp]");
  if (page) {
    save(page.getAttribute("data-stamp"));
    var state = page.querySelector(".stamp-state");
    state.textContent = state.getAttribute("data-collected");
    page.classList.add("is-collected");
  }
  var passport = document.querySelector(".passport");
  if (!passport) return;
  var items = passport.querySelectorAll(".stamp[data-stamp]");
  function show(kept) {
    var count = 0;
    for (var i = 0; i < items.length; i++) {
      var on = !!kept[items[i].getAttribute("data-stamp")];
      count += on ? 1 : 0;
      items[i].classList.toggle("is-collected", on);
      items[i].querySelector(".stamp-mark").textContent = passport.getAttribute(on ? "data-collected" : "data-missing");
    }
    passport.querySelector("[data-count]").textContent = count;
  }
  var form = passport.querySelector(".stamp-form");
  var field = form.querySelector("input");
  var result = form.querySelector("[role=status]");
  form.hidden = false;
  passport.querySelector(".passport-count").hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var typed = String(parseInt(field.value, 10));
    var found = passport.querySelector('.stamp[data-number="' + typed + '"]');
    if (!found) { result.textContent = passport.getAttribute("data-unknown"); return; }
    show(save(found.getAttribute("data-stamp")));
    result.textContent = passport.getAttribute("data-collected") + ": " + found.querySelector(".stamp-name").textContent;
    field.value = "";
  });
  show(load());
})();
