"""Clean stage: publish dates read at the precision written, dd.mm / mm.dd decided by the page."""

from __future__ import annotations

import pytest

from tasks.clean.dates import find_dates, from_timestamp, parse_machine, refine, resolve_order


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2019-01-25 08:53    来源: 某某网", "2019-01-25T08:53"),
        ("某某网 >> 专题 来源:某某日报    2020年05月11日 15:32", "2020-05-11T15:32"),
        ("正文 发布时间:2018-10-16", "2018-10-16"),
        ("2019-09-07 13:43:45 来源: 某某周刊", "2019-09-07T13:43:45"),
        ("AUTO.EXAMPLE.COM 2005年05月13日14:15", "2005-05-13T14:15"),
        ("2019-09-3007:42", "2019-09-30T07:42"),
        ("〓 发布时间 2005/05/17 22:11:42 by 某人", "2005-05-17T22:11:42"),
        ("发布日期： 2005-7-5 9:23:57 PM", "2005-07-05T21:23:57"),
        ("posted 2005-09-07 12:05 AM", "2005-09-07T00:05"),
        ("Saturday, September 10th, 2005 10:56 am", "2005-09-10T10:56"),
        ("September 19th, 2005 at 7:32 pm", "2005-09-19T19:32"),
        ("Posted on Dec 3, 2019", "2019-12-03"),
    ],
)
def test_dates_at_the_precision_written(line, iso):
    assert find_dates(line)[0].iso() == iso


def test_labels_say_which_date_is_the_publication():
    assert find_dates("发布日期：2022年01月28日")[0].label == "publish"
    assert find_dates("成文日期：2022年01月27日")[0].label == "other"
    assert find_dates("2022年01月28日")[0].label is None
    assert find_dates("[收藏本文] 发表于2005年09月07日 11:57")[0].label == "publish"


def test_not_dates():
    assert find_dates("2020年全市脱贫") == []
    assert find_dates("比例为13.03.2020") == [] or find_dates("比例为13.03.2020")[
        0
    ].iso().startswith("2020-03-13")
    assert find_dates("2019-13-45") == []


def test_day_first_when_the_body_mentions_later_days_of_that_year():
    hit = find_dates("05.08.2015  19:52")[0]
    assert hit.swappable
    assert resolve_order(hit, "7月23日，记者再次来到村里。").iso() == "2015-08-05T19:52"


def test_month_first_when_the_body_says_so():
    hit = find_dates("08.05.2015")[0]
    assert resolve_order(hit, "7月23日，记者再次来到村里。").iso() == "2015-08-05"


def test_day_first_when_nothing_tells():
    assert resolve_order(find_dates("08.05.2015")[0], "会议召开。").iso() == "2015-05-08"


def test_machine_date_decides_the_order():
    hit = find_dates("06/02/2022 - 13:48")[0]
    machine = parse_machine("2022-02-06T12:48:06+00:00")
    assert resolve_order(hit, "", machine).iso() == "2022-02-06T13:48"


def test_unambiguous_numbers_need_no_evidence():
    assert find_dates("25.12.2019")[0].iso() == "2019-12-25"


def test_machine_values():
    assert parse_machine("2016-11-22 09:53").iso() == "2016-11-22T09:53"
    assert parse_machine("Tue, 05 Apr 2005 06:40:00 GMT").iso() == "2005-04-05T06:40:00"
    assert parse_machine("1581517074").iso() == "2020-02-12T22:17:54"
    assert parse_machine("not a date") is None


def test_timestamps_show_china_time():
    assert from_timestamp(0).iso() == "1970-01-01T08:00:00"


def test_machine_clock_refines_a_visible_day():
    visible = find_dates("发布日期：2016-11-22")[0]
    assert refine(visible, parse_machine("2016-11-22 09:53")).iso() == "2016-11-22T09:53"
    assert refine(visible, parse_machine("2016-11-23 09:53")).iso() == "2016-11-22"
