"""The shipped presets (presets/<slug>.yaml): schema checks and facts pinned from the seed acts.

Plain functions, no database and no Django settings: the files are read from the repository's
presets/ directory, so the module also runs with `-p no:django`.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

PRESETS_DIR = Path(__file__).resolve().parents[3] / "presets"
SLUGS = ("dagestan", "smolensk", "sverdlovsk", "khabarovsk")

TOP_LEVEL_KEYS = {
    "organisation",
    "settings",
    "channel_settings",
    "working_hours",
    "units",
    "roles",
    "channels",
    "phone_lines",
}
ORGANISATION_KEYS = {
    "slug",
    "name",
    "short_name",
    "region",
    "timezone",
    "address",
    "phone",
    "email",
    "website",
    "working_hours",
    "source_act",
}
SETTINGS_KEYS = {
    "term_end_policy",
    "appeal_term_days",
    "appeal_extension_max_days",
    "request_term_days",
    "request_deferral_max_days",
    "forward_term_days",
    "registration_term_days",
    "internal_written_term_days",
    "registry_publication_working_days",
    "report_acceptance_working_days",
}
# The channels room's settings row (otklik/channels/models.py ChannelSettings).
CHANNEL_SETTINGS_KEYS = {
    "social_official_response_minutes",
    "social_mention_response_minutes",
    "cc_queue_wait_max_seconds",
    "cc_first_contact_resolution_min_percent",
    "cc_transfers_max",
    "cc_lost_calls_max",
    "cc_avg_handling_max_seconds",
    "cc_avg_call_max_seconds",
}
ROLE_CODES = {
    "administrator",
    "head",
    "cc_deputy_head",
    "registry_keeper",
    "unit_head",
    "executor",
    "controller",
    "registrar",
    "reception_officer",
    "cc_operator",
    "social_operator",
    "internal_client",
}
CHANNEL_TYPES = {
    "site",
    "email",
    "social",
    "messenger",
    "chatbot",
    "video",
    "epgu",
    "erknm",
    "gis_tor_knd",
    "sed",
    "pos",
    "api",
    "phone",
    "post",
    "reception",
    "onsite",
    "internal_office",
    "workplace",
    "other",
}
URL_CHANNEL_TYPES = {"site", "social", "messenger", "epgu", "erknm", "gis_tor_knd", "pos"}
EXPECTED_TIMEZONES = {
    "dagestan": "Europe/Moscow",
    "smolensk": "Europe/Moscow",
    "sverdlovsk": "Asia/Yekaterinburg",
    "khabarovsk": "Asia/Vladivostok",
}
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")  # Django SlugField
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s]+$")
# Column widths of the models the loader writes to (otklik/orgs/models.py).
MAX_LEN = {
    "organisation": {
        "name": 500,
        "short_name": 200,
        "region": 200,
        "address": 500,
        "phone": 100,
        "working_hours": 300,
        "source_act": 500,
    },
    "unit": {"code": 80, "name": 500},
    "role": {"position": 500, "source": 200},
    "channel": {"code": 80, "name": 300, "address": 500, "source": 200},
}


@cache
def load(slug: str) -> dict[str, Any]:
    data = yaml.safe_load((PRESETS_DIR / f"{slug}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), slug
    return data


def channels_by_code(slug: str) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in load(slug)["channels"]}


def addresses(slug: str, channel_type: str | None = None) -> set[str]:
    return {
        item.get("address") or ""
        for item in load(slug)["channels"]
        if channel_type is None or item["channel_type"] == channel_type
    }


def roles_by_code(slug: str) -> dict[str, dict[str, Any]]:
    return {item["role"]: item for item in load(slug)["roles"]}


# --- schema -------------------------------------------------------------------------------------


def test_allowed_lists_match_the_application_choices() -> None:
    """The lists above mirror otklik.orgs.choices; importing it needs Django but no settings."""
    from otklik.orgs.choices import ChannelType, RoleCode, TermEndPolicy

    assert set(RoleCode.values) == ROLE_CODES
    assert set(ChannelType.values) == CHANNEL_TYPES
    assert set(TermEndPolicy.values) == {"preceding", "next"}


def test_all_four_presets_are_shipped() -> None:
    assert {path.stem for path in PRESETS_DIR.glob("*.yaml")} >= set(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_top_level_and_organisation(slug: str) -> None:
    data = load(slug)
    assert set(data) <= TOP_LEVEL_KEYS
    assert {"organisation", "units", "roles", "channels"} <= set(data)
    org = data["organisation"]
    assert set(org) == ORGANISATION_KEYS, set(org) ^ ORGANISATION_KEYS
    assert org["slug"] == slug
    for key in ORGANISATION_KEYS - {"slug"}:
        assert isinstance(org[key], str), key
    for key in ("name", "short_name", "region", "timezone", "source_act"):
        assert org[key].strip(), key
    for key, limit in MAX_LEN["organisation"].items():
        assert len(org[key]) <= limit, key
    assert org["timezone"] == EXPECTED_TIMEZONES[slug]
    zoneinfo.ZoneInfo(org["timezone"])
    if org["website"]:
        assert URL_RE.match(org["website"]), org["website"]
    if org["email"]:
        assert EMAIL_RE.match(org["email"]), org["email"]


@pytest.mark.parametrize("slug", SLUGS)
def test_settings(slug: str) -> None:
    settings = load(slug).get("settings") or {}
    assert set(settings) <= SETTINGS_KEYS, set(settings) - SETTINGS_KEYS
    for key, value in settings.items():
        if key == "term_end_policy":
            assert value in {"preceding", "next"}
        else:
            assert isinstance(value, int) and not isinstance(value, bool) and value > 0, key


@pytest.mark.parametrize("slug", SLUGS)
def test_channel_settings(slug: str) -> None:
    settings = load(slug).get("channel_settings") or {}
    assert set(settings) <= CHANNEL_SETTINGS_KEYS, set(settings) - CHANNEL_SETTINGS_KEYS
    for key, value in settings.items():
        if value is None:  # «актами не установлено»: only the social-media times may be left unset (SPEC D-1)
            assert key.startswith("social_"), key
            continue
        assert isinstance(value, int) and not isinstance(value, bool) and value > 0, key
    if "cc_first_contact_resolution_min_percent" in settings:
        assert settings["cc_first_contact_resolution_min_percent"] <= 100


@pytest.mark.parametrize("slug", SLUGS)
def test_units_form_a_tree_in_load_order(slug: str) -> None:
    seen: set[str] = set()
    for unit in load(slug)["units"]:
        assert set(unit) <= {"code", "name", "parent"}, unit
        assert SLUG_RE.match(unit["code"]), unit["code"]
        assert unit["code"] not in seen, f"duplicate unit {unit['code']}"
        assert unit["name"].strip()
        for key, limit in MAX_LEN["unit"].items():
            assert len(unit[key]) <= limit, (unit["code"], key)
        if unit.get("parent"):
            # the loader needs the parent to be declared above its child
            assert unit["parent"] in seen, f"{unit['code']}: unknown or later parent {unit['parent']}"
        seen.add(unit["code"])
    assert seen, "at least the leadership unit"


@pytest.mark.parametrize("slug", SLUGS)
def test_roles_cover_every_role_once(slug: str) -> None:
    data = load(slug)
    unit_codes = {unit["code"] for unit in data["units"]}
    codes = [item["role"] for item in data["roles"]]
    assert len(codes) == len(set(codes)), "one definition per role (unique in the database)"
    assert set(codes) == ROLE_CODES
    for item in data["roles"]:
        assert set(item) <= {"role", "position", "unit", "source"}, item
        assert "source" in item, item["role"]
        assert item["position"].strip(), item["role"]
        for key, limit in MAX_LEN["role"].items():
            assert len(item.get(key) or "") <= limit, (item["role"], key)
        if item.get("unit"):
            assert item["unit"] in unit_codes, item


@pytest.mark.parametrize("slug", SLUGS)
def test_channels(slug: str) -> None:
    seen: set[str] = set()
    for item in load(slug)["channels"]:
        assert set(item) <= {"code", "channel_type", "name", "address", "notes", "response_minutes", "source"}
        code = item["code"]
        assert SLUG_RE.match(code), code
        assert code not in seen, f"duplicate channel {code}"
        seen.add(code)
        assert item["channel_type"] in CHANNEL_TYPES, (code, item["channel_type"])
        assert item["name"].strip(), code
        assert item.get("source"), f"{code}: every channel cites its clause"
        for key, limit in MAX_LEN["channel"].items():
            assert len(item.get(key) or "") <= limit, (code, key)
        address = item.get("address") or ""
        assert address == address.strip(), code
        if address and item["channel_type"] in URL_CHANNEL_TYPES:
            assert URL_RE.match(address), (code, address)
        if item["channel_type"] == "email" and address:
            assert EMAIL_RE.match(address), (code, address)
        if item["channel_type"] == "phone" and address:
            assert re.fullmatch(r"[+\d() -]+", address), (code, address)
        if item.get("response_minutes") is not None:
            assert item["channel_type"] in {"social", "messenger"}, code
            assert isinstance(item["response_minutes"], int) and item["response_minutes"] > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_organisation_contacts_appear_among_channels(slug: str) -> None:
    org = load(slug)["organisation"]
    if org["email"]:
        assert org["email"] in addresses(slug, "email")
    if org["website"]:
        assert any(a.startswith(org["website"].rstrip("/")) for a in addresses(slug, "site"))


# --- facts from the acts ------------------------------------------------------------------------


def test_dagestan_facts() -> None:
    data = load("dagestan")
    org = data["organisation"]
    assert org["name"] == "Министерство промышленности и торговли Республики Дагестан"
    assert org["email"] == "minprom@e-dag.ru"  # 000 §2.1.4
    assert "141-ОД" in org["source_act"] and "154-ОД" in org["source_act"]
    assert "27.09.2024" in org["source_act"]
    channels = channels_by_code("dagestan")
    assert len(channels) >= 14
    assert channels["erknm"]["address"] == "https://proverki.gov.ru/portal"  # 000 §2.1.2
    assert channels["epgu"]["address"] == "https://do.gosuslugi.ru/?ysclid=lrk44ienf1189792453"  # 000 §2.1.3
    assert "minpromdag.ru" in channels["site"]["address"]
    types = {item["channel_type"] for item in channels.values()}
    assert {"video", "post", "phone", "social", "onsite", "sed", "pos", "internal_office", "workplace"} <= types
    assert channels["sed-delo"]["name"] == "СЭД Дело"  # 001 §4.1
    settings = data["settings"]
    assert settings["registry_publication_working_days"] == 10  # 001 §5.4
    assert "appeal_term_days" not in settings  # neither order fixes it
    channel_settings = data["channel_settings"]
    assert channel_settings["social_official_response_minutes"] == 120  # 001 §3.2
    assert channel_settings["social_mention_response_minutes"] == 240
    assert channel_settings["cc_transfers_max"] == 2  # 000 §3.2.4
    roles = roles_by_code("dagestan")
    assert roles["registry_keeper"]["source"] == "001 §2.2"
    assert "Уполномоченное лицо" in roles["registry_keeper"]["position"]
    assert roles["head"]["position"] == "Министр промышленности и торговли Республики Дагестан"
    unit_names = {unit["name"] for unit in data["units"]}
    assert {"Управление делами", "Юридический отдел", "Управление правового и экономического обеспечения"} <= unit_names


def test_smolensk_facts() -> None:
    data = load("smolensk")
    org = data["organisation"]
    assert org["name"] == "Министерство промышленности и торговли Смоленской области"
    assert "27/01-01" in org["source_act"] and "19.03.2024" in org["source_act"]
    channels = channels_by_code("smolensk")
    assert len(channels) >= 14
    assert addresses("smolensk", "email") == {"otdelgoscen@yandex.ru", "deppromtorg@smolinvest.com"}
    assert addresses("smolensk", "phone") == {"+7 (4812) 29-25-09", "+7(4812) 29-24-91"}
    assert (
        "https://dpt.admin-smolensk.ru/regionalnyj-kontrol-nadzor/gosudarstvennoe-regulirovanie-cen-tarifov-natovary-uslugi/"
        in addresses("smolensk", "site")
    )
    assert addresses("smolensk", "erknm") == {"https://proverki.gov.ru/portal"}
    assert addresses("smolensk", "gis_tor_knd") == {"https://tor.knd.gov.ru/"}
    assert addresses("smolensk", "epgu") == {"https://knd.gosuslugi.ru/"}
    assert "https://ervk.gov.ru/registry/list2/active" in addresses("smolensk")
    assert "Почта России" in {item["name"] for item in channels.values()}
    assert data["settings"] == {"registry_publication_working_days": 10}  # 002 §5.4
    assert data["channel_settings"] == {
        "social_official_response_minutes": None,  # the act sets no social-media times (SPEC D-1)
        "social_mention_response_minutes": None,
        "cc_transfers_max": 2,  # 002 §3.2.3
    }
    assert roles_by_code("smolensk")["internal_client"]["source"] == "002 §1.3.2"


def test_sverdlovsk_facts() -> None:
    data = load("sverdlovsk")
    org = data["organisation"]
    assert org["name"] == "Министерство промышленности и науки Свердловской области"
    assert org["phone"] == "+7 (343) 312-00-11"  # §6.5.1
    assert org["email"] == "minprom@egov66.ru"  # §6.4.3
    assert org["website"] == "https://mpr.midural.ru"  # §6.2
    assert "Октябрьская, д. 1" in org["address"]  # §9.1.1
    assert "№ 22" in org["source_act"] and "26.02.2024" in org["source_act"]
    channels = channels_by_code("sverdlovsk")
    assert len(channels) >= 20
    assert channels["vk"]["address"] == "https://vk.com/minpromnauki"  # §6.3.1.1
    assert channels["telegram"]["address"] == "https://t.me/minpromso"  # §6.3.1.2
    assert channels["vk"]["response_minutes"] == 120  # §6.3.2
    assert "+7 (343) 312-00-11" in addresses("sverdlovsk", "phone")
    assert "https://mpr.midural.ru/about/feedback.php" in addresses("sverdlovsk", "site")  # §10.3
    assert "https://mpr.midural.ru/open_ministry/elektronnaya-priemnaya/FAQ.php" in addresses("sverdlovsk", "site")
    assert {"api", "sed", "reception", "epgu", "pos"} <= {item["channel_type"] for item in channels.values()}
    settings = data["settings"]
    assert settings["report_acceptance_working_days"] == 3  # §11.5.2.2
    channel_settings = data["channel_settings"]
    assert channel_settings["social_official_response_minutes"] == 120  # §6.3.2
    assert channel_settings["social_mention_response_minutes"] == 240
    assert channel_settings["cc_transfers_max"] == 2  # §6.5.2
    roles = roles_by_code("sverdlovsk")
    assert roles["cc_deputy_head"]["source"].startswith("003 §11.1")
    assert "ответственным за внедрение принципов клиентоцентричности" in roles["cc_deputy_head"]["position"]
    assert roles["reception_officer"]["source"] == "003 §6.6.2"
    unit_names = {unit["name"] for unit in data["units"]}
    assert "Отдел государственной службы, кадров, правовой и организационной работы" in unit_names  # §6.4.7


def test_khabarovsk_facts() -> None:
    data = load("khabarovsk")
    org = data["organisation"]
    assert org["name"] == (
        "Главное управление регионального государственного контроля и лицензирования Правительства Хабаровского края"
    )
    assert org["email"] == "klp@khv.gov.ru"  # App.1 §5.10
    assert "110-р" in org["source_act"] and "29.03.2024" in org["source_act"]
    assert "680021" in org["address"]
    channels = channels_by_code("khabarovsk")
    assert len(channels) >= 25
    assert {"https://vk.com/krgkl_khv", "https://ok.ru/krgkl.k.h.v"} <= addresses("khabarovsk", "social")
    assert "https://t.me/krgkl_khv" in addresses("khabarovsk", "messenger")
    assert addresses("khabarovsk", "erknm") == {"https://private.proverki.gov.ru/private/preventions"}  # App.4 §2.2
    assert addresses("khabarovsk", "gis_tor_knd") == {"https://tor.knd.gov.ru/select-application"}  # App.4 §2.3
    assert "https://www.gosuslugi.ru/" in addresses("khabarovsk", "epgu")
    assert "680021, г. Хабаровск, Ленинградский пер., д. 13" in addresses("khabarovsk", "post")
    assert "г. Хабаровск, Амурский бульвар, д. 43" in addresses("khabarovsk", "reception")
    assert "https://sicmt.ru/fgis-taksi" in addresses("khabarovsk")
    assert data["settings"] == {
        "appeal_term_days": 30,
        "appeal_extension_max_days": 30,
        "forward_term_days": 7,
        "internal_written_term_days": 30,
    }
    assert data["channel_settings"] == {
        "social_official_response_minutes": None,  # the acts set no social-media times (SPEC D-1)
        "social_mention_response_minutes": None,
        "cc_queue_wait_max_seconds": 300,
        "cc_first_contact_resolution_min_percent": 80,
        "cc_transfers_max": 2,
        "cc_lost_calls_max": 2,
        "cc_avg_handling_max_seconds": 420,
        "cc_avg_call_max_seconds": 600,
    }
    roles = roles_by_code("khabarovsk")
    assert roles["controller"]["source"] == "004 App.1 §6.10"
    assert roles["registrar"]["unit"] == "otdel-obrashcheniy"
    units = {unit["code"]: unit for unit in data["units"]}
    assert units["otdel-obrashcheniy"]["parent"] == "upravlenie-pkor"
    assert units["otdel-organizacionnoy-raboty"]["parent"] == "upravlenie-pkor"


@pytest.mark.parametrize("slug", SLUGS)
def test_only_social_and_messenger_of_bodies_with_a_fixed_time_have_response_minutes(slug: str) -> None:
    with_time = {item["code"] for item in load(slug)["channels"] if item.get("response_minutes") is not None}
    settings = load(slug).get("channel_settings") or {}
    if "social_official_response_minutes" not in settings:
        assert not with_time, f"{slug}: no act of this body fixes a social-media response time"
    else:
        for code in with_time:
            assert channels_by_code(slug)[code]["response_minutes"] == settings["social_official_response_minutes"]


# --- contact-centre phone lines (issue 14) --------------------------------------------------------

PHONE_LINE_THRESHOLDS = {
    "queue_wait_max_seconds",
    "first_contact_resolution_min_percent",
    "transfers_max",
    "lost_calls_max_per_day",
    "avg_handling_max_seconds",
    "avg_talk_max_seconds",
    "operator_load_max_percent",
}


@pytest.mark.parametrize("slug", SLUGS)
def test_phone_lines_hang_off_phone_channels_and_cite_their_clauses(slug: str) -> None:
    lines = load(slug).get("phone_lines") or []
    assert lines, f"{slug}: every seed act names a phone line"
    assert len({line["code"] for line in lines}) == len(lines)
    for line in lines:
        assert set(line) <= {"code", "name", "procedure", "channel", "source"} | PHONE_LINE_THRESHOLDS
        assert line["procedure"] in {"appeals", "services", "hotline"}
        assert channels_by_code(slug)[line["channel"]]["channel_type"] == "phone"
        assert line["source"].strip()
        for key in PHONE_LINE_THRESHOLDS & set(line):
            assert isinstance(line[key], int) and not isinstance(line[key], bool) and line[key] > 0, key


def test_phone_line_thresholds_are_only_what_the_acts_say() -> None:
    khabarovsk = {line["code"]: line for line in load("khabarovsk")["phone_lines"]}
    assert set(khabarovsk) == {"appeals", "services"}
    assert {k: v for k, v in khabarovsk["appeals"].items() if k in PHONE_LINE_THRESHOLDS} == {
        "avg_talk_max_seconds": 600  # App.1 §5.7
    }
    assert {k: v for k, v in khabarovsk["services"].items() if k in PHONE_LINE_THRESHOLDS} == {
        "queue_wait_max_seconds": 300,  # App.3 §7.1
        "first_contact_resolution_min_percent": 80,  # App.3 §7.2
        "transfers_max": 2,  # App.3 §7.3
        "lost_calls_max_per_day": 2,  # App.3 §7.4
        "avg_handling_max_seconds": 420,  # App.3 §7.6 (§7.5 sets no limit on operator load)
    }
    for slug in ("dagestan", "smolensk", "sverdlovsk"):
        (line,) = load(slug)["phone_lines"]
        assert {k: v for k, v in line.items() if k in PHONE_LINE_THRESHOLDS} == {"transfers_max": 2}, slug
