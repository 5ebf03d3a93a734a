"""Forms of client accounts: input only; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from otklik.core.forms import ChallengeFormMixin, SubmissionKeyForm


class SignUpForm(ChallengeFormMixin, SubmissionKeyForm):
    email = forms.EmailField(label=_("Электронная почта"), help_text=_("Та же, что вы указываете в обращениях."))
    password = forms.CharField(
        label=_("Пароль"), widget=forms.PasswordInput(render_value=False), help_text=_("Не короче 8 знаков.")
    )


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Электронная почта"))
    password = forms.CharField(label=_("Пароль"), widget=forms.PasswordInput(render_value=False))
