// Optional enhancement: "open now, closes at 17:00" in the header (and in place of the
// weekly hours on the home and visit pages), worked out from the published hours in the
// museum's timezone, wherever the visitor is. Without JavaScript the weekly hours stay.
(function () {
  "use strict";
  var box = document.querySelector(".open-now[data-hours]");
  if (!box || !window.Intl) return;
  var data = JSON.parse(box.getAttribute("data-hours"));
  var parts = {};
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: data.tz, year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", hourCycle: "h23" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = +p.value; });
  } catch (e) { return; }
  var DAY = 86400000;
  var today = Date.UTC(parts.year, parts.month - 1, parts.day);  // the museum's date, at UTC midnight
  var now = (parts.hour % 24) * 60 + parts.minute;
  function minutes(clock) { var hm = clock.split(":"); return hm[0] * 60 + +hm[1]; }
  function clock(m) { return Math.floor(m / 60) + ":" + ("0" + m % 60).slice(-2); }
  function hoursOn(day) {  // [opens, closes] in minutes, or null when closed
    var iso = new Date(day).toISOString().slice(0, 10);
    var hours = data.weekly[(new Date(day).getUTCDay() + 6) % 7];
    data.exceptions.forEach(function (e) { if (e[0] <= iso && iso <= e[1]) hours = e[2]; });
    return hours === "closed" ? null : hours.split("-").map(minutes);
  }
  function say(key, values) {
    return data.text[key].replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
  }
  function dayName(day, ahead) {
    var options = ahead < 7 ? { weekday: "long" } : { month: "long", day: "numeric", weekday: "short" };
    options.timeZone = "UTC";
    return new Intl.DateTimeFormat(data.lang, options).format(new Date(day));
  }
  // [short, long]: the header's line, and the home and visit pages' with the last entry
  function status() {
    var hours = hoursOn(today);
    if (hours && now < hours[0]) return same(say("today", { time: clock(hours[0]) }));
    if (hours && now < hours[1]) {
      var entry = hours[1] - data.entry, open = say("open", { close: clock(hours[1]) });
      if (!data.entry || entry <= hours[0]) return same(open);
      if (now >= entry) return [open, say("no_entry", { close: clock(hours[1]), time: clock(entry) })];
      return [open, open + " · " + say("entry", { time: clock(entry) })];
    }
    for (var ahead = 1; ahead <= 366; ahead++) {
      var next = hoursOn(today + ahead * DAY);
      if (!next) continue;
      if (ahead === 1) return same(say("tomorrow", { time: clock(next[0]) }));
      return same(say("later", { day: dayName(today + ahead * DAY, ahead), time: clock(next[0]) }));
    }
    return null;  // never open in the coming year: the page's own words stand
  }
  function same(text) { return [text, text]; }
  var text = status();
  if (!text) return;
  box.textContent = text[0];
  Array.prototype.forEach.call(document.querySelectorAll(".today-text"), function (el) { el.textContent = text[1]; });
})();

// Optional enhancement: the large-text, high-contrast mode (适老化). The head's small
// script applies the choice before the first paint; this button changes and keeps it.
(function () {
  "use strict";
  var button = document.querySelector(".elder-toggle");
  if (!button || !window.localStorage) return;
  var on = document.documentElement.className === "elder";
  function show() { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  button.addEventListener("click", function () {
    on = !on;
    document.documentElement.className = on ? "elder" : "";
    try { localStorage.setItem("museumgen-elder", on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
    show();
  });
  show();
  button.hidden = false;
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
