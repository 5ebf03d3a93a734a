"""Pages of the service-level board (003 §11): the tiles, and the same tiles as PDF and XLSX."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from .service_level_digest import digest_pdf, digest_xlsx, files_for
from .service_levels import Level, require_board
from .staff_access import StaffRequest, staff_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff_view(refusal=404)
def board(request: StaffRequest) -> HttpResponse:
    require_board(request.user, request.organisation)
    tiles, today = files_for(user=request.user, organisation=request.organisation)
    return render(request, "orgs/service_levels.html", {"tiles": tiles, "today": today, "levels": Level})


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_view(refusal=404)
def board_pdf(request: StaffRequest) -> HttpResponse:
    require_board(request.user, request.organisation)
    tiles, today = files_for(user=request.user, organisation=request.organisation)
    pdf = digest_pdf(organisation=request.organisation, tiles=tiles, today=today)
    return _download(pdf, "application/pdf", f"service-levels-{today.isoformat()}.pdf")


@staff_view(refusal=404)
def board_xlsx(request: StaffRequest) -> HttpResponse:
    require_board(request.user, request.organisation)
    tiles, today = files_for(user=request.user, organisation=request.organisation)
    xlsx = digest_xlsx(organisation=request.organisation, tiles=tiles, today=today)
    return _download(xlsx, XLSX, f"service-levels-{today.isoformat()}.xlsx")
