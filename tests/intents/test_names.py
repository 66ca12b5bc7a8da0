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
