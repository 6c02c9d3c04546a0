// Polls each reassignment still being written to OpenReview and updates its progress; reloads the
// page once one ends, so the assignments and the log below show the outcome.
(function () {
  "use strict";
  var rows = document.querySelectorAll(".reassignment-writes tr[data-status-url]");
  Array.prototype.forEach.call(rows, function (row) {
    var bar = row.querySelector("progress");
    var edges = row.querySelector(".write-edges");
    var status = row.querySelector(".write-status");
    function poll() {
      fetch(row.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (write) {
          bar.value = write.progress;
          bar.textContent = write.progress + "%";
          edges.textContent = write.edges_done + " of " + write.edges_total + " edges";
          status.textContent = write.status_display + (write.error ? ": " + write.error : "");
          if (write.status === "succeeded" || write.status === "failed") {
            window.setTimeout(function () { window.location.reload(); }, 1200);
          } else {
            window.setTimeout(poll, 1000);
          }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  });
}());
