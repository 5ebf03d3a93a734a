"""The shared chart and spreadsheet pieces: figures a reader sees in the SVG, the hidden table and the XLSX."""

import io

from openpyxl import load_workbook

from otklik.core.charts import bar_chart
from otklik.core.spreadsheets import Table, xlsx_tables


def test_bar_chart_scales_bars_and_repeats_figures_as_a_table():
    html = str(bar_chart("Обращения по каналам", [("Портал", 30), ("Почта", 15), ("Приём", 0)]))
    assert "<svg" in html and 'role="img"' in html
    assert 'width="360"' in html  # the largest bar fills the plot
    assert 'width="180"' in html  # half of it is half as long
    assert '<th scope="row">Почта</th><td>15</td>' in html
    assert "http" not in html.replace("http://www.w3.org", "")  # nothing from elsewhere


def test_bar_chart_with_a_fixed_scale_and_unit():
    html = str(bar_chart("Доля в срок", [("I квартал", 87.5)], unit="%", maximum=100))
    assert "87.5%" in html and 'width="315"' in html


def test_empty_chart_renders():
    assert "<svg" in str(bar_chart("Пусто", []))


def test_xlsx_tables_reread():
    data = xlsx_tables(
        [Table("Каналы", ["Канал", "Число"], [["Портал", 30], ["Почта", 15]]), Table("Пусто", ["A"], [])]
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Каналы", "Пусто"]
    assert [list(row) for row in book["Каналы"].iter_rows(values_only=True)] == [
        ["Канал", "Число"],
        ["Портал", 30],
        ["Почта", 15],
    ]
