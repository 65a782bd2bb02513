// The main menu is a <details> disclosure (it works without script). This script
// adds two things:
// - On a wide screen the menu is a bar of links. Browsers without ::details-content
//   (Chrome < 131, Safari < 18.4, Firefox < 143) never render a closed disclosure's
//   links, whatever the style sheet says, so the script opens it there; the style
//   sheet draws an open menu as a bar. It closes again if the window narrows.
// - Escape closes the open disclosure and returns focus to its button, as a menu
//   button does (WAI-ARIA disclosure pattern); a wide screen's bar stays put.
(function () {
  "use strict";
  var menu = document.getElementById("menu");
  if (!menu) return;
  var summary = menu.querySelector("summary");
  // Keep in step with the 64rem media query of tractus.css.
  var wide = window.matchMedia("(min-width: 64rem)");
  var openedForBar = false;

  function fitScreen() {
    if (wide.matches && !menu.open) {
      menu.open = true;
      openedForBar = true;
    } else if (!wide.matches && openedForBar) {
      menu.open = false;
      openedForBar = false;
    }
  }

  menu.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.open || wide.matches) return;
    menu.open = false;
    summary.focus();
  });
  wide.addEventListener("change", fitScreen);
  fitScreen();
})();
