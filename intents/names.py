"""Finding people, organisations and places in Chinese speech by their shape, where the small LLM misses them.

Chinese colleagues and clients are named by surname plus title (马经理, 郑总, 钱工) or 小/老 plus surname (小彭,
老韦); teams end in 部/组/团队. These shapes are regular enough to find exactly; a common-surname list keeps
words such as 总共 or 工作 from reading as names.
"""

from __future__ import annotations

import re

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪"
    "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_TITLES = ("董事长|总经理|总监|经理|主任|主管|助理|秘书|律师|医生|老师|教授|处长|局长|科长|部长|院长|校长|厂长|"
           "老板|博士|先生|女士|小姐|总|董|工|姐|哥")
_S = f"[{_SURNAMES}]"
PERSON = re.compile(f"(?:{_S}(?:{_TITLES})|(?<![个半多两几一])[小老]{_S}(?![{_SURNAMES}]?(?:{_TITLES}))"
                    f"|{_S}[\u4e00-\u9fff]{{1,2}}(?=(?:先生|女士)))")
TEAM = re.compile(r"(?<=[跟和与同给])[\u4e00-\u9fffA-Za-z]{1,6}?(?:分公司|公司|部|组|团队|中心|小组|部门|委员会)"
                  r"(?![\u4e00-\u9fff]{0,1}[长])")
_ORG_SUFFIX = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{2,8}?(?:科技|公司|集团|银行|医院|大学|学校|工厂|实业|股份|电子|网络|软件|物流|贸易|地产|"
    r"汽车|制药|医药|传媒|能源|证券|保险|电气|电器|中国)"
)
_ORG_CONTEXT = re.compile(r"(?:拜访了?|去了?|到了?|跟|和|见了?)(?:那个|一下|老客户)?([\u4e00-\u9fffA-Za-z]{2,6}?)"
                          r"(?:的|那边|公司|拜访)")
_ORG_NOISE = re.compile(r"^(?:老客户|新客户|客户|那个|这个|一下|我们|他们)")
# Words that end a clause before a company name: what precedes them is not part of the name.
_BEFORE_NAME = re.compile(r"[了个的去到在跟和与见访们我他她你这那是趟次]")
_NOT_NAME = re.compile(r"[了们我他她你这那开聊谈说见吃喝是]|(部|中心|组|团队|部门)$")


# Everyday words shaped like 小/老 + surname or surname + title: a unit, a product, a place, a trade, a relation.
_NOT_PERSON = re.compile(
    r"小时|小米|小程序|小龙虾|小区|小组|小学|小票|小费|小样|小钱|小店|小单|小车|小吃|小哥|小伙|小孩|小事|小项目|小批量|"
    r"老师|老板|老家|老公|老婆|老式|老款|老客户|老地方|老样子|老虎|老鼠|老外|老百姓|老乡|老版|老系统|老产品|"
    r"施工|龙头|高工资|高速|万元|万块|石油"
)


def _unique(pattern: re.Pattern[str], text: str) -> list[str]:
    return list(dict.fromkeys(match.group(0) for match in pattern.finditer(text)
                              if not _NOT_PERSON.match(text, match.start())))


def find_people(text: str) -> list[str]:
    """Titled or familiar Chinese person names, in order, without repeats."""
    return _unique(PERSON, text)


def find_teams(text: str) -> list[str]:
    return _unique(TEAM, text)


def is_person(name: str) -> bool:
    return bool(PERSON.fullmatch(name)) and not _NOT_PERSON.match(name)


def is_full_name(name: str) -> bool:
    """李娜, 王磊: a common surname and one or two given-name characters."""
    return bool(re.fullmatch(f"{_S}[\u4e00-\u9fff]{{1,2}}", name))


def find_organisation(text: str, *, strict: bool = False) -> str | None:
    """A company named by its legal-form suffix (禾丰科技), or, unless strict, by context (去蓝桥拜访, 瑞丰的郑总)."""
    for match in _ORG_SUFFIX.finditer(text):
        candidate = _BEFORE_NAME.split(match.group(0))[-1]
        if len(candidate) > 2:
            return candidate
    if strict:
        return None
    for match in _ORG_CONTEXT.finditer(text):
        candidate = _ORG_NOISE.sub("", match.group(1))
        if len(candidate) >= 2 and not find_people(candidate) and not _NOT_NAME.search(candidate):
            return candidate
    return None


def clean_organisation(name: str) -> str:
    """'老客户瑞丰的郑总' -> '瑞丰': the model sometimes copies the person along with the company."""
    if "的" in name:
        head = name.split("的")[0]
        if head and (PERSON.search(name.split("的", 1)[1]) or len(head) >= 2):
            name = head
    return _ORG_NOISE.sub("", name) or name


# 让小彭…, 给小韦建个任务, 老郑明天之前把…: who is asked to do the work, by sentence shape.
_ASSIGNEE_CN = re.compile(r"(?:让|叫|请|安排|给|交给)([\u4e00-\u9fff]{2,4}?)"
                          r"(?=去|把|在|负责|建|今天|明天|后天|这周|下周|周|礼拜|月底|\d|之前|尽快)")
_MERCHANT_CN = re.compile(r"在([\u4e00-\u9fffA-Za-z]{2,8}?)(?:买|吃|住|消费|花|喝|唱|订|办|充|加油|打印|，|,|。|$)")
_LOCATION_CN = re.compile(r"在([\u4e00-\u9fffA-Za-z0-9]{1,10}(?:会议室|培训室|办公室|餐厅|食堂|咖啡厅|咖啡馆|酒店|大厅|"
                          r"前台|展厅|公司|总部|门店|现场))")
_LOCATION_BY_VERB_CN = re.compile(r"在([\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:吃饭|喝茶|喝咖啡|见面|碰头|开会|聚餐|上)|"
                                  r"用(腾讯会议|钉钉|飞书|Zoom|Teams)|"
                                  r"(?:就在|在)[^，。]{0,6}的([\u4e00-\u9fffA-Za-z]{2,6})$")
_BRAND_MERCHANT = re.compile(r"东航|国航|南航|海航|春秋航空|吉祥航空|滴滴|Uber|Lyft|Grab|美团|饿了么|携程|Airbnb|"
                             r"星巴克|Starbucks|瑞幸|麦当劳|肯德基", re.IGNORECASE)


def find_assignee(text: str) -> str | None:
    """Who a 让/给/安排-clause asks to do the work ("让小彭周四之前…", "给小韦建个任务")."""
    match = _ASSIGNEE_CN.search(text)
    return match.group(1) if match else None


def find_merchant(text: str) -> str | None:
    """Where money was spent: an 在-clause ("在楼下面馆吃的"), or a well-known brand named anywhere."""
    if match := _MERCHANT_CN.search(text):
        return match.group(1)
    brand = _BRAND_MERCHANT.search(text)
    return brand.group(0) if brand else None


def find_location(text: str) -> str | None:
    """A meeting place: a room or venue after 在, a place named by what happens there, or the meeting app."""
    match = _LOCATION_CN.search(text) or _LOCATION_BY_VERB_CN.search(text.rstrip("。. "))
    return next(group for group in match.groups() if group) if match else None


def is_place(name: str) -> bool:
    return bool(_LOCATION_CN.search("在" + name))
