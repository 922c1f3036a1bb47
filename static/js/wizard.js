// Progressive enhancement for the wizard and the report. Everything works without it:
// htmx swaps steps in place, this moves focus to the new question (or the error
// summary), brings focus back to the question after browser Back and Forward, makes
// scrolling regions tab stops only where they scroll, and turns on copy buttons.
(function () {
  "use strict";

  var HISTORY_FLAG = "connector-wizard:history-step";

  function focusStep(root) {
    var step = root.querySelector("[data-wizard-step]");
    if (!step) {
      return false;
    }
    // The error summary if there is one, else the question's heading: focus alone
    // announces the step, once (there is no live region to say it a second time).
    var target = step.querySelector(".error-summary[data-wizard-focus]") ||
      step.querySelector("[data-wizard-focus]") || step.querySelector("legend");
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: false });
    }
    var title = step.getAttribute("data-title");
    if (title) {
      document.title = title;
    }
    return true;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.target;
    var root = elt && elt.querySelector && elt.querySelector("[data-wizard-step]") ? elt : document;
    focusStep(root);
    setUpScrollRegions(root);
  });

  // Browser Back should show the step as it was left, answer chosen. The step's own
  // URL does not hold that answer (it was chosen on it), and Back reloads the URL
  // from the server (htmx keeps no history snapshot: see _head.html). So just before
  // htmx pushes the next step, the current entry becomes this step's edit URL with
  // the chosen answer: what the wizard's own Back link opens too. (The embed replaces
  // its URL instead of pushing, and never gets here.)
  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var detail = event.detail || {};
    var config = detail.requestConfig || {};
    var form = config.elt;
    if (!detail.history || detail.history.type !== "push") {
      return;
    }
    if (!form || !form.matches || !form.matches("form[data-wizard-form]")) {
      return;
    }
    var radio = form.querySelector("input[type=radio]:checked");
    var action = new URL(form.getAttribute("action") || location.pathname, location.href);
    // Only where the form's URL is this page's (the wizard, the docs page, the embed).
    if (!radio || action.pathname !== location.pathname) {
      return;
    }
    var params = new URLSearchParams(location.search);
    params.delete("asked");
    params.set(radio.name, radio.value);
    params.set("edit", radio.name);
    history.replaceState({ htmx: true }, "", location.pathname + "?" + params.toString());
  });

  // Back and Forward reload the step (htmx: refreshOnHistoryMiss), which the browser
  // reports as a reload; a flag set on popstate tells the new page to put focus on
  // the question, as a swap would.
  function setFlag() {
    try {
      sessionStorage.setItem(HISTORY_FLAG, "1");
    } catch (error) {
      // Storage can be blocked (a cross-site frame); focus then stays where the browser puts it.
    }
  }

  function takeFlag() {
    try {
      var set = sessionStorage.getItem(HISTORY_FLAG) === "1";
      sessionStorage.removeItem(HISTORY_FLAG);
      return set;
    } catch (error) {
      return false;
    }
  }

  window.addEventListener("popstate", setFlag);

  function arrivedByHistory() {
    var flagged = takeFlag();
    var entries = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return flagged || (entries.length > 0 && entries[0].type === "back_forward");
  }

  // A step shown from the bfcache (no reload) also gets its focus back.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      focusStep(document);
    }
  });

  // Scrolling regions (the flowchart, the score table) are tab stops only where they
  // actually scroll; without this script they always are.
  function setUpScrollRegions(root) {
    var regions = (root || document).querySelectorAll(".flowchart-figure-chart, [data-scroll-region]");
    Array.prototype.forEach.call(regions, function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1 || region.scrollHeight > region.clientHeight + 1;
      if (scrolls) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
      // The recommended outcome (or the question being asked) in view, on a chart too
      // wide for the screen.
      var node = scrolls && region.querySelector(".node.recommended, .flowchart-node.current");
      if (node && !region.hasAttribute("data-scrolled")) {
        region.setAttribute("data-scrolled", "");
        var box = node.getBoundingClientRect();
        var frame = region.getBoundingClientRect();
        region.scrollLeft += box.left - frame.left - (frame.width - box.width) / 2;
      }
    });
  }

  var resizeTimer = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () {
      setUpScrollRegions(document);
    }, 150);
  });

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value !== undefined ? input.value : input.textContent);
    }
    // Plain-HTTP pages have no async clipboard: select and copy the old way.
    selectAll(input);
    var ok = document.execCommand && document.execCommand("copy");
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function selectAll(element) {
    if (element.select) {
      element.select();
      return;
    }
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      var input = document.getElementById(button.getAttribute("data-copy-target"));
      var status = button.parentNode.parentNode.querySelector("[data-copy-status]") ||
        document.querySelector("[data-copy-status]");
      if (!input) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(input).then(
          function () {
            if (status) {
              status.textContent = button.getAttribute("data-copy-done") || "Copied.";
            }
          },
          function () {
            selectAll(input);
            if (status) {
              status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected text.";
            }
          }
        );
      });
    });
  }

  function onLoad() {
    setUpCopyButtons();
    setUpScrollRegions(document);
    var summary = document.querySelector(".error-summary[data-wizard-focus], .error-summary[data-focus-on-load]");
    if (summary) {
      summary.focus();
    } else if (arrivedByHistory()) {
      focusStep(document);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
