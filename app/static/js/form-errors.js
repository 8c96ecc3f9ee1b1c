// After a refused submit the page opens with an error summary
// (#ringkasan-galat, role="alert", tabindex="-1"). A role=alert already in
// the page when it loads is not reliably read out, and focus would sit on
// <body>: so move focus to the summary, which screen readers then read, and
// from where Tab reaches its links. Each link names a field (href="#id");
// following one puts the cursor in that field with its label in view.
(() => {
  "use strict";

  const summary = document.getElementById("ringkasan-galat");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
