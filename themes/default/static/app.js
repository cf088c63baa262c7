// Optional enhancement: the service worker (sw.js) keeps the gallery's pages for use
// offline. Registered after load: the first visit waits for nothing more.
(function () {
  "use strict";
  var script = document.currentScript, worker = script && script.getAttribute("data-worker");
  if (!worker || !("serviceWorker" in navigator) || location.protocol === "file:") return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker).catch(function () {});
  });
})();

// Optional enhancement: "open now, closes at 17:00" in the header (and in place of the
// weekly hours on the home and visit pages), worked out from the published hours in the
// museum's timezone, wherever the visitor is. Without JavaScript the weekly hours stay.
// Worked out once the page has been drawn (at its load where a browser cannot say when
// it draws): the first use of a timezone costs a slow phone a tenth of a second or more,
// which would otherwise hold back the first paint, and a small page has loaded before it
// is first drawn; the line's place is kept, so nothing moves.
(function () {
  "use strict";
  var box = document.querySelector(".open-now[data-hours]");
  if (!box || !window.Intl) return;
  if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(fill, 0); });
  else window.addEventListener("load", fill);

  function fill() {
    var data = JSON.parse(box.getAttribute("data-hours"));
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: data.tz, year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", hourCycle: "h23" })
        .formatToParts(new Date()).forEach(function (p) { parts[p.type] = +p.value; });
    } catch (e) { return; }
    var day = 86400000, today = Date.UTC(parts.year, parts.month - 1, parts.day);  // the museum's date
    var now = parts.hour % 24 * 60 + parts.minute;
    function clock(m) { return Math.floor(m / 60) + ":" + ("0" + m % 60).slice(-2); }
    function hoursOn(date) {  // [opens, closes] in minutes, or null when closed
      var iso = new Date(date).toISOString().slice(0, 10), hours = data.weekly[(new Date(date).getUTCDay() + 6) % 7];
      data.exceptions.forEach(function (e) { if (e[0] <= iso && iso <= e[1]) hours = e[2]; });
      return hours === "closed" ? null : hours.split("-").map(function (t) { return t.slice(0, 2) * 60 + +t.slice(3); });
    }
    function say(key, values) {
      return data.text[key].replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
    }
    // [the header's line, the home and visit pages' words (with the last entry)]
    function status() {
      var hours = hoursOn(today);
      if (hours && now < hours[0]) return say("today", { time: clock(hours[0]) });
      if (hours && now < hours[1]) {
        var entry = hours[1] - data.entry, open = say("open", { close: clock(hours[1]) });
        if (!data.entry || entry <= hours[0]) return open;
        return [open, now >= entry ? say("no_entry", { close: clock(hours[1]), time: clock(entry) })
          : open + " · " + say("entry", { time: clock(entry) })];
      }
      for (var ahead = 1; ahead <= 366; ahead++) {
        var next = hoursOn(today + ahead * day), time = clock(next ? next[0] : 0);
        if (!next) continue;
        if (ahead === 1) return say("tomorrow", { time: time });
        var named = new Intl.DateTimeFormat(document.documentElement.lang, ahead < 7 ? { weekday: "long", timeZone: "UTC" }
          : { month: "long", day: "numeric", weekday: "short", timeZone: "UTC" }).format(new Date(today + ahead * day));
        return say("later", { day: named, time: time });
      }
      return null;  // not open in the coming year: the page's own words stand
    }
    var text = status();
    if (!text) return;
    if (typeof text === "string") text = [text, text];
    box.textContent = text[0];
    Array.prototype.forEach.call(document.querySelectorAll(".today-text"), function (el) { el.textContent = text[1]; });
  }
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
    if (on && !document.getElementById("elder-css")) {
      var sheet = document.createElement("link");
      sheet.rel = "stylesheet";
      sheet.href = button.getAttribute("data-css");
      sheet.id = "elder-css";
      sheet.onload = balance;
      document.head.appendChild(sheet);
    }
    document.documentElement.className = on ? "elder" : "";
    try { localStorage.setItem("museumgen-elder", on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
    show();
    balance();
  });
  show();
  button.hidden = false;

  // The mode's tab labels keep their size, so on a narrow phone they can need two lines;
  // then the tabs are set in even columns (five as three and two), not one alone under the
  // others, unless a label would not fit its column. Without JavaScript they just wrap.
  var tabs = document.querySelector(".tabbar ul");
  function balance() {
    if (!tabs || !tabs.classList) return;
    tabs.classList.remove("tabs-even");
    var items = tabs.children;
    if (!on || items.length < 3 || items[items.length - 1].offsetTop === items[0].offsetTop) return;
    tabs.style.setProperty("--tab-columns", String(Math.ceil(items.length / 2)));
    tabs.classList.add("tabs-even");
    var fits = Array.prototype.every.call(items, function (item) { return item.scrollWidth <= item.clientWidth; });
    if (!fits) tabs.classList.remove("tabs-even");
  }
  balance();
  window.addEventListener("resize", balance);
})();

// "Zoom in" loads the deep-zoom viewer (zoom.js) on the tap, not before; without
// JavaScript the button stays hidden and the photograph is the page's.
(function () {
  "use strict";
  var loading = null;
  Array.prototype.forEach.call(window.fetch ? document.querySelectorAll("button[data-zoom]") : [], function (b) {
    b.parentNode.hidden = false;
    b.onclick = function () {
      loading = loading || new Promise(function (done, fail) {
        var s = document.createElement("script");
        s.src = b.getAttribute("data-script");
        s.onload = done;
        s.onerror = function () { loading = null; fail(); };
        document.head.appendChild(s);
      });
      loading.then(function () { window.museumgenZoom(b); }, function () {});
    };
  });
})();
