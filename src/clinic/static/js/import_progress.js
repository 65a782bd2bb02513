// Follow an import: poll its status until it finishes, updating the bar and the table.
(function () {
  "use strict";
  const box = document.getElementById("import");
  if (!box) return;
  const el = (id) => document.getElementById(id);

  function row(item) {
    const tr = document.createElement("tr");
    tr.className = `item-${item.status}`;
    const name = document.createElement("td");
    name.textContent = item.name;
    const result = document.createElement("td");
    const label = document.createElement("strong");
    label.textContent = item.label;
    result.append(label);
    if (item.message) {
      const msg = document.createElement("span");
      msg.className = "small";
      msg.textContent = item.message;
      result.append(document.createElement("br"), msg);
    }
    if (item.detail) {
      // The technical detail, for the clinic, behind a toggle (as the page renders it).
      const details = document.createElement("details");
      details.className = "problem-detail small";
      const summary = document.createElement("summary");
      summary.textContent = "Details for the clinic";
      const code = document.createElement("code");
      code.textContent = item.detail;
      details.append(summary, code);
      result.append(details);
    }
    tr.append(name, result);
    return tr;
  }

  async function poll() {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return setTimeout(poll, 3000);
    const data = await response.json();
    // A live region: written only when it changes, or it is read out at every poll.
    if (el("import-status").textContent !== data.status_label) el("import-status").textContent = data.status_label;
    el("import-count").textContent = `${data.files_done} of ${data.files_total}`;
    el("import-bar").value = data.percent;
    el("import-items").replaceChildren(...data.items.map(row));
    el("import-error").hidden = !data.error;
    el("import-error").textContent = data.error;
    box.dataset.status = data.status;
    if (data.status === "done") el("import-done").hidden = false;
    if (data.status === "queued" || data.status === "running") setTimeout(poll, 1000);
  }

  if (box.dataset.status === "queued" || box.dataset.status === "running") poll();
})();
