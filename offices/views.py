from django.shortcuts import render

from common.pagecache import cached_page
from offices.selectors import office_kinds, office_search


@cached_page(params=("q", "kind"))
def office_list(request):
    q = request.GET.get("q", "")
    kinds = list(office_kinds())
    kind = request.GET.get("kind", "")
    if kind not in {k.code for k in kinds}:
        kind = ""
    context = {"offices": office_search(text=q, kind=kind, kinds=kinds), "q": q, "kind": kind, "kinds": kinds}
    return render(request, "offices/office_list.html", context)
