"""The thematic classifier: the real 2025-10-31 edition loads whole and clean, re-imports are idempotent, search works."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from otklik.appeals.classifier import classifier_import, classifier_node, classifier_search, clean_name
from otklik.appeals.models import ClassifierNode
from otklik.core.errors import ApplicationError
from otklik.core.models import AuditEntry

CLASSIFIER_DIR = Path(settings.BASE_DIR).parent / "shared" / "data" / "classifier"
EDITION_FILE = CLASSIFIER_DIR / "themes_tree_2025-10-31.json"


def node(code: str, name: str, *children: dict) -> dict:
    return {"code": code, "name": name, "children": list(children)}


# A small tree shaped like the real one: 2 sections, 9 nodes, every level present.
SMALL_TREE = [
    node(
        "0001.0000.0000.0000",
        "Государство, общество, политика",
        node(
            "0001.0001.0000.0000",
            "Конституционный строй",
            node(
                "0001.0001.0001.0000",
                "Конституция Российской Федерации",
                node("0001.0001.0001.0001", "Основы конституционного строя"),
                node(
                    "0001.0001.0001.0002",
                    "Гражданство Российской Федерации",
                    node("0001.0001.0001.0002.0001", "на территории Российской Федерации"),
                    node("0001.0001.0001.0002.0002", "за рубежом"),
                ),
            ),
        ),
    ),
    node("0002.0000.0000.0000", "Социальная сфера", node("0002.0004.0000.0000", "Семья")),
]


def write_tree(directory: Path, tree: object, name: str = "themes_tree_2025-10-31.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(tree, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def imports_logged() -> int:
    return AuditEntry.objects.filter(action="classifier.imported").count()


@pytest.fixture
def imported(db):
    return classifier_import(path=EDITION_FILE)


# --- the real edition -------------------------------------------------------------------------------------------


def test_full_import_loads_every_node_with_the_readme_counts(imported):
    assert imported.total == imported.created == 2094
    assert (imported.updated, imported.deactivated, imported.edition) == (0, 0, "2025-10-31")
    assert ClassifierNode.objects.count() == 2094
    assert not ClassifierNode.objects.filter(is_active=False).exists()
    assert set(ClassifierNode.objects.values_list("edition", flat=True)) == {"2025-10-31"}
    per_level = {level: ClassifierNode.objects.filter(level=level).count() for level in range(1, 6)}
    assert per_level == {1: 5, 2: 21, 3: 206, 4: 1219, 5: 643}
    per_section = {
        code: ClassifierNode.objects.filter(section_code=code).count()
        for code in ("0001", "0002", "0003", "0004", "0005")
    }
    assert per_section == {"0001": 473, "0002": 513, "0003": 548, "0004": 473, "0005": 87}
    # Leaves as the README counts them: 1 тема, 1071 вопросы, 643 подвопросы.
    leaves = ClassifierNode.objects.filter(children__isnull=True)
    assert leaves.count() == 1715
    assert list(leaves.filter(level=3).values_list("code", flat=True)) == ["0003.0008.0077.0000"]
    assert leaves.filter(level=4).count() == 1071


def test_the_two_names_with_glued_footnotes_are_cleaned(imported):
    assert classifier_node("0001.0001.0008.0025").name == "Деятельность избирательных комиссий"
    assert (
        classifier_node("0001.0002.0027.0142").name
        == "Личный прием руководителями федеральных органов исполнительной власти"
    )
    assert not ClassifierNode.objects.filter(name__contains="При выборе").exists()
    # Names that merely contain digits are kept whole.
    assert classifier_node("0002.0007.0073.0296").name == "Обеспечение бесплатным питанием детей до 1,5 лет"
    assert classifier_node("0004.0016.0162.1019").name.endswith("по единому номеру 112")
    # Typos stay as published.
    assert "н ликвидация" in classifier_node("0003.0011.0122.0831").name


def test_clean_name_cuts_the_footnote_from_the_raw_names():
    raw = {item["code"]: item["name"] for item in _flatten(json.loads(EDITION_FILE.read_text(encoding="utf-8")))}
    assert " 1 При выборе" in raw["0001.0001.0008.0025"]
    assert " 2 3 4 5 При выборе" in raw["0001.0002.0027.0142"]
    assert clean_name(raw["0001.0001.0008.0025"]) == "Деятельность избирательных комиссий"
    assert clean_name(raw["0001.0002.0027.0142"]) == (
        "Личный прием руководителями федеральных органов исполнительной власти"
    )
    assert clean_name("Вопросы по ст. 77 НК РФ") == "Вопросы по ст. 77 НК РФ"
    assert clean_name("Номер 112") == "Номер 112"
    changed = [code for code, name in raw.items() if clean_name(name) != name]
    assert changed == ["0001.0001.0008.0025", "0001.0002.0027.0142"]


def _flatten(items: list[dict]) -> list[dict]:
    result = []
    for item in items:
        result.append(item)
        result.extend(_flatten(item["children"]))
    return result


def test_parents_levels_and_sections_follow_the_codes(imported):
    subquestion = classifier_node("0001.0001.0006.0013.0001")
    assert (subquestion.level, subquestion.section_code) == (5, "0001")
    assert subquestion.name == "на территории Российской Федерации"
    chain = []
    current = subquestion
    while current is not None:
        chain.append(current.code)
        current = current.parent
    assert chain == [
        "0001.0001.0006.0013.0001",
        "0001.0001.0006.0013",
        "0001.0001.0006.0000",
        "0001.0001.0000.0000",
        "0001.0000.0000.0000",
    ]
    assert [n.level for n in map(classifier_node, chain)] == [5, 4, 3, 2, 1]
    assert not ClassifierNode.objects.filter(level=1, parent__isnull=False).exists()
    assert not ClassifierNode.objects.filter(level__gt=1, parent__isnull=True).exists()
    for child_level in range(2, 6):
        assert not ClassifierNode.objects.filter(level=child_level).exclude(parent__level=child_level - 1).exists()


def test_second_import_of_the_same_file_changes_nothing(imported):
    assert imports_logged() == 1
    entry = AuditEntry.objects.get(action="classifier.imported")
    assert entry.actor is None
    assert entry.object_type == "appeals.classifiernode"
    assert entry.object_repr.startswith("0001.0000.0000.0000")
    assert entry.after["edition"] == "2025-10-31"
    assert (entry.after["total"], entry.after["created"], entry.after["deactivated"]) == (2094, 2094, 0)

    again = classifier_import(path=EDITION_FILE)
    assert (again.created, again.updated, again.deactivated, again.total) == (0, 0, 0, 2094)
    assert ClassifierNode.objects.count() == 2094
    assert imports_logged() == 1


# --- editions over time -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_edition_renames_adds_and_deactivates_without_deleting(tmp_path):
    first = classifier_import(path=write_tree(tmp_path, SMALL_TREE))
    assert (first.created, first.total, first.edition) == (9, 9, "2025-10-31")

    tree = copy.deepcopy(SMALL_TREE)
    question = tree[0]["children"][0]["children"][0]["children"]
    question[0]["name"] = "Основы конституционного строя (новая редакция)"
    question[1]["children"].pop()  # drop 0001.0001.0001.0002.0002
    tree[1]["children"][0]["children"].append(node("0002.0004.0040.0000", "Брак"))
    report = classifier_import(path=write_tree(tmp_path, tree, "themes_tree_2026-03-01.json"))

    assert (report.created, report.updated, report.deactivated, report.total) == (1, 1, 1, 9)
    assert report.edition == "2026-03-01"
    assert ClassifierNode.objects.count() == 10
    assert classifier_node("0001.0001.0001.0001").name == "Основы конституционного строя (новая редакция)"
    dropped = classifier_node("0001.0001.0001.0002.0002")
    assert dropped is not None and not dropped.is_active
    assert dropped.edition == "2025-10-31"  # the last edition it belonged to
    added = classifier_node("0002.0004.0040.0000")
    assert added.parent.code == "0002.0004.0000.0000" and added.level == 3 and added.is_active
    assert set(ClassifierNode.objects.filter(is_active=True).values_list("edition", flat=True)) == {"2026-03-01"}
    assert imports_logged() == 2
    assert AuditEntry.objects.filter(action="classifier.imported").latest("pk").after["deactivated"] == 1

    # The old edition again: the dropped node comes back, the new one goes, the name is restored.
    back = classifier_import(path=write_tree(tmp_path, SMALL_TREE, "themes_tree_2026-04-01.json"))
    assert (back.created, back.updated, back.deactivated) == (0, 2, 1)
    assert classifier_node("0001.0001.0001.0002.0002").is_active
    assert not classifier_node("0002.0004.0040.0000").is_active
    assert classifier_node("0001.0001.0001.0001").name == "Основы конституционного строя"


@pytest.mark.django_db
def test_dropping_a_whole_section_deactivates_its_subtree(tmp_path):
    classifier_import(path=write_tree(tmp_path, SMALL_TREE))
    report = classifier_import(path=write_tree(tmp_path, SMALL_TREE[:1], "themes_tree_2026-01-01.json"))
    assert (report.created, report.updated, report.deactivated, report.total) == (0, 0, 2, 7)
    assert set(ClassifierNode.objects.filter(is_active=False).values_list("code", flat=True)) == {
        "0002.0000.0000.0000",
        "0002.0004.0000.0000",
    }


@pytest.mark.django_db
def test_the_same_tree_under_a_new_edition_only_restamps_it(tmp_path):
    classifier_import(path=write_tree(tmp_path, SMALL_TREE))
    report = classifier_import(path=write_tree(tmp_path, SMALL_TREE), edition="2025-11-15")
    assert (report.created, report.updated, report.deactivated, report.edition) == (0, 0, 0, "2025-11-15")
    assert set(ClassifierNode.objects.values_list("edition", flat=True)) == {"2025-11-15"}
    assert imports_logged() == 2


@pytest.mark.django_db
def test_the_edition_comes_from_the_file_name_or_must_be_given(tmp_path):
    path = write_tree(tmp_path, SMALL_TREE, "classifier.json")
    with pytest.raises(ApplicationError, match="нет даты редакции"):
        classifier_import(path=path)
    with pytest.raises(ApplicationError, match="ГГГГ-ММ-ДД"):
        classifier_import(path=path, edition="31.10.2025")
    assert classifier_import(path=path, edition="2025-12-01").edition == "2025-12-01"


# --- malformed files --------------------------------------------------------------------------------------------


def _with(mutate) -> list:
    tree = copy.deepcopy(SMALL_TREE)
    mutate(tree)
    return tree


def _subquestions(tree: list) -> list:
    return tree[0]["children"][0]["children"][0]["children"][1]["children"]


MALFORMED = {
    "bad code": (
        _with(lambda t: _subquestions(t)[0].update(code="0001.0001.0001.0002.01")),
        "код «0001.0001.0001.0002.01» не соответствует формату",
    ),
    "non-ASCII digits": (
        _with(lambda t: t[1].update(code="000٢.0000.0000.0000")),
        "не соответствует формату",
    ),
    "zero block before a number": (
        _with(lambda t: t[1]["children"][0].update(code="0002.0000.0004.0000")),
        "код «0002.0000.0004.0000»: после блока 0000",
    ),
    "wrong nesting": (
        _with(lambda t: t[1]["children"][0].update(code="0002.0004.0041.0000")),
        "код «0002.0004.0041.0000» обозначает уровень 3, а стоит на уровне вложенности 2",
    ),
    "foreign prefix": (
        _with(lambda t: t[1]["children"][0].update(code="0003.0004.0000.0000")),
        "код «0003.0004.0000.0000» не начинается с кода родителя «0002.0000.0000.0000»",
    ),
    "foreign prefix of a subquestion": (
        _with(lambda t: _subquestions(t)[1].update(code="0001.0001.0001.0003.0002")),
        "код «0001.0001.0001.0003.0002» не начинается с кода родителя «0001.0001.0001.0002»",
    ),
    "duplicate code": (
        _with(lambda t: _subquestions(t)[1].update(code="0001.0001.0001.0002.0001")),
        "код «0001.0001.0001.0002.0001» встречается в файле больше одного раза",
    ),
    "empty name": (
        _with(lambda t: t[1].update(name="  ")),
        "у кода «0002.0000.0000.0000» пустое наименование",
    ),
    "no name": (
        _with(lambda t: t[1]["children"][0].pop("name")),
        "у узла «0002.0000.0000.0000» есть потомок без полей code и name",
    ),
    "children not a list": (
        _with(lambda t: t[1].update(children={"code": "0002.0004.0000.0000"})),
        "у узла «0002.0000.0000.0000» поле children должно быть списком",
    ),
    "not a list on top": ({"sections": SMALL_TREE}, "верхний уровень файла должен быть списком"),
    "empty": ([], "в файле нет ни одного раздела"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_tree_is_refused_and_nothing_is_written(tmp_path, case):
    tree, message = MALFORMED[case]
    with pytest.raises(ApplicationError, match=message) as refused:
        classifier_import(path=write_tree(tmp_path, tree))
    assert refused.value.message.startswith("Классификатор не загружен: ")
    assert ClassifierNode.objects.count() == 0
    assert imports_logged() == 0


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "themes_tree_2025-10-31.json"
    path.write_text('[{"code": "0001.0000.0000.0000", "name": "Раздел", ', encoding="utf-8")
    with pytest.raises(ApplicationError, match="не является JSON"):
        classifier_import(path=path)
    path.write_bytes(b"\xff\xfe[]")
    with pytest.raises(ApplicationError, match="не прочитан"):
        classifier_import(path=path)
    with pytest.raises(ApplicationError, match="не найден"):
        classifier_import(path=tmp_path / "themes_tree_2025-11-01.json")
    assert ClassifierNode.objects.count() == 0


@pytest.mark.django_db
def test_a_malformed_edition_leaves_the_loaded_one_untouched(tmp_path):
    classifier_import(path=write_tree(tmp_path, SMALL_TREE))
    before = sorted(ClassifierNode.objects.values_list("code", "name", "is_active", "edition"))
    # The error sits in the last node, after renames and drops that would otherwise be applied.
    tree = copy.deepcopy(SMALL_TREE)
    tree[0]["name"] = "Переименованный раздел"
    tree[1]["children"] = [node("0002.0004.0000.0000", "Семья"), node("0002.0004.0000.0000", "Семья")]
    with pytest.raises(ApplicationError, match="0002.0004.0000.0000"):
        classifier_import(path=write_tree(tmp_path, tree, "themes_tree_2026-01-01.json"))
    assert sorted(ClassifierNode.objects.values_list("code", "name", "is_active", "edition")) == before
    assert imports_logged() == 1


# --- the command ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_imports_and_prints_one_line():
    out = StringIO()
    call_command("import_classifier", str(EDITION_FILE), stdout=out)
    assert out.getvalue() == "classifier 2025-10-31: 2094 nodes, 2094 created, 0 updated, 0 deactivated\n"
    out = StringIO()
    call_command("import_classifier", str(EDITION_FILE), "--edition", "2025-11-01", stdout=out)
    assert out.getvalue() == "classifier 2025-11-01: 2094 nodes, 0 created, 0 updated, 0 deactivated\n"


@pytest.mark.django_db
def test_the_command_reports_a_missing_or_malformed_file(tmp_path):
    missing = tmp_path / "themes_tree_2025-10-31.json"
    with pytest.raises(CommandError, match=f"file not found: {missing}"):
        call_command("import_classifier", str(missing))
    bad = write_tree(tmp_path, _with(lambda t: t[1].update(code="0002.0000.0000")))
    with pytest.raises(CommandError, match="Классификатор не загружен: код «0002.0000.0000»"):
        call_command("import_classifier", str(bad))
    assert ClassifierNode.objects.count() == 0


# --- search -----------------------------------------------------------------------------------------------------


def codes(nodes: list[ClassifierNode]) -> list[str]:
    return [n.code for n in nodes]


def test_search_by_code_prefix(imported):
    assert codes(classifier_search("0001.0001.0006.0013")) == [
        "0001.0001.0006.0013",
        "0001.0001.0006.0013.0001",
        "0001.0001.0006.0013.0002",
    ]
    assert codes(classifier_search(" 0005.0005.0054.0000 ")) == ["0005.0005.0054.0000"]
    sections = classifier_search("0005", limit=500)
    assert len(sections) == 87
    assert codes(sections) == sorted(codes(sections))
    assert classifier_search("0009") == []
    assert classifier_search("0001.9") == []


def test_search_by_words_is_case_insensitive_for_cyrillic(imported):
    found = codes(classifier_search("конституция"))
    assert found == ["0001.0001.0001.0000", "0001.0001.0001.0001"]
    assert codes(classifier_search("КОНСТИТУЦИЯ")) == found
    assert codes(classifier_search("Конституция")) == found
    # Every word must occur, in any order and case; words under two letters are ignored.
    assert codes(classifier_search("комиссий избирательных")) == ["0001.0001.0008.0025"]
    assert codes(classifier_search("деятельность ИЗБИРАТЕЛЬНЫХ комиссий и")) == ["0001.0001.0008.0025"]
    # Abbreviations written in capitals are found when typed in lower case.
    emergencies = codes(classifier_search("мчс", limit=100))
    assert len(emergencies) == 24
    assert emergencies == codes(classifier_search("МЧС", limit=100))
    assert "0002.0004.0050.0238" in codes(classifier_search("загс"))
    # The footnote text was cut off and cannot be found any more.
    assert classifier_search("выборе данного вопроса") == []
    # Plain digits that start no code are looked for in the names.
    assert codes(classifier_search("112")) == ["0004.0016.0162.1019"]
    for query in ("", "   ", "и", "—"):
        assert classifier_search(query) == []


def test_search_keeps_to_the_limit_and_code_order(imported):
    many = classifier_search("образование", limit=1000)
    assert len(many) > 20
    assert codes(many) == sorted(codes(many))
    assert all("образование" in n.name.casefold() for n in many)
    assert codes(classifier_search("образование")) == codes(many)[:20]
    assert codes(classifier_search("образование", limit=3)) == codes(many)[:3]
    assert classifier_search("образование", limit=0) == []


@pytest.mark.django_db
def test_search_skips_inactive_nodes_but_classifier_node_finds_them(tmp_path):
    classifier_import(path=write_tree(tmp_path, SMALL_TREE))
    classifier_import(path=write_tree(tmp_path, SMALL_TREE[:1], "themes_tree_2026-01-01.json"))
    assert classifier_search("семья") == []
    assert classifier_search("0002") == []
    assert codes(classifier_search("гражданство")) == ["0001.0001.0001.0002"]
    family = classifier_node("0002.0004.0000.0000")
    assert family is not None and not family.is_active
    assert classifier_node("0009.0000.0000.0000") is None


def test_search_finds_names_written_without_yo(imported):
    names = [node.name for node in classifier_search("личный приём руководителями")]
    assert "Личный прием руководителями федеральных органов исполнительной власти" in names
