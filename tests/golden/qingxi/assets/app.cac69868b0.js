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
