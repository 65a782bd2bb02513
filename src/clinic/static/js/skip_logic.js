// Show or hide a question as the answers it depends on change. The server applies
// the same rules (tractus.triage), so without this script every question shows and
// answers to hidden ones are ignored.
(function () {
  "use strict";
  const form = document.getElementById("triage-page");
  if (!form) return;
  const rules = JSON.parse(form.dataset.enableWhen || "{}");

  function currentValues(name) {
    return Array.from(form.querySelectorAll(`[name="${name}"]`))
      .filter((el) => (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "")
      .map((el) => el.value);
  }

  function update() {
    for (const [questionId, rule] of Object.entries(rules)) {
      const box = form.querySelector(`[data-question="${questionId}"]`);
      const source = form.querySelector(`[name="${rule.question}"]`);
      if (!box || !source) continue; // depends on another page: the server decided
      const chosen = currentValues(rule.question);
      box.hidden = !chosen.some((v) => rule.values.includes(v));
    }
  }

  form.addEventListener("change", update);
  update();
})();
