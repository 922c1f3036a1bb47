// Progressive enhancement for the wizard and the report. Everything works without it:
// htmx swaps steps in place, this moves focus to the new question and announces it,
// and turns on the report's copy-link button.
(function () {
  "use strict";

  function settleStep(root) {
    var step = root.querySelector("[data-wizard-step]");
    if (!step) {
      return;
    }
    // The new question's legend (or the "all answered" heading) takes focus, so a
    // keyboard or screen-reader user carries on from the new step, not the old button.
    var target = step.querySelector("[data-wizard-focus]") || step.querySelector("legend");
    if (target) {
      if (!target.hasAttribute("tabindex")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
    var live = document.querySelector("[data-wizard-live]");
    if (live) {
      live.textContent = step.getAttribute("data-announce") || "";
    }
    var title = step.getAttribute("data-title");
    if (title) {
      document.title = title;
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.target;
    var root = elt && elt.querySelector && elt.querySelector("[data-wizard-step]") ? elt : document;
    settleStep(root);
  });

  // Browser Back should show the step as it was left, answer chosen. The step's own
  // URL does not hold that answer (it was chosen on it), and Back reloads the URL
  // from the server (htmx keeps no history snapshot: see _head.html). So just before
  // htmx pushes the next step, the current entry becomes this step's edit URL with
  // the chosen answer: what the wizard's own Back link opens too.
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
    params.set(radio.name, radio.value);
    params.set("edit", radio.name);
    history.replaceState({ htmx: true }, "", location.pathname + "?" + params.toString());
  });

  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    // Plain-HTTP pages have no async clipboard: select and copy the old way.
    input.select();
    var ok = document.execCommand && document.execCommand("copy");
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("[data-copy-target]");
    Array.prototype.forEach.call(buttons, function (button) {
      var input = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.querySelector("[data-copy-status]");
      if (!input) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(input).then(
          function () {
            if (status) {
              status.textContent = "Link copied.";
            }
          },
          function () {
            input.select();
            if (status) {
              status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected link.";
            }
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpCopyButtons);
  } else {
    setUpCopyButtons();
  }
})();
