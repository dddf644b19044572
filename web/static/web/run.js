// Moves the solve progress bar: polls the run's status every second; when the run ends,
// reloads the page, which then shows the outcome. Without JavaScript a meta refresh does it.
(function () {
  "use strict";
  var section = document.getElementById("run");
  if (!section) { return; }
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("run-progress");
  var fields = {
    status: document.getElementById("run-status"),
    objective: document.getElementById("run-objective"),
    gap: document.getElementById("run-gap"),
    elapsed: document.getElementById("run-elapsed"),
  };

  function show(state) {
    bar.value = state.fraction;
    bar.textContent = Math.round(100 * state.fraction) + "%";
    fields.status.textContent = state.status_label + (state.cancel_requested && !state.finished ? " (cancelling)" : "");
    fields.objective.textContent = state.objective === null ? "–" : String(state.objective);
    fields.gap.textContent = state.gap === null ? "–" : (100 * state.gap).toFixed(2) + "%";
    fields.elapsed.textContent = state.elapsed_s.toFixed(1) + " s";
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          // A moment at 100% before the page shows the outcome.
          window.setTimeout(function () { window.location.reload(); }, 500);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
