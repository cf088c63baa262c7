// The site's service worker, made by museumgen (outputs/offline.py): the pages a visit
// needs are kept on the phone for galleries without signal. Kept files are served from
// the cache; other pages from the network, else as last seen, else the offline page;
// images from the cache once seen. Each build names its caches with its own version and
// removes the caches of the others.
"use strict";
var VERSION = "fb1d30da6f07d329";
var PRECACHE = ["./", "visit/", "exhibitions/lanterns-of-qingxi/", "collection/qx-0009-revolving-lantern/", "collection/qx-0010-dragon-lantern/", "collection/qx-0014-indigo-cloth/", "collection/qx-0011-carved-panel/", "collection/qx-0015-bamboo-brush-pot/", "collection/qx-0012-county-gazetteer/", "exhibitions/qingxi-history/", "collection/qx-0003-black-cup/", "collection/qx-0002-stamped-jar/", "collection/qx-0001-bronze-ding/", "media/audio/qx-0001-ding.mp3", "collection/qx-0004-painted-figure/", "collection/qx-0005-bronze-mirror/", "collection/qx-0006-celadon-meiping/", "media/audio/qx-0006-meiping.opus", "collection/qx-0008-blue-white-jar/", "collection/qx-0013-stele-rubbing/", "plans/1f/", "plans/", "stamps/", "stamps/history/", "stamps/lanterns/", "stamps/celadon/", "media/logo.fa8332b468-sq400.png", "media/qr-wechat.0d9c5b3bbe-sq330.webp", "media/qr-channels.038b615c5b-sq330.webp", "media/exhibitions/lanterns.79e6496d95-480.webp", "media/exhibitions/lanterns.79e6496d95-sq400.webp", "media/collection/qx-0009-lantern.2a04717890-480.webp", "media/collection/qx-0009-lantern.2a04717890-sq400.webp", "media/collection/qx-0009-lantern-detail.781ea1c7ee-480.webp", "media/collection/qx-0009-lantern-detail.781ea1c7ee-sq400.webp", "media/collection/qx-0010-dragon.1ac34d8593-480.webp", "media/collection/qx-0010-dragon.1ac34d8593-sq400.webp", "media/collection/qx-0014-indigo.242fbcfee2-480.webp", "media/collection/qx-0014-indigo.242fbcfee2-sq400.webp", "media/collection/qx-0011-panel.bc0ad1c3f9-480.webp", "media/collection/qx-0011-panel.bc0ad1c3f9-sq400.webp", "media/collection/qx-0015-brush-pot.90638bb66b-480.webp", "media/collection/qx-0015-brush-pot.90638bb66b-sq400.webp", "media/collection/qx-0012-gazetteer.e4c7cb430c-480.webp", "media/collection/qx-0012-gazetteer.e4c7cb430c-sq400.webp", "media/exhibitions/history.b7d815919a-480.webp", "media/exhibitions/history.b7d815919a-sq400.webp", "media/collection/qx-0003-cup.4f35a897bd-480.webp", "media/collection/qx-0003-cup.4f35a897bd-sq400.webp", "media/collection/qx-0002-jar.4bae64de9c-480.webp", "media/collection/qx-0002-jar.4bae64de9c-sq400.webp", "media/collection/qx-0001-ding.a37fb83266-480.webp", "media/collection/qx-0001-ding.a37fb83266-sq400.webp", "media/collection/qx-0004-figure.9c85fffd1a-480.webp", "media/collection/qx-0004-figure.9c85fffd1a-sq400.webp", "media/collection/qx-0005-mirror.41dbe3ff30-480.webp", "media/collection/qx-0005-mirror.41dbe3ff30-sq400.webp", "media/collection/qx-0006-meiping.a1cafd49be-480.webp", "media/collection/qx-0006-meiping.a1cafd49be-sq400.webp", "media/collection/qx-0008-blue-white.08457cf602-480.webp", "media/collection/qx-0008-blue-white.08457cf602-sq400.webp", "media/collection/qx-0013-rubbing.4804e0859a-480.webp", "media/collection/qx-0013-rubbing.4804e0859a-sq400.webp", "media/plans/1f.23cb1fb6f4-480.webp", "media/plans/1f.23cb1fb6f4-sq400.webp", "media/events/lantern-workshop.ca1ebfa8fa-480.webp", "media/events/lantern-workshop.ca1ebfa8fa-sq400.webp", "media/events/night-tour.ee09766d26-480.webp", "media/events/night-tour.ee09766d26-sq400.webp", "media/video/lantern-making.4fa0cf771b-480.webp", "media/video/lantern-making.4fa0cf771b-sq400.webp", "media/people/lin-xiaowen.3424ce1e00-480.webp", "media/people/lin-xiaowen.3424ce1e00-sq400.webp", "media/exhibitions/rubbings.d2dccc5652-480.webp", "media/exhibitions/rubbings.d2dccc5652-sq400.webp", "media/video/ding-talk.11b925d29a-480.webp", "media/video/ding-talk.11b925d29a-sq400.webp", "media/exhibitions/celadon.077e67d1cb-480.webp", "media/exhibitions/celadon.077e67d1cb-sq400.webp", "media/video/celadon-colours.2cec6a842c-480.webp", "media/video/celadon-colours.2cec6a842c-sq400.webp", "assets/app.b944249566.js", "assets/elder.41e5d78c21.css", "assets/gallery.0de6efc0ed.css", "assets/gallery.66b5b456e2.js", "assets/guide.bb92bd0ccf.css", "assets/home.1d0cf5d526.css", "assets/keypad.96b8e3b3bf.css", "assets/keypad.ddfdf25888.js", "assets/map.653ea53860.css", "assets/passport.6d98cfc94f.js", "assets/photos.19a7ea0ccf.css", "assets/search.c284cbc5d3.css", "assets/search.22d1115cc4.js", "assets/style.17938a8600.css", "assets/table.ed8f856c9a.js", "assets/video.0e15d08288.css", "assets/video.6a239dd54a.js", "assets/views.e734de61fc.css", "assets/visit.e2c25eb04b.css", "assets/zoom.5b1f10c698.js", "search/", "search/2/manifest.json", "search/2/f.json", "search/2/files.json", "search/2/g/0.json", "search/2/g/1.json", "search/2/m/0.json", "search/2/m/1.json", "search/2/t/0.json", "search/2/t/1.json", "search/2/t/2.json", "search/2/t/3.json", "search/2/t/4.json", "search/2/t/5.json", "stops/", "icons/favicon-48.be8edbf448.png", "icons/192.615abac633.png", "icons/512.6d20ca6726.png", "icons/maskable-512.7c86f6a8db.png", "icons/apple-touch-180.436cb74a60.png", "manifest.webmanifest", "offline.html", "en/", "en/visit/", "en/exhibitions/lanterns-of-qingxi/", "en/collection/qx-0009-revolving-lantern/", "en/collection/qx-0010-dragon-lantern/", "en/collection/qx-0014-indigo-cloth/", "en/collection/qx-0011-carved-panel/", "en/collection/qx-0015-bamboo-brush-pot/", "en/collection/qx-0012-county-gazetteer/", "en/exhibitions/qingxi-history/", "en/collection/qx-0003-black-cup/", "en/collection/qx-0002-stamped-jar/", "en/collection/qx-0001-bronze-ding/", "en/collection/qx-0004-painted-figure/", "en/collection/qx-0005-bronze-mirror/", "en/collection/qx-0006-celadon-meiping/", "en/collection/qx-0008-blue-white-jar/", "en/collection/qx-0013-stele-rubbing/", "en/plans/1f/", "en/plans/", "en/stamps/", "en/stamps/history/", "en/stamps/lanterns/", "en/stamps/celadon/", "en/search/", "en/search/2/manifest.json", "en/search/2/f.json", "en/search/2/files.json", "en/search/2/g/0.json", "en/search/2/g/1.json", "en/search/2/m/0.json", "en/search/2/m/1.json", "en/search/2/t/0.json", "en/search/2/t/1.json", "en/search/2/t/2.json", "en/search/2/t/3.json", "en/search/2/t/4.json", "en/search/2/t/5.json", "en/stops/", "en/manifest.webmanifest", "en/offline.html"];  // addresses relative to this file
var OFFLINE = {"": "offline.html", "en/": "en/offline.html"};  // the offline page of each language, by its prefix
var SCOPE = self.registration.scope;
var PREFIX = "museumgen " + SCOPE + " ";  // caches are the origin's: other sites may share it
var KEPT = PREFIX + VERSION, PAGES = KEPT + " pages", IMAGES = KEPT + " images";
var SIZED = /-\d+\.\w+$/;  // a width of a made image: photo.1a2b3c4d5e-800.webp

self.addEventListener("install", function (event) {
  var requests = PRECACHE.map(function (url) { return new Request(url, { cache: "reload" }); });
  event.waitUntil(caches.open(KEPT).then(function (cache) { return cache.addAll(requests); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  var own = [KEPT, PAGES, IMAGES];
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0 && own.indexOf(name) < 0; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  if (request.headers.has("range")) event.respondWith(ranged(request));
  else if (request.mode === "navigate") event.respondWith(page(request));
  else if (request.destination === "image") event.respondWith(image(request));
  else event.respondWith(kept(request).then(function (hit) { return hit || data(request); }));
});

// Other files (the search index's): from the network, kept as they come, so that a search
// done once works again without signal.
function data(request) {
  return fetch(request).then(function (response) { return store(PAGES, request, response); }, function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(request); })
      .then(function (seen) { return seen || Response.error(); });
  });
}

function kept(request) {
  return caches.open(KEPT).then(function (cache) { return cache.match(request, { ignoreSearch: true }); });
}

function store(name, request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(name).then(function (cache) { return cache.put(request, copy); });
  }
  return response;
}

function page(request) {
  return kept(request).then(function (hit) {
    return hit || fetch(request).then(function (response) { return store(PAGES, request, response); }, function () {
      return caches.open(PAGES).then(function (cache) { return cache.match(request, { ignoreSearch: true }); })
        .then(function (seen) { return seen || offline(request.url); });
    });
  });
}

function offline(url) {
  var local = url.slice(SCOPE.length), best = "";
  Object.keys(OFFLINE).forEach(function (prefix) { if (local.indexOf(prefix) === 0 && prefix.length > best.length) best = prefix; });
  return caches.match(new URL(OFFLINE[best], SCOPE).href).then(function (hit) {
    return hit || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  });
}

function image(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) { return store(IMAGES, request, response); }, function () {
      return otherWidth(request.url);
    });
  });
}

// Offline, a width of a photograph not kept is served by one that is (the small one kept).
function otherWidth(url) {
  if (!SIZED.test(url)) return Response.error();
  var stem = url.replace(SIZED, "-"), ending = url.slice(url.lastIndexOf("."));
  return caches.open(KEPT).then(function (cache) { return cache.keys(); }).then(function (requests) {
    var found = requests.filter(function (r) { return r.url.indexOf(stem) === 0 && SIZED.test(r.url) && r.url.slice(-ending.length) === ending; })[0];
    return found ? caches.match(found) : Response.error();
  });
}

// Audio and video ask for parts of their file: a kept file answers with the part asked for.
function ranged(request) {
  return kept(request).then(function (hit) {
    if (!hit) return fetch(request);
    return hit.blob().then(function (blob) {
      var asked = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range")) || ["", "0", ""];
      var start = asked[1] ? Number(asked[1]) : Math.max(0, blob.size - Number(asked[2]));
      var end = asked[1] && asked[2] ? Math.min(blob.size, Number(asked[2]) + 1) : blob.size;
      if (start >= blob.size) return new Response("", { status: 416, headers: { "Content-Range": "bytes */" + blob.size } });
      return new Response(blob.slice(start, end), { status: 206, headers: {
        "Content-Type": hit.headers.get("Content-Type") || blob.type,
        "Content-Range": "bytes " + start + "-" + (end - 1) + "/" + blob.size,
        "Content-Length": String(end - start),
      } });
    });
  });
}
