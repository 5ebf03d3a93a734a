"""Client applications of the API: keys issued on the developer page (only a hash is stored) and what they submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from otklik.core.models import BaseModel


class ApiKey(BaseModel):
    """One registered client application of one organisation; the organisation can revoke it."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("организация"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("приложение"), max_length=200)
    contact_email = models.EmailField(_("контактная почта"))
    prefix = models.CharField(_("начало ключа"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True)

    class Meta:
        verbose_name = _("ключ API")
        verbose_name_plural = _("ключи API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiSubmission(models.Model):
    """Which application submitted which appeal: a client polls only its own appeals."""

    key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="submissions")
    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.CASCADE, related_name="api_submission")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.key_id} → {self.appeal_id}"
