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
