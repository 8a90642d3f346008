"""Content-Security-Policy: the browser runs and applies only our own files.

Django 5.2 has no CSP of its own (6.0 brings one). The policy allows no inline script, no
inline event handler and no inline style attribute: the templates keep JavaScript and CSS in
static/ (iop/core/tests/test_csp.py scans them). Bootstrap draws its form icons as data: images.
WeasyPrint renders PDFs on the server, so the policy does not touch them.
"""

from django.conf import settings

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical 404 and 500 pages (DEBUG only) are styled and scripted inline.
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
