// The search page: reads the index of its language (museumgen/outputs/search.py) a shard
// at a time; a network portal's search page reads the portal's index of every museum's
// entries with it (museumgen/network/search.py). Chinese is matched by characters and bigrams, so a query finds every entry
// that contains it; longer runs are checked against the entry's text. Results are
// written as text only. Without JavaScript the page points to the browsing pages.
(function () {
  "use strict";
  var form = document.querySelector("form.search-form[data-index]");
  if (!form || !window.fetch || !window.URL || !("".normalize)) return;
  var base = new URL(form.getAttribute("data-index"), location.href);
  var root = new URL(form.getAttribute("data-root"), location.href);
  var field = form.querySelector("input[name=q]");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var selects = form.querySelectorAll("select[data-filter]");
  var PAGE = 20;
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}";
  var RUN = new RegExp("[" + CJK + "]+", "gu");
  var ONE_RUN = new RegExp("^[" + CJK + "]+$", "u");
  var WORD = /[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+/g;
  var files = new Map();
  var shown = 0;  // which search the page shows: a later one replaces it
  var hint = document.querySelector(".search-needs-script");
  if (hint) hint.hidden = true;

  function load(name) {
    if (!files.has(name)) {
      files.set(name, fetch(new URL(name, base).href).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }));
      files.get(name).catch(function () { files.delete(name); });  // try again later (back online)
    }
    return files.get(name);
  }
  function shardOf(key, shards) {  // FNV-1a over code points, as the index was built
    var h = 0x811c9dc5;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h % shards;
  }
  function unique(items) { return Array.from(new Set(items)); }
  function parse(text) {
    text = text.normalize("NFKC").toLowerCase();
    var runs = unique(text.match(RUN) || []), keys = [];
    runs.forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) keys.push(run);
      for (var i = 0; i + 1 < chars.length; i++) keys.push(chars[i] + chars[i + 1]);
    });
    return {keys: unique(keys.concat(text.match(WORD) || [])), checked: runs.filter(function (r) { return Array.from(r).length > 2; })};
  }
  async function postings(key, m) {
    if (!ONE_RUN.test(key)) {  // a word: the index tells its stem
      var forms = await load("g/" + shardOf("=" + key, m.shards) + ".json");
      key = forms["=" + key] || key;
    }
    var shard = await load("g/" + shardOf(key, m.shards) + ".json");
    if (!Object.prototype.hasOwnProperty.call(shard, key)) return new Map();  // not "constructor" from the prototype
    var found = new Map(), code = shard[key].split(" ");
    numbers(code[0], m.entries).forEach(function (n) { found.set(n, 0); });
    if (code.length > 1) numbers(code[1], m.entries).forEach(function (n) { found.set(n, 1); });
    return found;
  }
  // A set of entries as the index writes it: the gaps between its numbers, five bits a
  // digit (the last digit of each among the first 32 of DIGITS); after "!", the entries
  // the set leaves out.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  function numbers(code, entries) {
    var all = code.charAt(0) === "!", listed = [], value = 0, last = -1;
    for (var i = all ? 1 : 0; i < code.length; i++) {
      var digit = DIGITS.indexOf(code.charAt(i));
      value = value * 32 + (digit & 31);
      if (digit < 32) { last += value + 1; listed.push(last); value = 0; }
    }
    if (!all) return listed;
    var rest = [];
    for (var n = 0, j = 0; n < entries; n++) {
      if (listed[j] === n) j++; else rest.push(n);
    }
    return rest;
  }
  function chosen() {
    return Array.from(selects).filter(function (s) { return s.value !== ""; }).map(function (s) { return [s.getAttribute("data-filter"), +s.value]; });
  }
  async function rank(query, filters, m) {
    var found = null;
    var lists = await Promise.all(query.keys.map(function (key) { return postings(key, m); }));
    lists.forEach(function (next) {
      if (!found) { found = next; return; }
      var both = new Map();
      next.forEach(function (score, n) { if (found.has(n)) both.set(n, found.get(n) + score); });
      found = both;
    });
    if (!found) { found = new Map(); for (var n = 0; n < m.entries; n++) found.set(n, 0); }
    if (filters.length) {
      var codes = await load("f.json");
      found.forEach(function (score, n) {
        if (!filters.every(function (f) { var c = codes[f[0]][n]; return Array.isArray(c) ? c.indexOf(f[1]) >= 0 : c === f[1]; })) found.delete(n);
      });
    }
    return Array.from(found.keys()).sort(function (a, b) { return found.get(b) - found.get(a) || a - b; });
  }
  async function contains(n, runs, m) {
    if (!runs.length) return true;
    var text = (await load("t/" + Math.floor(n / m.text) + ".json"))[n % m.text];
    return runs.every(function (run) { return text.indexOf(run) >= 0; });
  }
  async function result(n, m, kinds) {
    var row = (await load("m/" + Math.floor(n / m.meta) + ".json"))[n % m.meta];
    var item = document.createElement("li"), link = document.createElement("a");
    link.href = new URL(row[0], root).href;
    if (row[3]) {
      var img = document.createElement("img");
      img.src = new URL(row[3], root).href;
      img.alt = "";
      img.width = img.height = 64;
      img.loading = "lazy";
      link.appendChild(img);
    }
    var words = document.createElement("span"), kind = document.createElement("span"), title = document.createElement("strong");
    kind.className = "search-kind";
    kind.textContent = kinds[row[2]] || row[2];
    if (row[5]) kind.textContent = row[5] + " · " + kind.textContent;  // a network portal's: the museum
    title.textContent = row[1];
    words.appendChild(kind);
    words.appendChild(title);
    if (row[4]) {
      var summary = document.createElement("span");
      summary.className = "search-summary";
      summary.textContent = row[4];
      words.appendChild(summary);
    }
    link.appendChild(words);
    item.appendChild(link);
    return item;
  }
  function say(template, count) { return template.replace("{count}", count); }

  async function run() {
    var mine = ++shown, text = field.value, filters = chosen();
    var params = new URLSearchParams();
    if (text) params.set("q", text);
    filters.forEach(function (f) { params.set(f[0], f[1]); });
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    list.textContent = "";
    status.textContent = "";
    if (!text.trim() && !filters.length) return;
    try {
      var m = await load("manifest.json");
      var kinds = {};
      m.kinds.forEach(function (k) { kinds[k[0]] = k[1]; });
      var query = parse(text);
      var ranked = await rank(query, filters, m);
      var state = {next: 0, matched: 0};
      await more(mine, ranked, query, m, kinds, state);
    } catch (e) {
      if (mine === shown) status.textContent = form.getAttribute("data-offline");
    }
  }
  // The next page of results: entries checked in rank order until PAGE of them match.
  async function more(mine, ranked, query, m, kinds, state) {
    var page = [];
    while (state.next < ranked.length && page.length < PAGE) {
      var batch = ranked.slice(state.next, state.next + PAGE - page.length);
      state.next += batch.length;
      var checks = await Promise.all(batch.map(function (n) { return contains(n, query.checked, m); }));
      batch.forEach(function (n, i) { if (checks[i]) page.push(n); });
    }
    var items = await Promise.all(page.map(function (n) { return result(n, m, kinds); }));
    if (mine !== shown) return;
    var old = list.querySelector(".search-more");
    if (old) old.remove();
    items.forEach(function (item) { list.appendChild(item); });
    state.matched += page.length;
    var done = state.next >= ranked.length;
    var count = query.checked.length && !done ? state.matched + "+" : String(query.checked.length ? state.matched : ranked.length);
    status.textContent = state.matched ? say(form.getAttribute("data-count"), count) : form.getAttribute("data-none");
    if (done) return;
    var item = document.createElement("li"), button = document.createElement("button");
    item.className = "search-more";
    button.type = "button";
    button.className = "button";
    button.textContent = form.getAttribute("data-more");
    button.addEventListener("click", function () { more(mine, ranked, query, m, kinds, state); });
    item.appendChild(button);
    list.appendChild(item);
  }

  async function filters() {
    var m = await load("manifest.json");
    selects.forEach(function (select) {
      var name = select.getAttribute("data-filter");
      var values = m.filters[name] || [];
      var labels = {};
      m.kinds.forEach(function (k) { labels[k[0]] = k[1]; });
      values.forEach(function (value, i) {
        var option = document.createElement("option");
        option.value = String(i);
        option.textContent = name === "kind" ? labels[value] || value : value;
        select.appendChild(option);
      });
      select.parentNode.hidden = values.length < 2;
      select.addEventListener("change", run);
    });
    form.querySelector(".search-filters").hidden = false;
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  var timer = 0;
  field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
  var asked = new URLSearchParams(location.search);
  field.value = asked.get("q") || "";
  function start() {
    filters().then(function () {
      selects.forEach(function (select) {
        var value = asked.get(select.getAttribute("data-filter"));
        if (value !== null) select.value = value;
      });
      run();
    }, function () { status.textContent = form.getAttribute("data-offline"); });
  }
  // The index is first asked for once the page has been drawn: on a slow line the page
  // comes first, and its manifest right after.
  if (window.requestAnimationFrame) requestAnimationFrame(function () { setTimeout(start, 0); });
  else start();
})();
