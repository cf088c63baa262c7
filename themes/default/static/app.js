// Optional enhancement: show "open today" from the visitor's own date, in the
// museum's timezone. Without JavaScript the weekly hours stay on the page.
(function () {
  "use strict";
  var box = document.querySelector(".today[data-hours]");
  if (!box || !window.Intl) return;
  var data = JSON.parse(box.getAttribute("data-hours"));
  var parts = {};
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: data.tz, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
  } catch (e) { return; }
  var today = parts.year + "-" + parts.month + "-" + parts.day;
  var days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var hours = data.weekly[days.indexOf(parts.weekday)];
  data.exceptions.forEach(function (e) { if (e[0] <= today && today <= e[1]) hours = e[2]; });
  var text = box.querySelector(".today-text");
  if (!text || !hours) return;
  text.textContent = hours === "closed" ? box.getAttribute("data-closed")
    : box.getAttribute("data-open") + " " + hours.replace("-", "–");
})();

// Optional enhancement: a gallery's photo opens large over the page; a tap, Esc or the
// phone's back button closes it (the page stays). Without JavaScript its link opens the
// large image itself.
(function () {
  "use strict";
  var gallery = document.querySelector(".gallery");
  if (!gallery || !document.addEventListener || !window.history || !history.pushState) return;
  var viewer = null, opener = null;
  function remove() {
    if (!viewer) return;
    viewer.parentNode.removeChild(viewer);
    viewer = null;
    document.body.style.overflow = "";
    if (opener) opener.focus();
  }
  function close() {
    if (viewer) history.back();  // the entry open() added: its popstate removes the viewer
  }
  function open(link) {
    opener = link;
    viewer = document.createElement("div");
    viewer.className = "viewer";
    viewer.setAttribute("role", "dialog");
    viewer.setAttribute("aria-modal", "true");
    var image = document.createElement("img");
    image.src = link.href;
    image.alt = link.querySelector("img").alt;
    viewer.setAttribute("aria-label", image.alt);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "viewer-close";
    button.setAttribute("aria-label", gallery.getAttribute("data-close"));
    button.textContent = "\u00d7";
    viewer.appendChild(image);
    viewer.appendChild(button);
    viewer.addEventListener("click", close);
    document.body.appendChild(viewer);
    document.body.style.overflow = "hidden";
    history.pushState({ viewer: true }, "");
    button.focus();
  }
  window.addEventListener("popstate", remove);
  gallery.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    open(link);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") close();
  });
})();

// Optional enhancement: the audio guide's keypad types into its field (so does the phone's
// own keyboard) and "Listen" goes straight to the stop. Without JavaScript each key is a
// link to the keypad page of the number typed so far, which links to its stop.
(function () {
  "use strict";
  var form = document.querySelector("form.keypad[data-stops]");
  if (!form || !window.JSON) return;
  var stops = JSON.parse(form.getAttribute("data-stops"));
  var field = form.querySelector(".keypad-field");
  var result = form.querySelector(".keypad-result");
  var go = form.querySelector(".key-go");
  var erase = form.querySelector("[data-erase]");
  var keys = form.querySelectorAll("[data-digit]");
  var starts = {};
  Object.keys(stops).forEach(function (n) { for (var i = 1; i <= n.length; i++) starts[n.slice(0, i)] = true; });
  function show() {
    var typed = field.value.replace(/\D/g, "").slice(0, 4);
    if (typed !== field.value) field.value = typed;
    go.disabled = !stops[typed];
    setDisabled(erase, !typed);
    for (var i = 0; i < keys.length; i++) setDisabled(keys[i], !starts[typed + keys[i].getAttribute("data-digit")]);
    result.textContent = !typed || stops[typed] ? "" : starts[typed] ? form.getAttribute("data-more") : form.getAttribute("data-none");
    if (stops[typed]) result.appendChild(match(typed, stops[typed]));
  }
  function match(number, stop) {  // as the page without script shows it
    var link = document.createElement("a"), badge = document.createElement("span");
    link.className = "stop-match";
    link.href = stop[0];
    badge.className = "stop-number";
    badge.textContent = number;
    link.appendChild(badge);
    link.appendChild(document.createTextNode(" " + stop[1]));
    return link;
  }
  function setDisabled(key, off) {
    if (key.tagName === "BUTTON") key.disabled = off;
    else if (off) key.setAttribute("aria-disabled", "true");
    else key.removeAttribute("aria-disabled");
  }
  function press(event) {
    var key = event.currentTarget;
    event.preventDefault();
    if (key.disabled || key.getAttribute("aria-disabled") === "true") return;
    field.value = key.hasAttribute("data-erase") ? field.value.slice(0, -1) : field.value + key.getAttribute("data-digit");
    show();
  }
  for (var i = 0; i < keys.length; i++) keys[i].addEventListener("click", press);
  erase.addEventListener("click", press);
  field.readOnly = false;
  field.addEventListener("input", show);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var target = stops[field.value];
    if (target) window.location.href = target[0];
    else result.textContent = form.getAttribute("data-none");
  });
  show();
})();
