"""The rating page: the author rates the sent answer by the signed link from the answer e-mail or the status page."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from otklik.appeals.rating_links import appeal_id_from_rating_token
from otklik.appeals.selectors import appeal_for_rating, rating_of, sent_final_answer
from otklik.appeals.services import MAX_RATING_COMMENT, answer_rate
from otklik.core.errors import ApplicationError
from otklik.core.forms import SubmissionKeyForm
from otklik.orgs.selectors import public_organisation

SCORES = [(5, gettext_lazy("5 — отлично")), (4, "4"), (3, "3"), (2, "2"), (1, gettext_lazy("1 — плохо"))]


class RatingForm(SubmissionKeyForm):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Оценка ответа"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Выберите оценку от 1 до 5.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Комментарий"), required=False, max_length=MAX_RATING_COMMENT, widget=forms.Textarea
    )


def rate_answer(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    organisation = public_organisation(slug)
    appeal_id = appeal_id_from_rating_token(token)
    appeal = appeal_for_rating(organisation=organisation, appeal_id=appeal_id) if organisation and appeal_id else None
    if appeal is None:
        raise Http404
    answer = sent_final_answer(appeal)
    if answer is None:
        raise Http404
    form = RatingForm(request.POST or None)
    rating = rating_of(appeal)
    if request.method == "POST" and rating is None and form.is_valid():
        try:
            rating = answer_rate(appeal=appeal, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
        except ApplicationError as exc:
            form.add_service_error(exc)
    return render(
        request,
        "portal/rate.html",
        {"organisation": organisation, "appeal": appeal, "answer": answer, "form": form, "rating": rating},
    )
