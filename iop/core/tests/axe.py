"""Checks on every page a browser journey visits: axe-core finds no serious or critical
accessibility violation, and the page breaks no rule of our Content-Security-Policy.

The root conftest.py wraps pytest-playwright's `page` fixture in `PageChecks`, so every
journey is checked without asking for it; what was found fails the test at its end.

How: axe comes from the npm registry (package.json; `make test` runs `npm ci`) and is read
from node_modules. It goes into every document as an init script, which runs axe once the
page has loaded and hands the findings to Python through an exposed binding. Init scripts
and bindings are outside the page's CSP, so the browser context keeps enforcing the policy:
`bypass_csp` would have hidden the very violations we listen for on the console.
(`page.evaluate` is also outside the CSP, but Playwright holds it back while a navigation
is pending, which is exactly when we want the check to finish.)

When: a route handler holds each navigation of the main frame (a click on a link, a form
post, `page.goto`) until axe has reported on the page still showing, so no page is skipped
however fast the journey moves on. The last page is waited for when the test ends.
"""

import json
import time
from pathlib import Path

import pytest

from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = ("serious", "critical")
WAIT_SECONDS = 15

# Appended to axe.min.js. Top-level documents only (axe itself looks into frames).
RUNNER = """
;(() => {
  if (window.top !== window) return;
  const url = location.href;
  window.__iopPageStarted(url);
  if (!url.startsWith("http")) { window.__iopAxeResults(url, []); return; }
  const run = () => axe.run(document, {resultTypes: ["violations"]}).then(
    (results) => window.__iopAxeResults(url, results.violations
      .filter((violation) => SEVERE.includes(violation.impact))
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }))),
    (error) => window.__iopAxeResults(
      url, [{id: "axe-error", impact: "critical", help: String(error), targets: []}]));
  if (document.readyState === "complete") run(); else addEventListener("load", run);
})();
""".replace("SEVERE", json.dumps(SEVERE))


def axe_source():
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` in {settings.BASE_DIR} (`make test` does).")
    return AXE_JS.read_text(encoding="utf-8")


class PageChecks:
    def __init__(self, page):
        self.page = page
        self.started = []  # the URL of each document the page showed, in order
        self.checked = []  # the URL of each document axe reported on
        self.problems = []  # one line each, for the failure message
        self.unchecked = []  # pages axe did not report on in time, visited again at the end
        self.reported = False  # whether axe reported on the latest document started
        page.expose_binding("__iopPageStarted", self._started)
        page.expose_binding("__iopAxeResults", self._results)
        page.add_init_script(axe_source() + RUNNER)
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.route("**/*", self._route)

    def _started(self, _source, url):
        self.started.append(url)
        self.reported = False

    def _results(self, _source, url, violations):
        self.checked.append(url)
        if self.started and url == self.started[-1]:
            self.reported = True
        for violation in violations:
            self.problems.append(
                f"axe on {url}: {violation['impact']} {violation['id']} – {violation['help']}; "
                f"at {', '.join(violation['targets'])}"
            )

    def _console(self, message):
        # Chromium reports a blocked inline script, handler or style as a console error:
        # "Applying inline style violates the following Content Security Policy directive …"
        if "Content Security Policy" in message.text:
            self.problems.append(f"CSP on {self.page.url}: {message.text}")

    def _page_error(self, error):
        self.problems.append(f"JavaScript error on {self.page.url}: {error}")

    def _route(self, route):
        try:
            if route.request.is_navigation_request() and route.request.frame == self.page.main_frame:
                self.wait_for_axe()
        finally:
            route.fallback()

    def _pending(self):
        # Without the fragment: following an in-page link (the skip link) changes the address
        # of the document showing, not the document.
        showing = self.page.url.split("#")[0]
        arrived = not showing.startswith("http") or (self.started and self.started[-1].split("#")[0] == showing)
        # Per document: one report missed must not hold every later page back.
        return not arrived or (showing.startswith("http") and not self.reported)

    def wait_for_axe(self, late=False):
        """Wait until axe has reported on the document showing now."""
        deadline = time.monotonic() + WAIT_SECONDS
        while self._pending():
            if time.monotonic() > deadline:
                # Seen now and then in CI while a navigation is held: the page is checked
                # again when the journey ends, and fails the test only if axe is silent then.
                if not late:
                    self.unchecked.append(self.page.url)
                else:
                    self.problems.append(f"axe did not report on {self.page.url} within {WAIT_SECONDS} s")
                return
            self.page.wait_for_timeout(20)

    def assert_clean(self):
        """Fail with everything found on the pages of the journey, the last one included."""
        self.page.wait_for_load_state("load")
        self.wait_for_axe()
        for url in dict.fromkeys(self.unchecked):
            self.page.goto(url)
            self.page.wait_for_load_state("load")
            self.wait_for_axe(late=True)
        pages = [url for url in self.checked if url.startswith("http")]
        assert pages, "axe checked no page of this journey"
        assert not self.problems, "\n".join(
            [f"{len(self.problems)} problem(s) on the {len(pages)} page(s) of this journey:", *self.problems]
        )
