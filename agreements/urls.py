from django.urls import path, register_converter

from agreements.views import compare, default_texts, documents, drafting, exchange, lifecycle, reading
from iop.core.urlwords import Words


class VersionPart(Words):
    words = {
        "grunduppgifter": "basics",
        "bakgrund": "background",
        "vardegrund": "values",
        "utgangspunkter": "starting_points",
        "villkor": "conditions",
    }


class ItemKind(Words):
    words = {"ansvar": "responsibilities", "aktiviteter": "activities", "kapitel": "chapters", "parter": "parties"}


class ItemAction(Words):
    words = {"ta-bort": "remove", "upp": "up", "ner": "down"}


class HistoryPart(Words):
    """The parts of the history, read from `?del=` (finance and followup register theirs)."""

    words = {"avtal": "agreement", "ekonomi": "money", "uppfoljning": "follow_up"}


register_converter(VersionPart, "version_part")
register_converter(ItemKind, "item_kind")
register_converter(ItemAction, "item_action")

app_name = "agreements"
urlpatterns = [
    path("", reading.agreement_list, name="agreement-list"),
    path("ny/", drafting.agreement_create, name="agreement-create"),
    path("import/", exchange.agreement_import, name="agreement-import"),
    path("standardtexter/", default_texts.default_texts, name="default-texts"),
    path("standardtexter/<str:field>/", default_texts.default_text_edit, name="default-text-edit"),
    path("<int:pk>/", reading.agreement_detail, name="agreement-detail"),
    path("<int:pk>/version/<int:number>/", reading.version_detail, name="version-detail"),
    path("<int:pk>/version/<int:number>/pdf/", documents.version_pdf, name="version-pdf"),
    path("<int:pk>/version/<int:number>/word/", documents.version_docx, name="version-docx"),
    path("<int:pk>/version/<int:number>/forhandsvisning/", documents.version_pdf_preview, name="version-pdf-preview"),
    path("<int:pk>/version/<int:number>/original/", documents.scan_download, name="scan-download"),
    path("<int:pk>/version/<int:number>/original/ladda-upp/", documents.scan_upload, name="scan-upload"),
    path("<int:pk>/version/<int:number>/original/ta-tillbaka/", documents.scan_withdraw, name="scan-withdraw"),
    path("<int:pk>/jamfor/", compare.version_compare, name="version-compare"),
    path("<int:pk>/historik/", compare.agreement_history_view, {"part_words": HistoryPart}, name="agreement-history"),
    path("<int:pk>/export/", exchange.agreement_export, name="agreement-export"),
    # drafting, part by part
    path("<int:pk>/utkast/parter/", drafting.parties, name="parties"),
    path("<int:pk>/utkast/parter/<int:party_pk>/", drafting.party_edit, name="party-edit"),
    path("<int:pk>/utkast/kriterier/", drafting.criteria, name="criteria"),
    path("<int:pk>/utkast/del/<version_part:part>/", drafting.version_edit, name="version-edit"),
    path("<int:pk>/utkast/<item_kind:kind>/", drafting.items, name="items"),
    path("<int:pk>/utkast/<item_kind:kind>/<int:item_pk>/", drafting.item_edit, name="item-edit"),
    path(
        "<int:pk>/utkast/<item_kind:kind>/<int:item_pk>/<item_action:action>/", drafting.item_action, name="item-action"
    ),
    # the life cycle
    path("<int:pk>/till-beslut/", lifecycle.version_submit, name="version-submit"),
    path("<int:pk>/till-utkast/", lifecycle.version_return, name="version-return"),
    path("<int:pk>/beslut/", lifecycle.version_decide, name="version-decide"),
    path("<int:pk>/underskrift/<int:party_pk>/", lifecycle.version_sign, name="version-sign"),
    path("<int:pk>/forlang/", lifecycle.agreement_extend, name="agreement-extend"),
    path("<int:pk>/sag-upp/", lifecycle.agreement_terminate, name="agreement-terminate"),
    path("<int:pk>/andra/", lifecycle.agreement_amend, name="agreement-amend"),
    path("<int:pk>/fornya/", lifecycle.agreement_renew, name="agreement-renew"),
    # the committee's decision on the public register
    path("<int:pk>/offentligt/", lifecycle.agreement_publication, name="agreement-publication"),
]
