"""The client-book name corrector: what Whisper mishears is spelled as the book spells it, and nothing else moves."""

from __future__ import annotations

import random
import statistics
import time
from itertools import pairwise

import pytest

from asr import BookName, Change, Correction, NameIndex, correct_names

BOOK = [
    # Chinese clients
    BookName("远航科技", ("远航",)),
    BookName("云存储"),
    BookName("招商银行", ("招行",)),
    BookName("兴业银行"),
    BookName("华夏银行"),
    BookName("中国建设银行", ("建设银行", "建行")),
    BookName("恒瑞医药"),
    BookName("迈瑞医疗"),
    BookName("石药集团"),
    BookName("顺丰速运", ("顺丰",)),
    BookName("中通快递", ("中通",)),
    BookName("韵达快递"),
    BookName("科大讯飞", ("讯飞",)),
    BookName("华为"),
    BookName("京东"),
    BookName("宁德时代"),
    BookName("金蝶软件"),
    BookName("星辰数据"),
    BookName("启明医药"),
    # Chinese people
    BookName("张伟", ("张经理",), "person"),
    BookName("李娜", ("李总监",), "person"),
    BookName("王建国", ("王总",), "person"),
    BookName("刘洋", ("刘工",), "person"),
    BookName("陈静", ("陈主任",), "person"),
    BookName("欧阳明", (), "person"),
    BookName("孙丽华", (), "person"),
    BookName("马晓东", (), "person"),
    BookName("周婷", ("周经理",), "person"),
    BookName("郑凯", ("郑总",), "person"),
    # English clients
    BookName("Acme Corp", ("Acme",)),
    BookName("Globex"),
    BookName("Northwind Traders", ("Northwind",)),
    BookName("Initech"),
    BookName("Contoso"),
    BookName("Vandelay Industries"),
    # English people
    BookName("Sarah Chen", (), "person"),
    BookName("Tom Becker", (), "person"),
    BookName("Michael O'Brien", (), "person"),
    BookName("Priya Raman", (), "person"),
    BookName("Grant Holloway", (), "person"),
]

INDEX = NameIndex(BOOK)

# Everyday office speech with no name in it, written for this test; none of it may change.
ORDINARY = [
    "明天上午十点开部门例会，记得带上周报",
    "帮我记一下，下周三之前把合同发给客户",
    "今天中午和同事吃饭花了一百二十块",
    "提醒我周五下午给供应商打电话确认交货时间",
    "这个季度的销售目标完成了百分之八十",
    "会议室的空调坏了，需要找物业来修一下",
    "下个月五号之前提交差旅费报销单",
    "客户说报价有点高，希望我们再让一点利润",
    "新系统上线以后，订单处理速度快了很多",
    "我这周有哪些待办事项还没有完成",
    "下午两点到四点在三楼会议室做产品培训",
    "昨天晚上加班到十点，打车回家花了五十八块",
    "把上个月的发票整理好，交给财务部审核",
    "项目进度有点落后，需要跟技术团队沟通一下",
    "下周一早上九点半和领导汇报年度计划",
    "记得给新来的同事开通邮箱和系统权限",
    "这批货物明天从仓库发出，预计后天到达",
    "客户对售后服务很满意，愿意继续合作",
    "明天出差去北京，酒店已经订好了",
    "年底前要完成所有合同的续签工作",
    "样品已经寄出去了，快递单号稍后发给你",
    "今天的拜访很顺利，对方答应下周给回复",
    "把会议纪要整理一下，发到项目群里",
    "这次展会的预算大概是五万块钱",
    "周末加班的调休申请记得找人事审批",
    "Book a meeting room for Thursday afternoon",
    "Remind me to call the supplier about the late shipment",
    "I spent thirty dollars on lunch with the team today",
    "Send the quarterly report to the finance department by Friday",
    "The client wants a discount if they sign for two years",
    "Schedule a review of the marketing plan next Monday at ten",
    "Please update the sales forecast before the board meeting",
    "The printer on the second floor is broken again",
    "Follow up with the vendor about the missing invoice",
    "We need to hire two more engineers this quarter",
    "Move the weekly sync to Wednesday morning",
    "Add a task to prepare the training slides for new hires",
    "The shipment arrived damaged, file a claim with the carrier",
    "Ask the legal team to review the contract terms",
    "Parking at the airport cost forty five dollars",
    "The demo went well and they asked for a formal proposal",
    "Set a reminder to renew the software licenses next month",
    "Our team closed three deals this week",
    "Customer support tickets are down twenty percent since the update",
    "Lunch with the new intern at noon tomorrow",
    "Please order more paper and toner for the office",
    "The budget for the conference is about ten thousand dollars",
    "Call the hotel to change my booking to Sunday night",
    "Draft an email to thank everyone for the great quarter",
    "What did we agree on with the landlord about the lease",
]


def fix(text: str) -> str:
    return correct_names(text, INDEX).text


# --- Chinese ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("heard", "said"), [
    ("我们和员航科技谈了合作", "我们和远航科技谈了合作"),  # the bundled sample's own mishearing
    ("他们想用我们的云存处方案", "他们想用我们的云存储方案"),
    ("章经理对报价很满意", "张经理对报价很满意"),
    ("拜访了华维的采购", "拜访了华为的采购"),  # pypinyin reads 华为 as wei4; said wei2, as 维
    ("顺风速运的合同到了", "顺丰速运的合同到了"),
    ("科大迅飞的接口调通了", "科大讯飞的接口调通了"),
    ("十药集团还没付款", "石药集团还没付款"),
    ("李纳说预算批了", "李娜说预算批了"),
])
def test_a_name_heard_with_other_characters_of_the_same_pinyin_is_spelled_as_in_the_book(heard: str,
                                                                                       said: str) -> None:
    assert fix(heard) == said


@pytest.mark.parametrize(("heard", "said"), [
    ("新辰数据的服务器到了", "星辰数据的服务器到了"),  # xin / xing
    ("宗通快递下周评审", "中通快递下周评审"),  # zong / zhong
    ("启民医药的样品", "启明医药的样品"),  # min / ming
    ("中国建社银行的陈主任", "中国建设银行的陈主任"),
])
def test_a_longer_name_one_close_syllable_away_is_corrected(heard: str, said: str) -> None:
    assert fix(heard) == said


@pytest.mark.parametrize("heard", [
    "今天去了浙商银行谈合作",  # zhe / zhao: the final differs, and 浙商银行 is another bank
    "申通快递的仓库在嘉兴",  # shen / zhong: initial and final differ
    "远方科技想做我们的代理",  # fang / hang
    "星河数据暂时没有预算",  # he / chen
    "金山软件的合同到期了",
    "赵经理明天来公司",  # zhao / zhang: three syllables must sound the same
    "詹经理明天来公司",  # zhan / zhang is close, but a title leaves only the surname to tell people apart
    "这件事惊动了领导",  # jing dong, as 京东, but in other tones: a two-syllable name must agree in tone too
    "下周要远行一趟",  # 行 can be read hang (远航), but here it is xing
])
def test_a_name_not_in_the_book_stays_as_heard_even_with_a_sound_alike_in_it(heard: str) -> None:
    correction = correct_names(heard, INDEX)
    assert correction.text == heard
    assert correction.changes == []


def test_yi_and_bu_agree_with_any_tone_since_speech_changes_theirs() -> None:
    # 一 is written yi1 but said yi2 or yi4 before other syllables: a two-syllable alias heard with it still matches.
    book = [BookName("逸凡科技", ("逸凡",))]
    assert correct_names("一凡那边说可以", book).text == "逸凡那边说可以"
    assert correct_names("衣凡那边说可以", book).text == "衣凡那边说可以"  # yi1 said as written: another name


def test_near_but_not_the_same_is_not_corrected_in_short_names() -> None:
    # 藉 jie and 见 jian share only the initial: not the same sound.
    assert correct_names("我藉了他一本书", [BookName("见了")]).text == "我藉了他一本书"
    assert correct_names("我见了他一面", [BookName("藉了")]).text == "我见了他一面"


# --- English ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("heard", "said"), [
    ("Call with Glow Bex about the renewal", "Call with Globex about the renewal"),
    ("Met Sara Chen for lunch", "Met Sarah Chen for lunch"),
    ("Tom Backer wants a revised quote", "Tom Becker wants a revised quote"),
    ("Michael O'Brian approved it", "Michael O'Brien approved it"),
    ("Demo at North Wind Traders on Tuesday", "Demo at Northwind Traders on Tuesday"),
    ("Pria Raman liked the dashboard", "Priya Raman liked the dashboard"),
    ("Kontoso moved their data center", "Contoso moved their data center"),
    ("Visited Acne Corp today", "Visited Acme Corp today"),
    ("Van Delay Industries asked about shipping", "Vandelay Industries asked about shipping"),
    ("Grant Halloway called", "Grant Holloway called"),
])
def test_english_sound_alike_company_and_person_names_are_corrected(heard: str, said: str) -> None:
    assert fix(heard) == said


@pytest.mark.parametrize("heard", [
    "Spoke with Sarah Chang about the booth",  # Chang is not Chen: a consonant more
    "Acne Studios wants a quote",  # one short word, one sound apart from the alias Acme
    "Costco wants two hundred units",
    "Intertech asked for a demo",
    "Tom Brady asked for the slides",
    "Priya Sharma may introduce us",
])
def test_an_english_name_not_in_the_book_stays_as_heard(heard: str) -> None:
    assert correct_names(heard, INDEX).changes == []


def test_a_common_name_heard_with_other_vowels_is_someone_else() -> None:
    # The sound key drops inner vowels, so Wong and Wang share one; heard as a correctly spelled common name, it is
    # taken as said. A spelling that is no common name, or another spelling of the same name, is still corrected.
    book = [BookName("Marcus Wang", kind="person"), BookName("Katherine Duval", kind="person")]
    for heard in ("Call Marcus Wong about the lease", "Kathleen Duval sent the floor plan"):
        assert correct_names(heard, book).changes == []
    assert correct_names("Call Marcus Whang about the lease", book).text == "Call Marcus Wang about the lease"
    assert correct_names("Katharine Duval sent the floor plan", book).text == "Katherine Duval sent the floor plan"


def test_a_common_word_is_not_turned_into_a_name() -> None:
    # "green" sounds and reads like the alias Greene; one everyday word alone is not enough to write a name.
    book = [BookName("Grant"), BookName("Marc"), BookName("Dana Greene", ("Greene",), "person")]
    for heard in ("That was a great quarter", "Mark the date in the calendar", "The light turned green"):
        assert correct_names(heard, book).text == heard


def test_a_function_word_does_not_start_or_end_a_name() -> None:
    # "a corn" spells acorn, but the article belongs to the sentence, not to the name.
    assert correct_names("I bought a corn dog at lunch", [BookName("Acorn")]).text == "I bought a corn dog at lunch"
    assert correct_names("Called Acorne about it", [BookName("Acorn")]).text == "Called Acorn about it"


def test_ordinary_words_may_become_a_name_only_when_the_whole_span_matches_strongly() -> None:
    book = [BookName("Northwind")]
    assert correct_names("Send it to north wind today", book).text == "Send it to Northwind today"
    assert correct_names("The north window is open", book).text == "The north window is open"


def test_a_name_heard_right_in_another_case_is_left_as_heard_and_reported_as_matched() -> None:
    correction = correct_names("met acme corp today", INDEX)
    assert correction.text == "met acme corp today"
    assert [(m.heard, m.name) for m in correction.matched] == [("acme corp", "Acme Corp")]


# --- ordinary speech -------------------------------------------------------------------------------------------


def test_fifty_ordinary_office_sentences_come_out_unchanged() -> None:
    assert len(ORDINARY) == 50 and len(BOOK) == 40
    changed = {text: [f"{c.heard}→{c.replacement}" for c in correct_names(text, INDEX).changes]
               for text in ORDINARY}
    assert {text: changes for text, changes in changed.items() if changes} == {}


# --- spans, overlaps, aliases ----------------------------------------------------------------------------------


def test_changes_carry_their_span_in_the_heard_text_and_rebuild_the_corrected_text() -> None:
    heard = "上午去员航科技见了章经理，下午和Sara Chen通电话"
    correction = correct_names(heard, INDEX)
    assert correction.heard == heard
    assert [(c.start, c.end, c.heard, c.replacement, c.name, c.kind) for c in correction.changes] == [
        (3, 7, "员航科技", "远航科技", "远航科技", "client"),
        (9, 12, "章经理", "张经理", "张伟", "person"),
        (16, 25, "Sara Chen", "Sarah Chen", "Sarah Chen", "person"),
    ]
    assert all(heard[c.start:c.end] == c.heard for c in correction.changes)
    assert all(0 < c.score <= 1 for c in correction.changes)
    assert correction.text == "上午去远航科技见了张经理，下午和Sarah Chen通电话"


def test_undo_puts_back_one_change_and_keeps_the_others() -> None:
    correction = correct_names("员航科技和章经理", INDEX)
    undone = correction.undo(correction.changes[0])
    assert undone.text == "员航科技和张经理"
    assert [c.heard for c in undone.changes] == ["章经理"]


def test_the_longest_match_wins_and_matches_never_overlap() -> None:
    correction = correct_names("中国建社银行和中通快地", INDEX)
    assert correction.text == "中国建设银行和中通快递"
    assert [(c.heard, c.replacement) for c in correction.changes] == [("中国建社银行", "中国建设银行"),
                                                                      ("中通快地", "中通快递")]
    spans = sorted((c.start, c.end) for c in [*correction.changes, *correction.matched])
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


def test_two_names_run_together_are_both_corrected() -> None:
    assert fix("张维李纳都参加了评审") == "张伟李娜都参加了评审"
    assert fix("Sarachen approved the budget") == "Sarah Chen approved the budget"


def test_a_name_already_in_the_book_is_never_corrected_into_another() -> None:
    # 招商银行 is exact; 招行 is exact too (an alias), and neither may be read as anything else.
    correction = correct_names("招商银行和招行是一家", INDEX)
    assert correction.text == "招商银行和招行是一家"
    assert correction.changes == []
    assert [(m.heard, m.name) for m in correction.matched] == [("招商银行", "招商银行"), ("招行", "招商银行")]


def test_a_heard_alias_is_kept_unless_the_book_says_to_write_the_name() -> None:
    keep = [BookName("招商银行", ("招行",))]
    assert correct_names("招行的贷款", keep).text == "招行的贷款"
    write_name = [BookName("招商银行", ("招行",), replace_aliases=True)]
    correction = correct_names("招行的贷款", write_name)
    assert correction.text == "招商银行的贷款"
    assert [(c.heard, c.replacement, c.name) for c in correction.changes] == [("招行", "招商银行", "招商银行")]


def test_a_misheard_alias_is_spelled_as_the_alias() -> None:
    correction = correct_names("员航那边要报价", INDEX)
    assert correction.text == "远航那边要报价"
    assert correction.changes[0].name == "远航科技"


def test_two_book_names_that_sound_the_same_leave_the_span_alone() -> None:
    book = [BookName("张伟", kind="person"), BookName("章伟", kind="person")]
    assert correct_names("张维明天来", book).text == "张维明天来"


# --- edges and cost --------------------------------------------------------------------------------------------


def test_an_empty_book_or_text_changes_nothing() -> None:
    assert correct_names("员航科技", []) == Correction("员航科技", "员航科技")
    assert correct_names("", BOOK) == Correction("", "")
    assert correct_names("员航科技", NameIndex([])).text == "员航科技"


def test_mixed_chinese_and_english_text_is_corrected_in_both() -> None:
    assert fix("今天和Glow Bex的Sara Chen开会，然后去了员航科技") == \
        "今天和Globex的Sarah Chen开会，然后去了远航科技"


def test_a_book_passed_as_a_list_gives_what_its_index_gives() -> None:
    text = "章经理和Tom Backer在员航科技"
    assert correct_names(text, BOOK) == correct_names(text, INDEX)
    assert isinstance(correct_names(text, BOOK).changes[0], Change)


def test_correction_stays_well_under_20_ms_with_a_book_of_500_names() -> None:
    rng = random.Random(3)
    chars = ("安邦博晨达德东方丰福光海航和恒宏华汇佳嘉建金锦聚凯康"
             "蓝力联隆美明宁鹏启瑞润盛泰天通伟信兴旭阳益永源远云泽正智中卓")
    book = list(BOOK)
    while len(book) < 500:
        book.append(BookName("".join(rng.sample(chars, 2)) + rng.choice(("科技", "银行", "医药", "物流"))))
        book.append(BookName(f"{rng.choice(['Anna', 'Ben', 'Cara', 'Dev'])} {rng.choice(['Novak', 'Rossi', 'Sato'])}"
                             f"{len(book)}", (), "person"))
    index = NameIndex(book)
    text = ("今天下午去拜访了员航科技的章经理，他们对报价比较满意，下周三之前要把合同发过去，另外招行那边也要跟进一下。"
            "Then a call with Sara Chen and Tom Backer from Glow Bex about the renewal and the pricing for next year.")
    index.correct(text)
    runs = []
    for _ in range(20):
        t0 = time.perf_counter()
        index.correct(text)
        runs.append((time.perf_counter() - t0) * 1000)
    assert statistics.median(runs) < 20


COMPANY_BOOK = [
    BookName("岚山制药"),
    BookName("顺达物流"),
    BookName("Pellworth Energy"),
    BookName("Corbin Foods"),
    BookName("高明远", ("高总",), "person", company="岚山制药"),
    BookName("Dmitri Volkonsky", (), "person", company="Pellworth Energy"),
]


@pytest.mark.parametrize("heard", ["明天和高明元开会", "岚山制药的高明元说可以", "岚善制药的高明元说可以",
                                   "药厂的高明元说可以"])
def test_a_person_said_with_their_own_company_or_none_is_corrected(heard: str) -> None:
    assert "高明远" in correct_names(heard, COMPANY_BOOK).text


@pytest.mark.parametrize("heard", ["顺达物流的高明元说可以", "东方物流的高明元说可以", "宏图制造, 高明元说可以"])
def test_a_person_said_with_another_company_is_someone_else(heard: str) -> None:
    """A sound-alike of a book person, said with a company the book does not give them, keeps its spelling."""
    book = [*COMPANY_BOOK, BookName("宏图制造")]
    assert correct_names(heard, book).text == heard


def test_an_english_person_said_from_another_company_is_someone_else() -> None:
    assert "Dmitri Volkonsky" in correct_names("call Dmitri Volkonski from Pellworth Energy", COMPANY_BOOK).text
    for heard in ("call Dmitri Volkonski from Corbin Foods", "call Dmitri Volkonski at Brandt Foods",
                  "Corbin Foods's Dmitri Volkonski called"):
        assert "Volkonski" in correct_names(heard, COMPANY_BOOK).text, heard


def test_a_possessive_ending_stays_after_the_name() -> None:
    assert correct_names("Globx's offer came in", BOOK).text == "Globex's offer came in"
    assert correct_names("Acme Corp's offer came in", BOOK).text == "Acme Corp's offer came in"
