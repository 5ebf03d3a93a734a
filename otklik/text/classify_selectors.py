"""The text room's classifier part: accuracy of the current model against the codes staff chose."""

from __future__ import annotations

from dataclasses import dataclass

from otklik.orgs.models import Organisation

from .classifier import theme_of
from .models import ClassificationOverride, ClassifierModel


@dataclass(frozen=True)
class Accuracy:
    """How often staff chose the first suggestion, and one of the first three, for one model version."""

    version: int | None
    total: int
    top1: int
    top3: int
    theme_top3: int

    @property
    def top1_share(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_share(self) -> float:
        return self.top3 / self.total if self.total else 0.0


def classifier_accuracy(*, organisation: Organisation) -> Accuracy:
    """Top-1 and top-3 accuracy of the body's current model against the staff choices made while it served."""
    version = (
        ClassifierModel.objects.filter(organisation=organisation, is_current=True)
        .values_list("version", flat=True)
        .first()
    )
    choices = ClassificationOverride.objects.filter(appeal__organisation=organisation, model_version=version)
    total = top1 = top3 = theme3 = 0
    for suggested, chosen in choices.values_list("suggested_codes", "chosen_code").iterator():
        codes = [item["code"] for item in suggested]
        total += 1
        top1 += codes[:1] == [chosen]
        top3 += chosen in codes[:3]
        theme3 += theme_of(chosen) in {theme_of(code) for code in codes[:3]}
    return Accuracy(version=version, total=total, top1=top1, top3=top3, theme_top3=theme3)


def classifier_versions(*, organisation: Organisation) -> list[ClassifierModel]:
    """The body's model versions, newest first (without the stored blobs)."""
    return list(ClassifierModel.objects.filter(organisation=organisation).defer("blob"))
