"""Where to go after a form: back where its button was, if that is a page of ours."""

from django.utils.http import url_has_allowed_host_and_scheme


def posted_next(request, fallback):
    """The posted `next`, if it is a path on this site; else `fallback`."""
    target = request.POST.get("next", "")
    # A path of ours: redirect() would take any other word ("0") for a view name and fail.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
