// Drag and drop onto the file picker, and say which files are chosen.
(function () {
  "use strict";
  const zone = document.getElementById("dropzone");
  if (!zone) return;
  const input = zone.querySelector("input[type=file]");
  const chosen = document.getElementById("chosen");
  const show = () => {
    const names = Array.from(input.files).map((f) => f.name);
    // The browser's own picker already says how many files (or none) are chosen; this only names them.
    chosen.textContent = `${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}`;
  };
  ["dragenter", "dragover"].forEach((t) => zone.addEventListener(t, (e) => { e.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach((t) => zone.addEventListener(t, () => zone.classList.remove("over")));
  zone.addEventListener("drop", (e) => { e.preventDefault(); input.files = e.dataTransfer.files; show(); });
  input.addEventListener("change", show);
  show(); // files may be chosen before this script runs (a fast hand, or Back)
})();
