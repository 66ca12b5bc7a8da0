"""Chinese person, team and organisation shapes."""

from __future__ import annotations

import pytest

from intents.names import clean_organisation, find_organisation, find_people, find_teams, is_person


@pytest.mark.parametrize(("text", "people"), [
    ("见了采购部的孙经理", ["孙经理"]),
    ("见了孙总和工程部的钱工", ["孙总", "钱工"]),
    ("让小王周五之前交", ["小王"]),
    ("老张今天之内把补丁打上", ["老张"]),
    ("总共大概七十万，工作量不小", []),
    ("和王总还有小李讨论", ["王总", "小李"]),
])
def test_people(text: str, people: list[str]) -> None:
    assert find_people(text) == people


def test_teams_follow_a_preposition() -> None:
    assert find_teams("下周一和财务部过一下预算，再跟设计团队对一下") == ["财务部", "设计团队"]


@pytest.mark.parametrize(("text", "org"), [
    ("今天拜访远航科技的情况", "远航科技"),
    ("今天上午去了那个中海物流，见了陈总", "中海物流"),
    ("今天去海尔拜访了孙经理", "海尔"),
    ("刚跟恒通集团的李总开完会", "恒通集团"),
    ("今天天气不错", None),
])
def test_organisation(text: str, org: str | None) -> None:
    assert find_organisation(text) == org


def test_cleaning_a_company_that_came_with_its_person() -> None:
    assert clean_organisation("老客户德邦的黄总") == "德邦"
    assert is_person("黄总") and not is_person("德邦")


def test_assignee_merchant_and_location_by_sentence_shape() -> None:
    from intents.names import find_assignee, find_location, find_merchant, is_place

    assert find_assignee("让小王周五之前把报表整理好") == "小王"
    assert find_assignee("我明天把报表整理好") is None
    assert find_merchant("昨天请客户吃饭，在海底捞") == "海底捞"
    assert find_merchant("报销一下昨天的滴滴车费") == "滴滴"
    assert find_location("明天上午十点在三楼大会议室开评审会") == "三楼大会议室"
    assert find_location("约了赵总明天中午在金钱豹吃饭") == "金钱豹"
    assert find_location("下午两点部门周会，用腾讯会议") == "腾讯会议"
    assert is_place("五楼会议室") and not is_place("市场部")
