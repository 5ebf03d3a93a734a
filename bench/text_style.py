"""Benchmark row for the answer style check (otklik.text.style.check): a two-page answer, p95 in milliseconds.

Each run checks a different two-page answer (≈ 4 500 characters, 600+ words, on the serif blank's two pages) built
from shuffled sentences of an ordinary answer with a few faults mixed in, against an appeal text, with the body's
default settings; the lemma cache is emptied before every run, so every word is looked up in the dictionary as it
would be in a fresh worker (the slowest case). No database: the check is pure.
"""

from __future__ import annotations

import random
import statistics
import time

from otklik.text import lemmas
from otklik.text.style import StyleConfig, check

from .table import Row

RUNS = 200
SENTENCES = (
    "Вы спрашивали о ремонте дороги по улице Ленина в Махачкале.",
    "Ремонт начнётся 5 мая 2026 года и закончится к 30 июня.",
    "Работы ведёт ООО «Дорстрой» по государственному контракту № 17.",
    "На время ремонта движение по улице будет открыто по одной полосе.",
    "Данный вопрос взят на контроль министерством.",
    "Жители соседних домов получат уведомления через управляющую компанию и МФЦ.",
    "Если сроки изменятся, мы сообщим вам письмом на электронную почту.",
    "Подробности можно узнать по телефону 8 (8722) 67-00-00 в рабочие дни с 9 до 18 часов.",
    "В соответствии с вышеизложенным сообщаем, что заявка направлена подрядчику для исполнения в установленный срок.",
    "Освещение и тротуары будут восстановлены одновременно с проезжей частью, а остановки перенесут на время работ.",
    "ВНИМАНИЕ: проезд грузовых машин будет ограничен.",
    "Приносим извинения за неудобства и благодарим за терпение.",
)
APPEAL = "Когда отремонтируют дорогу на улице Ленина? Ямы мешают проезду, тротуара нет, освещение не работает."


def answer(rng: random.Random) -> str:
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < 4500:
        paragraphs.append(" ".join(rng.sample(SENTENCES, 4)))
    return "Уважаемая Анна Сергеевна!\n\n" + "\n\n".join(paragraphs) + "\n\nС уважением,\nминистр"


def rows() -> list[Row]:
    rng = random.Random(20261201)
    config = StyleConfig()
    lemmas.analyzer()  # the dictionaries load once per worker, before any request
    times = []
    for _ in range(RUNS):
        text = answer(rng)
        lemmas.lemma.cache_clear()
        started = time.perf_counter()
        check(text, appeal_text=APPEAL, settings=config)
        times.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    return [Row("text: style check of a two-page answer, cold lemma cache (p95)", p95, "ms", "<= 30")]


if __name__ == "__main__":
    import django

    django.setup()
    for row in rows():
        print(row)
