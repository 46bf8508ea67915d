from django.shortcuts import get_object_or_404, render

from offices.models import Office, OfficeAccount


def office_list(request):
    offices = Office.objects.active().select_related("parent").search(request.GET.get("q", ""))
    return render(request, "offices/office_list.html", {"offices": offices, "q": request.GET.get("q", "")})


def office_detail(request, slug: str):
    office = get_object_or_404(Office.objects.select_related("parent"), slug=slug)
    accounts = OfficeAccount.objects.filter(office=office).select_related("channel")
    return render(request, "offices/office_detail.html", {"office": office, "accounts": accounts})
