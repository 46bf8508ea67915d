from django.shortcuts import render

from offices.models import Office, OfficeKind
from smartcity_awards.pagecache import cached_page


@cached_page
def office_list(request):
    """Every office (inactive ones keep their past places), searchable and filterable by kind."""
    q = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    offices = Office.objects.select_related("parent").search(q)
    if kind in OfficeKind.values:
        offices = offices.filter(kind=kind)
    else:
        kind = ""
    context = {
        "offices": offices.order_by(OfficeKind.order_by(), "name"),
        "q": q,
        "kind": kind,
        "kinds": OfficeKind.choices,
    }
    return render(request, "offices/office_list.html", context)
