// The deep-zoom viewer, loaded by app.js when a visitor taps "Zoom in": it reads the
// photograph's IIIF info.json (a level-0 image service of static tiles) and shows the
// tiles of the scale the screen needs for what is in view. Drag or swipe to move, pinch,
// the wheel, the + and − buttons or keys to zoom, arrow keys to move, Esc to close.
(function () {
  "use strict";
  // The viewer's styles come with it: pages without deep zoom never load them.
  var style = document.createElement("style");
  style.textContent = ".zoom-viewer { position: fixed; top: 0; right: 0; bottom: 0; left: 0; z-index: 30; background: #111; } .zoom-stage { position: absolute; top: 0; right: 0; bottom: 0; left: 0; z-index: 0; overflow: hidden; touch-action: none; cursor: grab; } .zoom-layer, .zoom-tile { position: absolute; top: 0; left: 0; } .zoom-tile { max-width: none; user-select: none; } .zoom-bar { position: absolute; z-index: 1; top: 8px; right: 8px; display: flex; gap: 8px; } .zoom-bar button { width: 48px; height: 48px; border: 0; border-radius: 50%; background: rgba(255, 255, 255, .25); color: #fff; font-size: 1.5rem; line-height: 1; }";
  document.head.appendChild(style);

  function tileUrl(base, x, y, w, h, sw, sh, info) {
    var region = x === 0 && y === 0 && w === info.width && h === info.height ? "full" : [x, y, w, h].join(",");
    return base + region + "/" + sw + "," + sh + "/0/default.jpg";
  }

  function open(button, info, base) {
    var opener = button;
    var tile = info.tiles[0].width, factors = info.tiles[0].scaleFactors.slice().sort(function (a, b) { return a - b; });
    var box = document.createElement("div");
    box.className = "zoom-viewer";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", button.getAttribute("data-alt"));
    var stage = document.createElement("div");
    stage.className = "zoom-stage";
    stage.setAttribute("role", "img");
    stage.setAttribute("aria-label", button.getAttribute("data-alt"));
    stage.tabIndex = 0;
    var layer = document.createElement("div");
    layer.className = "zoom-layer";
    stage.appendChild(layer);
    box.appendChild(stage);
    var bar = document.createElement("div");
    bar.className = "zoom-bar";
    function control(label, text, act) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("aria-label", label);
      b.textContent = text;
      b.addEventListener("click", act);
      bar.appendChild(b);
      return b;
    }
    var view = { scale: 1, x: 0, y: 0 };  // screen pixels per image pixel; image point at the stage's top left
    var shown = {};  // tile images in the layer, by address
    function fit() {
      var r = stage.getBoundingClientRect();
      view.scale = Math.min(r.width / info.width, r.height / info.height);
      view.x = (info.width - r.width / view.scale) / 2;
      view.y = (info.height - r.height / view.scale) / 2;
    }
    function minScale() {
      var r = stage.getBoundingClientRect();
      return Math.min(r.width / info.width, r.height / info.height) / 2;
    }
    function zoomAt(factor, cx, cy) {
      var scale = Math.max(minScale(), Math.min(4 * (window.devicePixelRatio || 1), view.scale * factor));
      view.x += cx / view.scale - cx / scale;
      view.y += cy / view.scale - cy / scale;
      view.scale = scale;
      draw();
    }
    function centre(factor) {
      var r = stage.getBoundingClientRect();
      zoomAt(factor, r.width / 2, r.height / 2);
    }
    function level() {
      // The coarsest scale whose tiles still have a pixel for each of the screen's.
      var need = 1 / (view.scale * (window.devicePixelRatio || 1));
      var chosen = factors[0];
      factors.forEach(function (f) { if (f <= need) chosen = f; });
      return chosen;
    }
    function place(f, wanted) {
      var r = stage.getBoundingClientRect(), side = tile * f;
      var left = Math.max(0, Math.floor(view.x / side)), top = Math.max(0, Math.floor(view.y / side));
      var right = Math.min(Math.ceil(info.width / side), Math.ceil((view.x + r.width / view.scale) / side));
      var bottom = Math.min(Math.ceil(info.height / side), Math.ceil((view.y + r.height / view.scale) / side));
      for (var ty = top; ty < bottom; ty++) {
        for (var tx = left; tx < right; tx++) {
          var x = tx * side, y = ty * side, w = Math.min(side, info.width - x), h = Math.min(side, info.height - y);
          var url = tileUrl(base, x, y, w, h, Math.ceil(w / f), Math.ceil(h / f), info);
          var img = shown[url];
          if (!img) {
            img = shown[url] = document.createElement("img");
            img.alt = "";
            img.className = "zoom-tile";
            img.src = url;
            img.draggable = false;
            img.style.zIndex = String(100 - f);
            layer.appendChild(img);
          }
          img.style.left = (x - view.x) * view.scale + "px";
          img.style.top = (y - view.y) * view.scale + "px";
          img.style.width = w * view.scale + "px";
          img.style.height = h * view.scale + "px";
          wanted[url] = true;
        }
      }
    }
    function draw() {
      var wanted = {};
      place(factors[factors.length - 1], wanted);  // the whole image, coarse, under the rest
      place(level(), wanted);
      Object.keys(shown).forEach(function (url) {
        if (!wanted[url]) { layer.removeChild(shown[url]); delete shown[url]; }
      });
    }
    var pointers = {}, last = null;
    function spread() {
      var ps = Object.keys(pointers).map(function (k) { return pointers[k]; });
      if (ps.length < 2) return null;
      return { d: Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y), x: (ps[0].x + ps[1].x) / 2, y: (ps[0].y + ps[1].y) / 2 };
    }
    stage.addEventListener("pointerdown", function (e) {
      stage.setPointerCapture(e.pointerId);
      pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
      last = spread();
    });
    stage.addEventListener("pointermove", function (e) {
      var p = pointers[e.pointerId];
      if (!p) return;
      var r = stage.getBoundingClientRect(), two = spread();
      if (two && last) {
        zoomAt(two.d / last.d, two.x - r.left, two.y - r.top);
      } else if (!two) {
        view.x -= (e.clientX - p.x) / view.scale;
        view.y -= (e.clientY - p.y) / view.scale;
        draw();
      }
      p.x = e.clientX;
      p.y = e.clientY;
      last = spread();
    });
    function up(e) { delete pointers[e.pointerId]; last = spread(); }
    stage.addEventListener("pointerup", up);
    stage.addEventListener("pointercancel", up);
    stage.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = stage.getBoundingClientRect();
      zoomAt(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    function close() {
      window.removeEventListener("resize", draw);
      document.removeEventListener("keydown", key);
      box.parentNode.removeChild(box);
      document.body.style.overflow = "";
      opener.focus();
    }
    function key(e) {
      var step = 80 / view.scale;
      if (e.key === "Escape" || e.key === "Esc") close();
      else if (e.key === "+" || e.key === "=") centre(1.5);
      else if (e.key === "-") centre(1 / 1.5);
      else if (e.key === "ArrowLeft") { view.x -= step; draw(); }
      else if (e.key === "ArrowRight") { view.x += step; draw(); }
      else if (e.key === "ArrowUp") { view.y -= step; draw(); }
      else if (e.key === "ArrowDown") { view.y += step; draw(); }
      else return;
      e.preventDefault();
    }
    control(button.getAttribute("data-in"), "+", function () { centre(1.5); });
    control(button.getAttribute("data-out"), "\u2212", function () { centre(1 / 1.5); });
    var closer = control(button.getAttribute("data-close"), "\u00d7", close);
    box.appendChild(bar);
    document.body.appendChild(box);
    document.body.style.overflow = "hidden";
    document.addEventListener("keydown", key);
    window.addEventListener("resize", draw);
    fit();
    draw();
    closer.focus();
  }

  window.museumgenZoom = function (button) {
    var address = button.getAttribute("data-zoom");
    var base = address.replace(/info\.json$/, "");  // the tiles are beside it, whatever its id says
    return fetch(address).then(function (r) { return r.json(); }).then(function (info) { open(button, info, base); });
  };
})();
