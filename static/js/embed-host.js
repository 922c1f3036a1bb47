/*!
 * Connector Wizard embed helper: keeps the wizard's <iframe> as tall as its content.
 *
 * MIT License
 *
 * Copyright (c) 2026 the Connector Wizard authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of
 * this software and associated documentation files (the "Software"), to deal in the
 * Software without restriction, including without limitation the rights to use,
 * copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the
 * Software, and to permit persons to whom the Software is furnished to do so, subject
 * to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all
 * copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
 * INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
 * PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT
 * HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
 * OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
 * SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 *
 * Usage, on the page that embeds the wizard:
 *   <iframe src="https://WIZARD/embed/" title="Connector Wizard" data-connector-wizard style="border: 0"></iframe>
 *   <script src="https://WIZARD/static/js/embed-host.js" async></script>
 *
 * The wizard posts {type: "connector-wizard:height", height: <px>} to this page. A
 * message is used only if it comes from the origin this script was loaded from and
 * from the contentWindow of one of the wizard's frames; anything else is ignored.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.URL) {
    return;
  }
  var HEIGHT = "connector-wizard:height";
  var MEASURE = "connector-wizard:measure";
  var MAX_HEIGHT = 20000; // px: a sane cap, whatever a message claims
  var wizardOrigin = new URL(script.src, document.baseURI).origin;

  function wizardFrames() {
    var frames = document.querySelectorAll("iframe[data-connector-wizard]");
    return Array.prototype.filter.call(frames, function (frame) {
      try {
        return new URL(frame.src, document.baseURI).origin === wizardOrigin;
      } catch (error) {
        return false;
      }
    });
  }

  function fillWidth(frame) {
    // A frame is 300 px wide by default; the wizard reads best across its column.
    // A width the page gives (attribute or style) wins. Borders are the page's call,
    // but they go inside the 100%: a frame's default 2px border would otherwise push
    // it 4px past its column.
    if (!frame.style.width && !frame.hasAttribute("width")) {
      frame.style.boxSizing = "border-box";
      frame.style.width = "100%";
    }
  }

  function outsideContent(frame) {
    // The message gives the content's height; with box-sizing: border-box (set by
    // fillWidth, or by the page) the frame's height also holds its borders and padding.
    var style = window.getComputedStyle(frame);
    if (style.boxSizing !== "border-box") {
      return 0;
    }
    return ["borderTopWidth", "borderBottomWidth", "paddingTop", "paddingBottom"].reduce(
      function (sum, name) {
        return sum + (parseFloat(style[name]) || 0);
      },
      0
    );
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== wizardOrigin || !event.data || event.data.type !== HEIGHT) {
      return;
    }
    var height = Number(event.data.height);
    if (!isFinite(height) || height <= 0) {
      return;
    }
    wizardFrames().forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        var inner = Math.min(Math.ceil(height), MAX_HEIGHT);
        frame.style.height = inner + outsideContent(frame) + "px";
      }
    });
  });

  function ask(frame) {
    if (frame.contentWindow) {
      frame.contentWindow.postMessage({ type: MEASURE }, wizardOrigin);
    }
  }

  function wizardLoaded(frame) {
    // A frame still on its first about:blank shares our origin and can be read: its
    // load event is yet to come. A cross-origin document refuses: the wizard is there.
    try {
      var href = frame.contentWindow.location.href;
      return href !== "about:blank" && frame.contentDocument.readyState === "complete";
    } catch (error) {
      return true;
    }
  }

  // The wizard may have posted its height before this (async) script arrived: ask
  // each frame that has loaded, and any frame again whenever it (re)loads.
  wizardFrames().forEach(function (frame) {
    fillWidth(frame);
    frame.addEventListener("load", function () {
      ask(frame);
    });
    if (wizardLoaded(frame)) {
      ask(frame);
    }
  });
})();
