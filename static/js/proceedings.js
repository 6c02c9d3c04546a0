// Progress of a proceedings build: poll the JSON status and move the bar; reload once the build ends so
// the page shows its result (without JavaScript, the page's Reload link does the same).
(function () {
  const box = document.getElementById("build-progress");
  if (!box || !["queued", "running"].includes(box.dataset.status)) return;
  const bar = document.getElementById("build-bar");
  const step = document.getElementById("build-step");
  const percent = document.getElementById("build-percent");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        bar.value = status.percent;
        bar.textContent = status.percent + " %";
        percent.textContent = status.percent + " %";
        step.textContent = status.step;
        if (status.finished) { window.location.reload(); return; }
      }
    } catch (error) { /* a failed poll is retried below */ }
    window.setTimeout(poll, 1000);
  }
  poll();
})();
