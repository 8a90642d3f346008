"""HTML to PDF with WeasyPrint, safely: one helper for every printed document.

WeasyPrint would fetch any URL or file named in the HTML. Ours may fetch only our own
static files (the stylesheet); everything else is refused, so no user text can make the
server read a file or call the network. Rendering has a time limit that holds on any
thread (see `_in_child`).
"""

import logging
import multiprocessing
import signal
import threading
from functools import cache
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

STATIC_PREFIX = "/" + settings.STATIC_URL.lstrip("/")
BASE_URL = "https://iop.invalid/"  # a base for relative URLs that points nowhere real


class RenderingRefused(Exception):
    pass


class RenderingFailed(Exception):
    pass


class RenderingTimeout(RenderingFailed):
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


EMBEDDED = BASE_URL + "embedded/"


def embedded_url(name) -> str:
    """The address in the HTML of an image handed to `render_pdf(images={name: …})`."""
    return EMBEDDED + name


def _fetcher(images=None):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    images = images or {}

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            # An image the caller handed over (a municipality's logo, from the database) by
            # its name; any other address must be one of our static files.
            name = url.removeprefix(EMBEDDED) if url.startswith(EMBEDDED) else None
            data, mime = images[name] if name in images else static_resource(url)
            return URLFetcherResponse(url, body=data, headers={"Content-Type": mime})

    return StaticOnlyFetcher()


def render_html(template, context, *, static_base=None) -> str:
    static_base = static_base or BASE_URL.rstrip("/") + STATIC_PREFIX
    return render_to_string(template, {**context, "static_base": static_base})


def render_pdf(template, context, *, archive=False, seconds=None, images=None) -> bytes:
    """The PDF of `template` rendered with `context`; PDF/A-3b when `archive`. `images`:
    {name: (bytes, mime type)} the HTML shows at `embedded_url(name)`.

    RenderingTimeout when it takes longer than `seconds` (PDF_TIME_LIMIT), RenderingFailed
    when the rendering dies; any other error of the rendering is raised as itself."""
    html = render_html(template, context)
    with _FORKING:
        _load_weasyprint()
    return _in_child(_write_pdf, html, archive, images, seconds=seconds or settings.PDF_TIME_LIMIT)


def _write_pdf(html, archive, images=None) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher(images))
    options = {"pdf_variant": "pdf/a-3b"} if archive else {}
    return document.write_pdf(**options)


# --- The time limit ----------------------------------------------------------------------------
#
# A thread cannot be stopped from outside, and SIGALRM only reaches the main thread (gunicorn's
# gthread workers and the development server render on others). So the document is written
# in a forked child process, which is killed when its time is up: on any thread, the worker
# is free again after `seconds`. The child only turns HTML into bytes: it touches neither
# the database nor anything else the parent holds, and leaves with os._exit, which closes
# nothing of the parent's (its inherited database connection included: psycopg2 closes a
# connection only in the process that opened it).

# Held while a child is forked and while this process itself is inside WeasyPrint: a lock
# that another thread holds in Pango at the moment of the fork would be held for ever in the child.
_FORKING = threading.Lock()


@cache
def _load_weasyprint():
    """Import WeasyPrint and load its fonts in this process, once (imported here: it is heavy,
    and only printing needs it). Each child then starts ready; one that did this itself would
    take some two seconds longer."""
    import weasyprint

    weasyprint.HTML(string="<p>IOP</p>").write_pdf()


def _in_child(function, *args, seconds):
    """function(*args) in a forked child process, stopped after `seconds`."""
    fork = multiprocessing.get_context("fork")
    receiver, sender = fork.Pipe(duplex=False)
    child = fork.Process(target=_child_main, args=(sender, function, args, seconds), daemon=True)
    with _FORKING:
        child.start()
    sender.close()  # the child holds the only writing end: its death is an end of file here
    try:
        if not receiver.poll(seconds):
            raise RenderingTimeout(f"Rendering took longer than {seconds} s.")
        succeeded, value = _receive(receiver)
    finally:
        if child.is_alive():
            child.kill()  # SIGKILL: a handler a server installed for SIGTERM must not keep it
        child.join()
        receiver.close()
    if not succeeded:
        raise value
    return value


def _receive(receiver):
    try:
        return receiver.recv()
    except Exception as error:  # noqa: BLE001 - the child died (EOFError), or its answer cannot be read
        raise RenderingFailed(f"The rendering process gave no answer ({error!r}).") from None


def _child_main(sender, function, args, seconds):
    # Should the parent be killed before it can kill this process, the process ends itself
    # (it has one thread, so SIGALRM reaches it; the default action ends it).
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        answer = (True, function(*args))
    except Exception as error:  # noqa: BLE001 - handed to the parent, which raises it
        answer = (False, error)
    try:
        sender.send(answer)
    except Exception:  # noqa: BLE001 - an error that cannot be pickled
        sender.send((False, RenderingFailed(repr(answer[1]))))


# --- When a document cannot be made ----------------------------------------------------------


class RenderingFailedMiddleware:
    """A PDF that could not be made answers 503 with a page that says why, wherever it was
    asked for (a download, or the archive PDF made at the last signature). It sees the
    exception after the request's transaction has been rolled back: nothing was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RenderingFailed):
            return None
        logger.warning("No PDF for %s: %s", request.path, exception)
        if isinstance(exception, RenderingTimeout):
            reason = _(
                "The document took too long to make and was stopped. That is usually caused by very long "
                "texts: shorten them and try again, or contact the administrator."
            )
        else:
            reason = _("Try again in a while; if it happens again, contact the administrator.")
        return render(request, "core/pdf_failed.html", {"reason": reason}, status=503)
