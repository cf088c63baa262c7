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
