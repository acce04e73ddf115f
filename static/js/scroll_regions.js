// A table wider than the screen scrolls sideways: keyboard users must be able to reach it
// (WCAG 2.1.1), so a scrolling wrapper becomes a focusable, named region — only while it
// actually scrolls, so wide screens keep no extra tab stops.
(function () {
  "use strict";
  var label = document.body.dataset.msgScrollTable || "";
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : label);
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();
