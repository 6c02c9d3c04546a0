// Polls the active sync run and updates its progress bar; reloads the page when the run ends.
// A finished run has no status URL: the page already shows its outcome and counts.
(function () {
  "use strict";
  var box = document.querySelector(".sync-progress");
  if (!box || !box.dataset.statusUrl) { return; }
  var bar = box.querySelector("progress");
  var stage = box.querySelector(".sync-stage");
  var message = box.querySelector(".sync-message");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (run) {
        bar.value = run.progress;
        bar.textContent = run.progress + "%";
        stage.textContent = run.stage || run.status;
        if (run.status === "succeeded" || run.status === "failed") {
          message.textContent = run.status === "failed" ? "Failed: " + run.error : "Done: " + run.rows_written + " rows written.";
          window.setTimeout(function () { window.location.reload(); }, 1200);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
}());
