"""Citizens' accounts on the portal: an e-mail confirmed by a signed link and a password; never a staff user."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class ClientAccount(BaseModel):
    """A citizen's optional account: it shows the appeals written from its confirmed e-mail (001 §2.9).

    Kept apart from orgs.User on purpose: a client account has no memberships or roles, signs in on the
    portal only (its own session key), and can never open the staff shell, the admin or the staff API.
    """

    email = models.EmailField(_("электронная почта"), unique=True)
    password = models.CharField(max_length=128)
    confirmed_at = models.DateTimeField(_("почта подтверждена"), null=True, blank=True)
    last_login_at = models.DateTimeField(_("последний вход"), null=True, blank=True)

    class Meta:
        verbose_name = _("учётная запись клиента")
        verbose_name_plural = _("учётные записи клиентов")

    def __str__(self) -> str:
        return self.email
