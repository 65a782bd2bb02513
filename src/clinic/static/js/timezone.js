// The runner's time zone, so each run gets its local date from the start.
(function () {
  "use strict";
  const field = document.querySelector('input[name="timezone"]');
  if (field) field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
})();
