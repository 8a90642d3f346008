// A refused form: the focus goes to its error summary (templates/_error_summary.html), so a
// keyboard or screen-reader user starts at what went wrong instead of at the top of the page.
// A link of the summary puts the focus in its field: following an anchor only scrolls.
function focusSummary(summary) {
  // Not when the user has already moved on into the page.
  if (document.activeElement === document.body || document.activeElement === null) {
    summary.focus();
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  focusSummary(summary);
  // A form posted from an address with a #fragment (the skip link) comes back with it, and
  // going to the fragment after loading moves the focus to the page: take it back.
  window.addEventListener("load", () => focusSummary(summary));
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    const label = document.querySelector(`label[for='${CSS.escape(field.id)}']`);
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
