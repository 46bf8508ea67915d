from django.shortcuts import render

from common.pagecache import cached_page
from offices.models import OfficeKind
from offices.selectors import office_search


@cached_page(params=("q", "kind"))
def office_list(request):
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    if kind not in OfficeKind.values:
        kind = ""
    context = {"offices": office_search(text=q, kind=kind), "q": q, "kind": kind, "kinds": OfficeKind.choices}
    return render(request, "offices/office_list.html", context)
