// The site's service worker, made by museumgen (outputs/offline.py): the pages a visit
// needs are kept on the phone for galleries without signal. Kept files are served from
// the cache; other pages from the network, else as last seen, else the offline page;
// images from the cache once seen. Each build names its caches with its own version and
// removes the caches of the others.
"use strict";
var VERSION = /*VERSION*/null;
var PRECACHE = /*PRECACHE*/null;  // addresses relative to this file
var OFFLINE = /*OFFLINE*/null;  // the offline page of each language, by its prefix
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
