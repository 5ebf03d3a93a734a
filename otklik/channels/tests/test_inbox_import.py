"""CSV import of social-media items: BOM or not, «;» or «,», every bad row listed, all or nothing, reruns add none."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from otklik.channels.inbox_import import inbox_file_import
from otklik.channels.models import InboxItem
from otklik.core.errors import ApplicationError
from otklik.orgs.choices import ChannelType

from .inbox_factories import MSK, operator, social_body, social_channel

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]

HEADER = "external_id;channel;kind;received_at;author_handle;author_name;link;text;widget_category"
GOOD = "\n".join(
    [
        HEADER,
        "m-1;vk;official;2026-03-03 10:00;id77;Олег Иванов;https://vk.com/wall-1_2;Когда выплаты?;",
        'm-2;vk;mention;03.03.2026 10:15;id78;;;"Министерство, ответьте; пожалуйста";',
        "m-3;tg;widget;2026-03-03T10:20:00+05:00;@petr;;;Яма на дороге;Дороги",
    ]
)

GOOD_COMMAS = GOOD.replace(";", ",").replace('"Министерство, ответьте, пожалуйста"', '"Министерство; ответьте"')


@pytest.fixture
def travel():
    with time_machine.travel(dt.datetime(2026, 3, 3, 11, 0, tzinfo=MSK), tick=False):
        yield


@pytest.fixture
def body():
    organisation = social_body()
    social_channel(organisation, "vk")
    social_channel(organisation, "tg", ChannelType.MESSENGER)
    social_channel(organisation, "site", ChannelType.SITE)
    return organisation


@pytest.mark.parametrize(
    "content",
    [GOOD.encode(), b"\xef\xbb\xbf" + GOOD.encode(), GOOD_COMMAS.encode()],
    ids=["utf-8", "utf-8 with BOM", "commas"],
)
def test_a_good_file_loads_every_row_with_timers_and_a_rerun_adds_nothing(body, content):
    user = operator(body)
    result = inbox_file_import(actor=user, organisation=body, file_name="export.csv", content=content)
    assert (result.created, result.already_loaded) == (3, 0)
    again = inbox_file_import(actor=user, organisation=body, file_name="export.csv", content=content)
    assert (again.created, again.already_loaded) == (0, 3)
    items = {item.external_id: item for item in InboxItem.objects.all()}
    assert len(items) == 3
    assert items["m-1"].due_at == dt.datetime(2026, 3, 3, 12, 0, tzinfo=MSK)
    assert items["m-2"].kind == "mention" and items["m-2"].due_at == dt.datetime(2026, 3, 3, 15, 15, tzinfo=MSK)
    assert items["m-3"].received_at == dt.datetime(2026, 3, 3, 8, 20, tzinfo=MSK)
    assert items["m-3"].widget_category == "Дороги"


def test_a_file_with_bad_rows_stores_nothing_and_names_every_line(body):
    content = "\n".join(
        [
            HEADER,
            "m-1;vk;official;2026-03-03 10:00;id77;;;Хороший ряд;",
            "m-2;site;official;2026-03-03 10:00;id77;;;Канал не соцсеть;",
            "m-3;vk;question;завтра;id77;;;Плохой вид и время;",
            "m-1;vk;official;2026-03-03 10:00;id77;;;Повтор идентификатора;",
            "m-5;vk;official;2026-03-03 10:00;id77;;;;",
            "m-6;vk;official",
        ]
    ).encode()
    with pytest.raises(ApplicationError) as caught:
        inbox_file_import(actor=operator(body), organisation=body, file_name="bad.csv", content=content)
    errors = caught.value.extra["errors"]
    assert [error.split(":")[0] for error in errors] == ["строка 3", "строка 4", "строка 5", "строка 6", "строка 7"]
    assert "нет канала соцсети или мессенджера с кодом «site»" in errors[0]
    assert "вид «question»" in errors[1] and "время «завтра»" in errors[1]
    assert "уже был в строке 2" in errors[2]
    assert "Нет текста сообщения" in errors[3]
    assert "столбцов 3, а нужно 9" in errors[4]
    assert "ошибок — 5" in caught.value.message
    assert not InboxItem.objects.exists()


def test_a_wrong_header_or_encoding_is_refused(body):
    user = operator(body)
    with pytest.raises(ApplicationError, match="строка 1: ожидаются столбцы"):
        inbox_file_import(actor=user, organisation=body, file_name="x.csv", content=b"id;text\n1;2\n")
    with pytest.raises(ApplicationError, match="UTF-8"):
        inbox_file_import(actor=user, organisation=body, file_name="x.csv", content=GOOD.encode("cp1251"))
    assert not InboxItem.objects.exists()


def test_the_import_page_lists_the_errors_and_loads_a_good_file(body):
    client = Client()
    client.force_login(operator(body))
    bad = GOOD.replace("m-2;vk;mention", "m-2;vk;rumour").encode()
    response = client.post("/staff/channels/inbox/import/", {"file": _upload(bad)})
    assert response.status_code == 200
    assert "строка 3: вид «rumour»" in response.content.decode()
    assert not InboxItem.objects.exists()
    response = client.post("/staff/channels/inbox/import/", {"file": _upload(GOOD.encode())}, follow=True)
    assert "Загружено сообщений: 3; уже были загружены раньше: 0." in response.content.decode()
    assert InboxItem.objects.count() == 3


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("export.csv", content, content_type="text/csv")
