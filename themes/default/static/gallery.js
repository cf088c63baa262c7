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
