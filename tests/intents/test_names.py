"""Chinese person, team and organisation shapes."""

from __future__ import annotations

import pytest

from intents.names import clean_organisation, find_organisation, find_people, find_teams, is_person


@pytest.mark.parametrize(("text", "people"), [
    ("见了财务部的侯经理", ["侯经理"]),
    ("见了彭总和技术部的邹工", ["彭总", "邹工"]),
    ("让小韦周三之前交", ["小韦"]),
    ("老郑明天之内把配件寄出", ["老郑"]),
    ("总共大概八十五万，工期也紧", []),
    ("和葛总还有小邓商量", ["葛总", "小邓"]),
])
def test_people(text: str, people: list[str]) -> None:
    assert find_people(text) == people


def test_teams_follow_a_preposition() -> None:
    assert find_teams("周三和人事部过一下名单，再跟运营团队对一下") == ["人事部", "运营团队"]


@pytest.mark.parametrize(("text", "org"), [
    ("今天拜访禾丰科技的情况", "禾丰科技"),
    ("昨天下午去了那个蓝港物流，见了韩总", "蓝港物流"),
    ("今天去蓝桥拜访了侯经理", "蓝桥"),
    ("刚跟瑞丰集团的郑总开完会", "瑞丰集团"),
    ("今天天气不错", None),
])
def test_organisation(text: str, org: str | None) -> None:
    assert find_organisation(text) == org


def test_cleaning_a_company_that_came_with_its_person() -> None:
    assert clean_organisation("老客户瑞丰的郑总") == "瑞丰"
    assert is_person("郑总") and not is_person("瑞丰")


def test_assignee_merchant_and_location_by_sentence_shape() -> None:
    from intents.names import find_assignee, find_location, find_merchant, is_place

    assert find_assignee("让小彭周四之前把展板做好") == "小彭"
    assert find_assignee("我下周把展板做好") is None
    assert find_merchant("上周请代理商吃饭，在老街火锅") == "老街火锅"
    assert find_merchant("上周三坐滴滴去展馆的车费") == "滴滴"
    assert find_location("周五下午三点在二楼小会议室开周会") == "二楼小会议室"
    assert find_location("约了郑总周六中午在江南春吃饭") == "江南春"
    assert find_location("周二上午十点项目例会，用飞书") == "飞书"
    assert is_place("七楼会议室") and not is_place("客服部")
