/*
 * Runs inside /embed/. Tells the page that frames the wizard how tall the wizard is,
 * so its <iframe> can fit the content without a scrollbar (embed-host.js listens).
 * It posts on load, after each htmx swap, whenever the content resizes, and when the
 * host script asks. Messages go only to the parent's origin, and only if that origin
 * is one the server allows to frame this page (data-embed-origins, plus our own).
 */
(function () {
  "use strict";

  if (window.parent === window) {
    return; // not framed: nobody to tell
  }

  var HEIGHT = "connector-wizard:height";
  var MEASURE = "connector-wizard:measure";
  var own = window.location.origin;
  var allowed = (document.body.getAttribute("data-embed-origins") || "")
    .split(/\s+/)
    .filter(Boolean)
    .concat([own]);

  function parentIsSameOrigin() {
    try {
      return window.parent.location.origin === own;
    } catch (error) {
      return false; // a cross-origin parent refuses to be read
    }
  }

  function knownParentOrigin() {
    // Chromium and Safari name the framing origin; elsewhere the referrer does, but
    // after a navigation inside the frame the referrer is our own page.
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length) {
      return ancestors[0];
    }
    var origin = "";
    try {
      origin = new URL(document.referrer).origin;
    } catch (error) {
      return "";
    }
    if (origin === own && !parentIsSameOrigin()) {
      return "";
    }
    return origin;
  }

  var parentOrigin = knownParentOrigin();
  // An unknown parent gets the message on every allowed origin: the browser delivers
  // it only where the origin matches, and frame-ancestors already vetted the parent.
  var targets = allowed.indexOf(parentOrigin) >= 0 ? [parentOrigin] : allowed;
  var lastHeight = 0;

  function contentHeight() {
    // The root element's own box, not scrollHeight: scrollHeight never drops below
    // the frame's current height, so the frame could grow but never shrink.
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function post(force) {
    var height = contentHeight();
    if (height === lastHeight && force !== true) {
      return;
    }
    lastHeight = height;
    targets.forEach(function (origin) {
      window.parent.postMessage({ type: HEIGHT, height: height }, origin);
    });
  }

  window.addEventListener("message", function (event) {
    // The host script loads after us (async) and asks for the height it missed.
    if (event.source !== window.parent || allowed.indexOf(event.origin) < 0) {
      return;
    }
    if (event.data && event.data.type === MEASURE) {
      targets = [event.origin];
      post(true);
    }
  });
  window.addEventListener("load", post);
  document.addEventListener("htmx:afterSettle", post);
  if ("ResizeObserver" in window) {
    new ResizeObserver(function () {
      post();
    }).observe(document.documentElement);
  }
  post();
})();
