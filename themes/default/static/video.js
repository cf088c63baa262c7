// The video channel's enhancements, loaded only by the pages that have videos or live
// streams. Each is optional: without JavaScript every page works as it is.

// Optional enhancement: a chapter in the list makes the player on the page jump to it and
// play. Without JavaScript its link opens the video file at that time.
(function () {
  "use strict";
  var player = document.getElementById("player");
  var list = document.querySelector(".chapters");
  if (!player || !list || !player.play) return;
  list.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-start]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    player.currentTime = parseFloat(link.getAttribute("data-start"));
    var playing = player.play();
    if (playing && playing.catch) playing.catch(function () {});
    player.scrollIntoView({ block: "nearest" });
  });
})();

// Optional enhancement: a video on a platform that lets other sites show its player (its
// box has `data-player`) plays on the page. The player is made only when the visitor taps
// the poster, so nothing is asked of the platform before. Without JavaScript the poster
// stays a link to the video on the platform.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".platform-video[data-player]");
  if (!boxes.length || !document.addEventListener) return;
  Array.prototype.forEach.call(boxes, function (box) {
    var link = box.querySelector("a");
    var label = box.querySelector(".external-label");
    if (!link) return;
    if (label) label.textContent = box.getAttribute("data-play");
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      var frame = document.createElement("iframe");
      frame.className = "player-frame";
      frame.src = box.getAttribute("data-player");
      frame.title = box.getAttribute("data-title");
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      box.replaceChild(frame, link);
      frame.focus();
    });
  });
})();

// Optional enhancement: a live stream's state by the visitor's own clock. The page says
// what the build date knew (upcoming, today, ended); the clock knows the hour: upcoming
// until it starts, live now until it ends, then ended (or its recording, when it has one).
(function () {
  "use strict";
  var badges = document.querySelectorAll(".badge-live[data-start]");
  if (!badges.length) return;
  var now = Date.now();
  Array.prototype.forEach.call(badges, function (badge) {
    var start = Date.parse(badge.getAttribute("data-start"));
    var end = Date.parse(badge.getAttribute("data-end"));
    if (isNaN(start) || isNaN(end)) return;
    var state = now < start ? "upcoming" : now < end ? "now" : "ended";
    badge.textContent = badge.getAttribute("data-" + state);
    badge.className = "badge badge-live badge-live-" + state;
  });
  var room = document.querySelector(".live-room");
  var recording = document.querySelector(".live-recording");
  var badge = document.querySelector(".live .badge-live[data-end]");
  if (!room || !badge) return;
  var over = now >= Date.parse(badge.getAttribute("data-end"));
  room.className = "button live-room" + (over && recording ? " is-over" : "");
  if (recording) recording.className = "button live-recording" + (over ? "" : " button-light");
})();
