"""HTML to PDF with WeasyPrint, safely: one helper for every printed document.

WeasyPrint would fetch any URL or file named in the HTML. Ours may fetch only our own
static files (the stylesheet); everything else is refused, so no user text can make the
server read a file or call the network. Rendering has a time limit.
"""

import signal
import threading
from contextlib import contextmanager
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")
BASE_URL = "https://iop.invalid/"  # a base for relative URLs that points nowhere real


class RenderingRefused(Exception):
    pass


class RenderingTimeout(Exception):
    pass


def static_resource(url):
    """(bytes, mime type) of one of our static files; RenderingRefused for anything else:
    file://, data:, other hosts, paths outside the static folders."""
    parsed = urlparse(url)
    if (
        parsed.scheme != "https"
        or parsed.netloc != urlparse(BASE_URL).netloc
        or not parsed.path.startswith(STATIC_PREFIX)
    ):
        raise RenderingRefused(f"Refused to fetch {url!r} while rendering a PDF.")
    relative = parsed.path[len(STATIC_PREFIX) :]
    if ".." in relative.split("/"):
        raise RenderingRefused(f"Refused to fetch {url!r} while rendering a PDF.")
    path = finders.find(relative)
    if not path:
        raise RenderingRefused(f"No static file {relative!r}.")
    with open(path, "rb") as handle:
        data = handle.read()
    return data, "text/css" if relative.endswith(".css") else "application/octet-stream"


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            data, mime = static_resource(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return StaticOnlyFetcher()


@contextmanager
def _time_limit(seconds):
    # SIGALRM works in the main thread only (gunicorn's sync workers, management commands,
    # tests); elsewhere the document renders without the limit.
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise RenderingTimeout(f"Rendering took longer than {seconds} s.")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_html(template, context, *, static_base=None) -> str:
    static_base = static_base or BASE_URL.rstrip("/") + STATIC_PREFIX
    return render_to_string(template, {**context, "static_base": static_base})


def render_pdf(template, context, *, archive=False, seconds=None) -> bytes:
    """The PDF of `template` rendered with `context`; PDF/A-3b when `archive`."""
    import weasyprint  # imported here: it is heavy, and only printing needs it

    html = render_html(template, context)
    with _time_limit(seconds or settings.PDF_TIME_LIMIT):
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
        options = {"pdf_variant": "pdf/a-3b"} if archive else {}
        return document.write_pdf(**options)
