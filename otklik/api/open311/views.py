"""Open311 GeoReport v2 endpoints (`jurisdiction_id` = the organisation's code); every body in XML and JSON."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt

from otklik.appeals.choices import AppealKind, AppealStatus, IntakeChannel
from otklik.appeals.intake import AppealIntake, AuthorData, IntakeQuestion
from otklik.core.errors import ApplicationError, RateLimitedError
from otklik.core.ratelimit import over_limit
from otklik.core.submission_keys import MAX_LENGTH, submission_key_scoped
from otklik.orgs.models import Organisation
from otklik.orgs.selectors import public_organisation

from ..keys import active_key, key_rate
from ..models import ApiKey
from ..services import api_key_touch, client_appeal_submit
from . import catalog
from .writer import error, respond

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-23T00:00:00+03:00"
DEFAULT_WINDOW = dt.timedelta(days=90)
MAX_REQUESTS = 1000
TOKEN_PREFIX = "o311-"  # noqa: S105  (a prefix, not a secret)
# GeoReport v2 has no submission key of the client's: the token the server makes for each POST is the key, and
# its sender is Open311 itself, so that GET tokens/<token> (no api_key there) can find it again.
TOKEN_SENDER = "open311"  # noqa: S105
CLOSED_STATES = (AppealStatus.FORWARDED, AppealStatus.ANSWERED, AppealStatus.CLOSED)


def allow_methods(*methods: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Django's require_http_methods, answering a wrong method in Open311's error format instead of an empty page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: object, fmt: str, **kwargs: object) -> HttpResponse:
            if request.method not in methods:
                response = error(fmt, 405, f"method {request.method} is not allowed; use {', '.join(methods)}")
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, fmt=fmt, **kwargs)

        return wrapper

    return decorator


def _jurisdiction(request: HttpRequest, fmt: str) -> Organisation | HttpResponse:
    slug = (request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or "").strip()
    if not slug:
        return error(fmt, 400, "jurisdiction_id is required: the organisation's code")
    organisation = public_organisation(slug)
    if organisation is None:
        return error(fmt, 404, f"jurisdiction_id not found: {slug}")
    return organisation


@allow_methods("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    body = {
        "changeset": CHANGESET,
        "contact": f"Otklik: {settings.PUBLIC_BASE_URL}/ — jurisdiction_id is an organisation's code",
        "key_service": f"{settings.PUBLIC_BASE_URL}/o/<jurisdiction_id>/developers/",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


@allow_methods("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    organisation = _jurisdiction(request, fmt)
    if isinstance(organisation, HttpResponse):
        return organisation
    return respond(fmt, "services", catalog.service_list(organisation))


@allow_methods("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    organisation = _jurisdiction(request, fmt)
    if isinstance(organisation, HttpResponse):
        return organisation
    if not catalog.service_exists(code):
        return error(fmt, 404, f"service_code not found: {code}")
    return respond(fmt, "service_definition", catalog.service_definition(code))


def _over_budget(key: ApiKey) -> bool:
    """The same per-key budget as the client API (API_THROTTLE_KEY)."""
    rate = key_rate()
    count, period = rate.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return over_limit(f"open311-key:{key.pk}", limit=int(count), seconds=seconds)


def _field(request: HttpRequest, name: str) -> str:
    """A request's field, standard (`first_name`) or as the service definition's attribute (`attribute[first_name]`)."""
    return (request.POST.get(name) or request.POST.get(f"attribute[{name}]") or "").strip()


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    # GeoReport v2 clients (the PyPI `open311` among them) send api_key and jurisdiction_id in the query string.
    raw_key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not raw_key:
        return error(fmt, 403, "api_key is required: get one on the organisation's developer page")
    key = active_key(raw_key)
    if key is None:
        return error(fmt, 403, "api_key is invalid or revoked")
    slug = (request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id") or key.organisation.slug).strip()
    if slug != key.organisation.slug:
        return error(fmt, 403, "api_key belongs to another jurisdiction")
    if _over_budget(key):
        return error(fmt, 429, "too many requests for this api_key")
    api_key_touch(key)
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        return error(fmt, 400, "service_code is required")
    if not catalog.service_exists(code):
        return error(fmt, 404, f"service_code not found: {code}")
    description = (request.POST.get("description") or "").strip()
    if not description:
        return error(fmt, 400, "description is required: the text of the appeal")
    address = (request.POST.get("address_string") or "").strip()
    if address:
        description += f"\n\nМесто: {address}"
    lat, long = request.POST.get("lat"), request.POST.get("long")
    if lat and long:
        description += f"\nКоординаты: {lat}, {long}"
    node = catalog.section_node(code) if code not in catalog.KIND_SERVICES else None
    token = TOKEN_PREFIX + secrets.token_hex(16)
    intake = AppealIntake(
        kind=AppealKind.REQUEST if code == AppealKind.REQUEST else AppealKind.APPEAL,
        channel=IntakeChannel.API,
        text=description,
        author=AuthorData(
            first_name=_field(request, "first_name"),
            last_name=_field(request, "last_name"),
            email=_field(request, "email"),
            phone=_field(request, "phone"),
            postal_address=_field(request, "postal_address"),
        ),
        questions=(IntakeQuestion(node.code),) if node else (),
        form=(request.POST.get("attribute[form]") or "").strip(),
        submission_key=token,
        sender=TOKEN_SENDER,
    )
    try:
        registration = client_appeal_submit(key=key, intake=intake)
    except ApplicationError as exc:
        refused = 429 if isinstance(exc, RateLimitedError) else 400
        return error(fmt, refused, f"{exc.field}: {exc.message}" if exc.field else exc.message)
    appeal = registration.appeal
    notice = (
        f"Обращение зарегистрировано под № {appeal.number}; ответ не позднее "
        f"{appeal.governing_due_date:%d.%m.%Y}. Код доступа для проверки: {registration.access_code}"
    )
    body = [{"service_request_id": str(appeal.pk), "token": token, "service_notice": notice, "account_id": None}]
    return respond(fmt, "service_requests", body, status=201)


def _parse_moment(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.strip().replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError(raw)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    organisation = _jurisdiction(request, fmt)
    if isinstance(organisation, HttpResponse):
        return organisation
    appeals = catalog.public_requests(organisation)
    ids = [item.strip() for item in (request.GET.get("service_request_id") or "").split(",") if item.strip()]
    if ids:  # the spec: with ids, every other parameter is ignored
        if not all(item.isdigit() for item in ids):
            return error(fmt, 400, "service_request_id is a comma-separated list of numbers")
        found = appeals.filter(pk__in=[int(item) for item in ids]).order_by("-received_at")
        return respond(fmt, "service_requests", [catalog.request_view(appeal) for appeal in found[:MAX_REQUESTS]])
    try:
        start = _parse_moment(request.GET.get("start_date"))
        end = _parse_moment(request.GET.get("end_date"))
    except ValueError:
        return error(fmt, 400, "start_date and end_date are w3c date-times, e.g. 2026-04-01T00:00:00+03:00")
    if end is None:
        end = start + DEFAULT_WINDOW if start else timezone.now()
    if start is None:
        start = end - DEFAULT_WINDOW
    if start > end:
        return error(fmt, 400, "start_date is after end_date")
    if end - start > DEFAULT_WINDOW:
        return error(fmt, 400, "the span between start_date and end_date may not exceed 90 days")
    appeals = appeals.filter(received_at__gte=start, received_at__lte=end)
    codes = [item.strip() for item in (request.GET.get("service_code") or "").split(",") if item.strip()]
    if codes:
        kinds = [code for code in codes if code in catalog.KIND_SERVICES]
        sections = [code for code in codes if code not in catalog.KIND_SERVICES]
        condition = Q(kind__in=kinds) if kinds else Q(pk__in=[])
        if sections:
            condition |= Q(questions__section_code__in=sections)
        appeals = appeals.filter(condition).distinct()
    # `status=open,closed` and `status=open&status=closed` both filter.
    statuses = {item.strip() for value in request.GET.getlist("status") for item in value.split(",") if item.strip()}
    if statuses - {"open", "closed"}:
        return error(fmt, 400, "status is open, closed or both (comma-separated)")
    if statuses == {"open"}:
        appeals = appeals.filter(status__in=catalog.OPEN_STATES)
    elif statuses == {"closed"}:
        appeals = appeals.filter(status__in=CLOSED_STATES)
    found = appeals.order_by("-received_at", "-pk")[:MAX_REQUESTS]
    return respond(fmt, "service_requests", [catalog.request_view(appeal) for appeal in found])


@csrf_exempt
@allow_methods("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@allow_methods("GET")
def request_detail(request: HttpRequest, pk: str, fmt: str) -> HttpResponse:
    organisation = _jurisdiction(request, fmt)
    if isinstance(organisation, HttpResponse):
        return organisation
    appeal = catalog.public_requests(organisation).filter(pk=int(pk)).first() if pk.isdigit() else None
    if appeal is None:
        return error(fmt, 404, f"service_request_id not found: {pk}")
    return respond(fmt, "service_requests", [catalog.request_view(appeal)])


@allow_methods("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    organisation = _jurisdiction(request, fmt)
    if isinstance(organisation, HttpResponse):
        return organisation
    ours = token.startswith(TOKEN_PREFIX) and len(token) <= MAX_LENGTH
    key = submission_key_scoped(token, sender=TOKEN_SENDER) if ours else None
    appeal = catalog.public_requests(organisation).filter(submission_key=key).first() if key else None
    if appeal is None:
        return error(fmt, 404, f"token not found: {token}")
    return respond(fmt, "service_requests", [{"service_request_id": str(appeal.pk), "token": token}])
