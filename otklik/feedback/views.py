"""Staff pages of feedback: survey builder and results, personal links, follow-up, quarterly figures, import, publications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from otklik.calendars.selectors import today_for
from otklik.core.audit import audit_read
from otklik.core.charts import bar_chart
from otklik.core.errors import ApplicationError
from otklik.core.spreadsheets import Table, xlsx_tables
from otklik.orgs.staff_access import StaffRequest, staff_view

from . import selectors, services
from .forms import (
    FollowUpCloseForm,
    ImportForm,
    InvitationForm,
    PublicationForm,
    QuarterForm,
    QuestionForm,
    QuestionFormSet,
    SettingsForm,
    SurveyForm,
    question_specs,
)
from .models import SurveyVersion
from .presets import staff_survey_definition
from .ratings import Csat


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_view
def surveys(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    listed = selectors.surveys_for_staff(user=request.user, organisation=organisation)
    context = {
        "surveys": listed,
        "can_manage": selectors.can_manage(request.user, organisation),
        "has_staff_survey": listed.filter(code=staff_survey_definition()["code"]).exists(),
    }
    return render(request, "feedback/surveys.html", context)


@staff_view
@require_POST
def install_staff_survey(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    if not selectors.can_manage(request.user, organisation):
        raise PermissionDenied
    services.survey_install(actor=request.user, organisation=organisation, definition=staff_survey_definition())
    messages.success(request, _("Шаблон анонимного опроса сотрудников установлен."))
    return redirect("feedback:surveys")


def _builder(request: StaffRequest, survey: Any = None) -> HttpResponse:
    organisation = request.organisation
    if not selectors.can_manage(request.user, organisation):
        raise PermissionDenied(_("Опросы составляют руководитель и его заместитель по клиентоцентричности."))
    editing = survey is not None
    version = survey.current_version if editing else None
    if request.method == "POST":
        form = SurveyForm(request.POST, instance=survey, organisation=organisation, editing=editing)
        formset = QuestionFormSet(request.POST, prefix="q")
        if form.is_valid() and formset.is_valid():
            specs = question_specs(formset)
            data = form.cleaned_data
            try:
                if editing:
                    values = {k: v for k, v in data.items() if k in services.SURVEY_FIELDS}
                    services.survey_update(actor=request.user, survey=survey, **values)
                    new_version = services.survey_revise(
                        actor=request.user,
                        survey=survey,
                        intro=data["intro"],
                        questions=specs,
                    )
                    if version is not None and new_version.pk != version.pk:
                        messages.info(
                            request,
                            _("На опрос уже отвечали, поэтому создана версия %(n)s; прежние ответы сохранены.")
                            % {"n": new_version.number},
                        )
                    target = survey
                else:
                    target = services.survey_create(
                        actor=request.user,
                        organisation=organisation,
                        code=data["code"],
                        title=data["title"],
                        questions=specs,
                        intro=data["intro"],
                        audience=data["audience"],
                        is_anonymous=data["is_anonymous"],
                        is_public=data["is_public"],
                        ask_unit=data["ask_unit"],
                        channel=data["channel"],
                        process=data["process"],
                        unit=data["unit"],
                    )
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Опрос сохранён."))
                return redirect("feedback:survey", pk=target.pk)
    else:
        initial = {"intro": version.intro} if version else {}
        form = SurveyForm(instance=survey, organisation=organisation, editing=editing, initial=initial)
        specs = services.specs_of(version) if version else []
        formset = QuestionFormSet(prefix="q", initial=[QuestionForm.initial_from(spec) for spec in specs])
    answered = bool(version and version.responses.exists())
    return render(
        request, "feedback/builder.html", {"form": form, "formset": formset, "survey": survey, "answered": answered}
    )


@staff_view
def survey_new(request: StaffRequest) -> HttpResponse:
    return _builder(request)


@staff_view
def survey_edit(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    survey = selectors.survey_for_staff(user=request.user, organisation=organisation, pk=pk)
    return _builder(request, survey)


def _version(survey: Any, request: HttpRequest) -> SurveyVersion | None:
    number = request.GET.get("version")
    if number and number.isdigit():
        found: SurveyVersion | None = survey.versions.filter(number=int(number)).first()
        if found is None:
            raise Http404
        return found
    return None


@staff_view
def survey_detail(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    survey = selectors.survey_for_staff(user=request.user, organisation=organisation, pk=pk)
    form = InvitationForm(request.POST or None, organisation=organisation)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.invitation_issue(actor=request.user, survey=survey, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            form = InvitationForm(organisation=organisation)
    results = None
    if selectors.can_read_results(request.user, organisation):
        results = selectors.survey_results(user=request.user, survey=survey, version=_version(survey, request))
    context = {
        "survey": survey,
        "versions": survey.versions.order_by("-number"),
        "results": results,
        "form": form,
        "issued": issued,
        "issued_url": request.build_absolute_uri(issued.path) if issued else "",
        "public_url": request.build_absolute_uri(f"/o/{organisation.slug}/feedback/s/{survey.code}/"),
        "can_manage": selectors.can_manage(request.user, organisation),
        "min_group": selectors.MIN_GROUP,
        "anonymous_batch": settings.FEEDBACK_ANONYMOUS_BATCH,
    }
    return render(request, "feedback/survey.html", context)


@staff_view
@require_POST
def send_to_staff(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    survey = selectors.survey_for_staff(user=request.user, organisation=organisation, pk=pk)
    try:
        sent = services.invitations_send_to_staff(actor=request.user, survey=survey)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Персональные ссылки отправлены сотрудникам: %(n)s.") % {"n": sent})
    return redirect("feedback:survey", pk=survey.pk)


@staff_view
def survey_export(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    survey = selectors.survey_for_staff(user=request.user, organisation=organisation, pk=pk)
    results = selectors.survey_results(user=request.user, survey=survey, version=_version(survey, request))
    summary: list[list[Any]] = [[_("Анкет"), results.respondents]]
    tables = [Table(_("Итоги"), [_("Показатель"), _("Значение")], summary)]
    if results.shown:
        rows: list[list[Any]] = []
        for q in results.questions:
            if q.average is not None:
                rows.append([q.text, _("средняя оценка"), q.average])
            for label, count in q.counts:
                rows.append([q.text, label, count])
            for row, cells in q.matrix:
                for label, count in cells:
                    rows.append([f"{q.text}: {row}", label, count])
        tables.append(Table(_("Ответы"), [_("Вопрос"), _("Ответ"), _("Количество")], rows))
        tables.append(
            Table(
                _("По подразделениям"),
                [_("Подразделение"), _("Анкет"), _("Вопрос"), _("Средняя оценка")],
                [[g.label, g.respondents, text, avg] for g in results.groups for text, avg in g.averages],
            )
        )
    else:
        summary.append([_("Показ"), _("Менее %(n)s анкет — итоги не показываются") % {"n": selectors.MIN_GROUP}])
    return _xlsx(xlsx_tables(tables), f"survey-{survey.code}-v{results.version.number}.xlsx")


@staff_view
def follow_ups(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    tasks = selectors.follow_ups_for_staff(user=request.user, organisation=organisation)
    return render(request, "feedback/follow_ups.html", {"tasks": tasks, "today": today_for(organisation)})


@staff_view
def follow_up(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    task = selectors.follow_up_for_staff(user=request.user, organisation=organisation, pk=pk)
    form = FollowUpCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_close(actor=request.user, task=task, measures=form.cleaned_data["measures"])
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Задача закрыта, меры записаны."))
            return redirect("feedback:follow_up", pk=task.pk)
    answers = task.response.answers.select_related("question") if task.response else []
    if task.response is not None and not task.response.is_anonymous and task.response.contact_email:
        audit_read(actor=request.user, obj=task.response, organisation=organisation, what="respondent")
    return render(
        request,
        "feedback/follow_up.html",
        {"task": task, "form": form, "answers": answers, "can_close": services.can_close_follow_up(request.user, task)},
    )


@staff_view
def feedback_settings(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    if not selectors.can_manage(request.user, organisation):
        raise PermissionDenied
    rules = services.settings_for(organisation)
    initial = {name: getattr(rules, name) for name in services.SETTINGS_FIELDS}
    form = SettingsForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_settings_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Настройки сохранены."))
            return redirect("feedback:settings")
    return render(request, "feedback/settings.html", {"form": form})


def _percent(csat: Csat) -> str:
    return "—" if csat.percent is None else f"{csat.percent:.1f}".replace(".", ",")


@staff_view
def quarter(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    today = today_for(organisation)
    form = QuarterForm(request.GET or None, initial=QuarterForm.initial_for(today))
    period = form.cleaned_data if form.is_bound and form.is_valid() else QuarterForm.initial_for(today)
    figures = selectors.quarter_figures(
        user=request.user, organisation=organisation, year=period["year"], quarter=period["quarter"]
    )
    if request.GET.get("format") == "xlsx":
        header = [_("Группа"), _("Оценок"), _("Из них 4–5"), _("CSAT, %")]

        def table(title: str, rows: list[tuple[str, Csat]]) -> Table:
            return Table(title, header, [[label, c.total, c.satisfied, c.percent] for label, c in rows])

        tables = [
            table(_("Итог"), [(_("Организация"), figures.overall)]),
            table(_("По каналам"), figures.by_channel),
            table(_("По процессам"), figures.by_process),
            table(_("По подразделениям"), figures.by_unit),
            table(_("По источникам"), figures.by_source),
            table(_("По кварталам года"), figures.by_quarter),
        ]
        return _xlsx(xlsx_tables(tables), f"csat-{figures.year}-q{figures.quarter}.xlsx")

    def chart(title: str, rows: list[tuple[str, Csat]]) -> Any:
        return bar_chart(title, [(label, c.percent or 0) for label, c in rows if c.total], unit="%", maximum=100)

    sections = [
        (_("По каналам"), figures.by_channel),
        (_("По процессам"), figures.by_process),
        (_("По подразделениям"), figures.by_unit),
        (_("По источникам"), figures.by_source),
    ]
    context = {
        "form": form,
        "figures": figures,
        "overall": _percent(figures.overall),
        "year_chart": chart(_("CSAT по кварталам %(y)s года, %%") % {"y": figures.year}, figures.by_quarter),
        "sections": [
            (title, chart(title, rows), [(label, c, _percent(c)) for label, c in rows]) for title, rows in sections
        ],
        "period": period,
    }
    return render(request, "feedback/quarter.html", context)


@staff_view
def ratings_import(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    if not selectors.can_manage(request.user, organisation):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.ratings_import(
                actor=request.user,
                organisation=organisation,
                source=form.cleaned_data["source"],
                file_name=upload.name,
                content=upload.read(),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            errors = list(exc.extra.get("errors") or [])
        else:
            messages.success(
                request,
                _("Загружено оценок: %(n)s; уже были загружены раньше: %(k)s.")
                % {"n": result.created, "k": result.already_loaded},
            )
            return redirect("feedback:import")
    return render(request, "feedback/import.html", {"form": form, "errors": errors, "columns": services.IMPORT_COLUMNS})


@staff_view
def publications(request: StaffRequest) -> HttpResponse:
    organisation = request.organisation
    manage = selectors.can_manage(request.user, organisation)
    form = PublicationForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.publication_create(actor=request.user, organisation=organisation, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Публикация подготовлена; разместите её, когда будете готовы."))
                return redirect("feedback:publications")
    items = selectors.publications_for_staff(user=request.user, organisation=organisation)
    return render(request, "feedback/publications.html", {"form": form, "items": items, "can_manage": manage})


@staff_view
@require_POST
def publication_publish(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    publication = selectors.publications_for_staff(user=request.user, organisation=organisation).filter(pk=pk).first()
    if publication is None:
        raise Http404
    try:
        done = services.publication_publish(actor=request.user, publication=publication)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Опубликовано; уведомлено респондентов: %(n)s.") % {"n": done.notified_count})
    return redirect("feedback:publications")
