"""Figures in table rows (cell | cell |): the row header gives the region, the column header the rest."""

from tasks.metrics.layout import Layout

from .helpers import run

TABLE = (
    "省份 | 2016年脱贫人口目标 |\n"
    "湖北 | 力争实现147万建档立卡贫困人口稳定脱贫 |\n"
    "云南 | 实现120万贫困人口脱贫 |\n"
    "四川 | 实现105万以上贫困人口脱贫 |\n"
    "正文说明。\n"
)


def test_the_column_header_of_a_cell_is_the_first_rows_cell_in_its_column():
    layout = Layout(TABLE)
    start, end = layout.column_header(TABLE.index("120万"))
    assert TABLE[start:end].strip() == "2016年脱贫人口目标"
    assert layout.column_header(TABLE.index("正文")) is None
    assert layout.column_header(TABLE.index("2016")) is None  # the header row has no header


def test_table_rows_are_extracted_with_their_row_and_column_headers():
    found = run(TABLE, publish_time=None)
    rows = [(m.quote, m.unit, m.region, m.period, m.kind, m.indicator_class) for m in found]
    assert rows == [
        ("147万", "person", "湖北省", "2016", "target", "poverty_exits"),
        ("120万", "person", "云南省", "2016", "target", "poverty_exits"),
        ("105万", "person", "四川省", "2016", "target", "poverty_exits"),
    ]
    assert found[-1].qualifier == "at_least"
