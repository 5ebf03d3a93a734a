"""The public status page: an author checks an appeal by its number and access code, without an account."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from otklik.appeals.rating_links import rating_token
from otklik.appeals.selectors import appeal_by_number_and_code, rating_of, sent_final_answer
from otklik.calendars.selectors import today_for
from otklik.core.client_address import client_bucket
from otklik.core.ratelimit import over_limit
from otklik.orgs.selectors import public_organisation

from .rating_views import RatingForm

ATTEMPTS_PER_MINUTE = 30


class StatusForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Номер обращения"), max_length=50)
    access_code = forms.CharField(
        label=gettext_lazy("Код доступа"), max_length=20, help_text=gettext_lazy("Указан в письме о регистрации.")
    )


def _too_many_attempts(request: HttpRequest) -> bool:
    """Guessing codes must stay slow: a small per-address budget of attempts a minute."""
    return over_limit(f"portal-status:{client_bucket(request)}", limit=ATTEMPTS_PER_MINUTE, seconds=60)


def status_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = public_organisation(slug)
    if organisation is None:
        raise Http404
    form = StatusForm(request.POST or None)
    context: dict[str, object] = {"organisation": organisation, "form": form}
    if request.method == "POST" and form.is_valid():
        if _too_many_attempts(request):
            form.add_error(None, _("Слишком много попыток. Подождите минуту и попробуйте снова."))
        else:
            appeal = appeal_by_number_and_code(
                organisation=organisation, number=form.cleaned_data["number"], code=form.cleaned_data["access_code"]
            )
            if appeal is None:
                form.add_error(None, _("Обращение с таким номером и кодом доступа не найдено. Проверьте их написание."))
            else:
                due = appeal.governing_due_date
                answer = sent_final_answer(appeal)
                context.update(
                    appeal=appeal,
                    due=due,
                    days_left=(due - today_for(organisation)).days,
                    answer=answer,
                    notices=list(appeal.notices.all()),
                    rating=rating_of(appeal) if answer else None,
                    rating_form=RatingForm(),
                    rate_action=reverse("portal:rate", args=[organisation.slug, rating_token(appeal)]),
                )
    return render(request, "portal/status.html", context)
