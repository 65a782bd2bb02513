// Preview the chosen video, let the user tap the person to analyse, and show only
// the fields that matter for running or for an exercise.
(function () {
  "use strict";
  const form = document.getElementById("analysis-form");
  if (!form) return;
  const input = form.querySelector('input[type=file]');
  const box = document.getElementById("preview-box");
  const video = document.getElementById("preview");
  const marker = document.getElementById("marker");
  const text = document.getElementById("hint-text");
  const field = (name) => form.querySelector(`[name="${name}"]`);

  input.addEventListener("change", () => {
    const file = input.files[0];
    if (!file) return;
    video.src = URL.createObjectURL(file);
    box.hidden = false;
  });

  // On a phone the video's own controls take every tap on the picture, so choosing the
  // person is a mode: the video pauses and a layer above it (and its controls) takes
  // the one tap, then steps aside.
  const layer = document.getElementById("tap-layer");
  document.getElementById("point-button").addEventListener("click", () => {
    video.pause();
    layer.hidden = false;
    text.textContent = "Tap the runner in the picture.";
  });

  layer.addEventListener("click", (event) => {
    const rect = video.getBoundingClientRect();
    const x = (event.clientX - rect.left) / rect.width;
    const y = (event.clientY - rect.top) / rect.height;
    field("hint_x").value = x.toFixed(4);
    field("hint_y").value = y.toFixed(4);
    field("hint_time_s").value = video.currentTime.toFixed(3);
    marker.style.left = `${x * 100}%`;
    marker.style.top = `${y * 100}%`;
    marker.hidden = false;
    layer.hidden = true;
    text.textContent = `Person chosen at ${video.currentTime.toFixed(1)} s.`;
    event.preventDefault();
  });

  function showKindFields() {
    const kind = form.querySelector('input[name="kind"]:checked')?.value;
    form.querySelectorAll("[data-for-kind]").forEach((el) => { el.hidden = el.dataset.forKind !== kind; });
  }
  form.addEventListener("change", showKindFields);
  showKindFields();
})();
