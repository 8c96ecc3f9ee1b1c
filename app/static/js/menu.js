// The phone menu: a button with Bootstrap's collapse markup
// (data-bs-toggle="collapse" data-bs-target="#id") shows and hides its
// target. This is all of Bootstrap's JavaScript the pages used, so the 60 KB
// bootstrap.min.js and 20 KB Popper are not loaded (docs/performance.md,
// "Issue 8: page weight"). Bootstrap's CSS does the rest: `.collapse` is
// hidden until it has `.show`, and at desktop width the navbar shows it anyway.
(() => {
  "use strict";

  const toggles = document.querySelectorAll('[data-bs-toggle="collapse"][data-bs-target]');

  toggles.forEach((button) => {
    const target = document.querySelector(button.getAttribute("data-bs-target"));
    if (!target) {
      return;
    }

    const isOpen = () => target.classList.contains("show");
    const setOpen = (open) => {
      target.classList.toggle("show", open);
      button.classList.toggle("collapsed", !open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };

    setOpen(isOpen());
    button.addEventListener("click", () => setOpen(!isOpen()));

    // Escape closes an open menu from the button or from inside it, and
    // gives focus back to the button, so a keyboard user is not left on a
    // link that has just been hidden.
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !isOpen()) {
        return;
      }
      const focus = document.activeElement;
      if (focus !== button && !target.contains(focus)) {
        return;
      }
      setOpen(false);
      if (button.offsetParent !== null) {
        button.focus();
      }
    });
  });
})();
