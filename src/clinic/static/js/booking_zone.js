// Booking pages: show times in the visitor's own time zone (from the browser),
// and send that zone with a booking made without an account.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) { return; }
  var filters = document.getElementById("slot-filters");
  if (filters && filters.hasAttribute("data-zone-from-browser")) {
    var url = new URL(window.location.href);
    if (!url.searchParams.get("tz")) {
      url.searchParams.set("tz", zone);
      window.location.replace(url.toString());
      return;
    }
  }
  var input = document.querySelector('#confirm-form input[name="timezone"]');
  if (input && !input.value) { input.value = zone; }
})();
