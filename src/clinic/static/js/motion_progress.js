// Follow an analysis until it finishes, then show the result.
(function () {
  "use strict";
  const box = document.getElementById("analysis-progress");
  if (!box) return;
  async function poll() {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, 3000);
    const data = await response.json();
    const status = document.getElementById("analysis-status");
    // A live region: written only when it changes, or it is read out at every poll.
    if (status.textContent !== data.label) status.textContent = data.label;
    document.getElementById("analysis-pct").textContent = data.progress_pct;
    document.getElementById("analysis-bar").value = data.progress_pct;
    if (data.status === "done" || data.status === "failed") return window.location.reload();
    setTimeout(poll, 1000);
  }
  poll();
})();
