"""The public register's pages and files: open to anyone, without login. They read only
what `followup.public.services` gives: listed, signed agreements and their public facts."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agreements import document
from followup.public import opendata, services
from iop.core import spreadsheets
from partners.models import Municipality


def _municipality(slug):
    return get_object_or_404(Municipality, slug=slug)


def _pdf_url(request, municipality):
    def url(agreement):
        return request.build_absolute_uri(reverse("public:signed-pdf", args=[municipality.slug, agreement.pk]))

    return url


@require_safe
def municipality_list(request):
    return render(request, "followup/public/municipality_list.html", {"municipalities": Municipality.objects.all()})


@require_safe
def register_page(request, slug):
    municipality = _municipality(slug)
    return render(
        request,
        "followup/public/register.html",
        {
            "municipality": municipality,
            "agreements": services.register(municipality),
            "recent_months": services.RECENT_MONTHS,
        },
    )


def _rows(request, municipality):
    return opendata.rows(municipality, services.register(municipality), _pdf_url(request, municipality))


def _download(content, content_type, municipality, extension):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="iop-{municipality.slug}.{extension}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@require_safe
def register_csv(request, slug):
    municipality = _municipality(slug)
    return _download(opendata.to_csv(_rows(request, municipality)), spreadsheets.CSV, municipality, "csv")


@require_safe
def register_json(request, slug):
    municipality = _municipality(slug)
    return _download(opendata.to_json(_rows(request, municipality)), "application/json", municipality, "json")


@require_safe
def register_dcat(request, slug):
    """The DCAT-AP-SE record of the register as open data, for dataportal.se to harvest."""
    municipality = _municipality(slug)

    def absolute(name):
        return request.build_absolute_uri(reverse(name, args=[slug]))

    context = {
        "municipality": municipality,
        "page_url": absolute("public:register"),
        "record_url": absolute("public:register-dcat"),
        "csv_url": absolute("public:register-csv"),
        "json_url": absolute("public:register-json"),
        "today": timezone.localdate(),
        "catalog_title": _("Public register of idea-based public partnerships – %(name)s") % {"name": municipality},
        "title": _("Idea-based public partnerships (IOP) of %(name)s") % {"name": municipality},
        "description": _(
            "The idea-based public partnerships (IOP) that the committees of %(name)s have listed: those in force, "
            "those signed and about to start, and those ended within the last twelve months. One row per agreement, "
            "party and year: partner and "
            "organisation number, title and purpose, committee, decision date, period, the committee's money per "
            "year and in total, and the volunteer hours the partners committed with their value."
        )
        % {"name": municipality},
        "keywords": [_("idea-based public partnership"), "IOP", _("non-profit organisations"), _("civil society")],
        "csv_title": _("The register as CSV"),
        "json_title": _("The register as JSON"),
    }
    return render(request, "followup/public/dcat.rdf", context, content_type="application/rdf+xml; charset=utf-8")


@require_safe
def signed_pdf(request, slug, pk):
    """The archived signed PDF of a listed agreement whose committee published it: exactly
    the bytes kept when the last party signed."""
    found = services.signed_pdf(_municipality(slug), pk)
    if found is None:
        raise Http404
    version, pdf = found
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename(version)}"'
    return response
