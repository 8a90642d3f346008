"""NUL bytes (\\x00) from outside are refused before they reach the database.

PostgreSQL cannot store or even compare text with a NUL in it: a query with one fails with
a server error. Django's form fields refuse NUL, but a search parameter, a path segment, a
parameter's name or an imported file reaches queries without passing one. No real input has a
NUL, so a request with one is answered 400 whole, and imported data is checked with
`has_nul`.
"""

from django.core.exceptions import BadRequest

NUL = "\x00"


def has_nul(value) -> bool:
    """Whether a NUL is in the text, or in any key or text of the parsed JSON value."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def _request_has_nul(request) -> bool:
    # Uploaded files' names need no check: Django drops what is not printable from them.
    if NUL in request.path:
        return True
    return any(
        NUL in key or any(NUL in value for value in values)
        for data in (request.GET, request.POST)
        for key, values in data.lists()
    )


class RefuseNulMiddleware:
    """400 for a request with a NUL in its path or in a parameter's name or value."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_has_nul(request):
            raise BadRequest("A NUL byte in the request.")
        return self.get_response(request)
