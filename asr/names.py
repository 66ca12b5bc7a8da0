"""Names right after decoding: spans of a transcript that sound like a name in the user's book are written the way
the book writes them.

Whisper base hears names by sound and writes them with whatever characters or words its language model prefers:
远航科技 comes out as 员航科技, Globex as "Glow Bex". The book knows how they are spelled, so a span that sounds like
a book name is replaced, but only with high confidence: a name that is not in the book stays as heard, even when
the book holds a sound-alike, because a wrong "correction" is worse than a known misspelling.

Chinese is compared syllable by syllable on toneless pinyin (a syllable may also differ by a common confusion such
as zh/z or ing/in, in longer names only); English on a phonetic key plus edit similarity of whole word n-grams,
where a heard common name that differs from the book's only in its vowels is taken as said.
With the take's audio at hand, the caller passes a likelihood (Whisper's, for a text) and each change is judged by
it too: a change the audio clearly refutes is not made, and a near miss one syllable further off is made only when
the audio bears it out. The module is pure text: it knows nothing of the audio, the store, the parser or the UI.
Build a `NameIndex` once per book and reuse it; `correct_names` also accepts the book itself and keeps the last few
indexes.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from types import ModuleType
from typing import Literal

NameKind = Literal["client", "person"]
# Whisper's log-probability of each text for the audio the text was heard in, or None when it cannot say.
Likelihood = Callable[[list[str]], "list[float] | None"]

log = logging.getLogger(__name__)

# How sure a match is on text alone: "same", the same syllables in the same tones, which no audio can tell apart, so
# the book decides; "sure", the same syllables in other tones (or an English sound-key match); "close", a syllable
# off by a common confusion (n/l, in/ing), made on text alone but judged strictly by the audio when there is audio,
# since it may as well be another name said right; "near", one syllable further off, made only if the audio bears
# it out.
Closeness = Literal["same", "sure", "close", "near"]
# Per character or word changed, how much less likely than the heard text (in log-probability) a change may be and
# still be made (docs/decisions/names-audio-check.md).
_AUDIO_BAR: dict[Closeness, float] = {"sure": -4.5, "close": -4.0, "near": -4.0}


@dataclass(frozen=True)
class BookName:
    """One client or person of the book. `replace_aliases`: a heard alias is written as `name` (else kept);
    `company`: a person's client, by its book name."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: NameKind = "client"
    replace_aliases: bool = False
    company: str | None = None


@dataclass(frozen=True)
class Change:
    """A span of the heard text [start, end) and what it became; `name` is the canonical book name it refers to."""

    start: int
    end: int
    heard: str
    replacement: str
    score: float
    name: str
    kind: NameKind


@dataclass
class Correction:
    """`text` is `heard` with `changes` applied; `matched` lists book names heard right (left as they were)."""

    text: str
    heard: str
    changes: list[Change] = field(default_factory=list)
    matched: list[Change] = field(default_factory=list)

    def undo(self, change: Change) -> Correction:
        """The same correction without `change` (the card's one-click undo)."""
        kept = [c for c in self.changes if c != change]
        return Correction(_apply(self.heard, kept), self.heard, kept, list(self.matched))


def _apply(heard: str, changes: Sequence[Change]) -> str:
    parts, at = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        parts += [heard[at:change.start], change.replacement]
        at = change.end
    return "".join(parts) + heard[at:]


# --- Chinese: syllables ------------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Confusions that Mandarin speakers (and Whisper) make without meaning another word; f/h, r/l and the like are left
# out on purpose: they separate real, different names too often (远方 is not 远航).
_FUZZY_INITIALS = {"zh": "z", "ch": "c", "sh": "s", "n": "l"}
_FUZZY_FINALS = {"ang": "an", "eng": "en", "ing": "in", "iang": "ian", "uang": "uan"}
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c",
             "s", "y", "w")


@dataclass(frozen=True)
class _Syllable:
    plain: str  # toneless pinyin, "hang"
    tone: int  # 1-4, 5 = neutral
    initial: str
    final: str

    @property
    def fuzzy(self) -> str:
        """Equal for syllables that differ only by an allowed confusion: the key of the index."""
        return _FUZZY_INITIALS.get(self.initial, self.initial) + "|" + _FUZZY_FINALS.get(self.final, self.final)


# 一 and 不 change tone with the syllable after them (yi1 → yi2/yi4, bu4 → bu2): their written tone says nothing.
_SANDHI_CHARS = frozenset("一不")


def _syllable(toned: str, char: str = "") -> _Syllable:
    tone = 5 if char in _SANDHI_CHARS else int(toned[-1]) if toned[-1].isdigit() else 5
    plain = toned.rstrip("012345").replace("ü", "v")
    initial = next((i for i in _INITIALS if plain.startswith(i) and len(plain) > len(i)), "")
    final = plain[len(initial):]
    # After b, p, m, f, pinyin writes uo as o (mo is said muo): the same final as nuo, duo, luo.
    return _Syllable(plain, tone, initial, "uo" if final == "o" and initial in ("b", "p", "m", "f") else final)


def _tones_agree(a: int, b: int) -> bool:
    # 2nd and 3rd tones are the pair that listeners (and Whisper) confuse most, and 3rd-tone sandhi turns one into
    # the other; a neutral tone says nothing.
    return a == b or {a, b} == {2, 3} or 5 in (a, b)


@lru_cache(maxsize=8192)
def _char_readings(char: str) -> tuple[_Syllable, ...]:
    """Every reading of one character (polyphones such as 行 xing/hang), the most common first."""
    from pypinyin import Style, pinyin

    toned = pinyin(char, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]
    return tuple(_syllable(t, char) for t in toned[:4] if t and t[0].isalpha())


def _run_readings(chars: str) -> list[tuple[_Syllable, ...]]:
    """Per character of a CJK run: its reading in context first (行 in 银行 is hang, in 远行 xing), then the others."""
    from pypinyin import Style, lazy_pinyin

    context = lazy_pinyin(chars, style=Style.TONE3, neutral_tone_with_five=True)
    if len(context) != len(chars):
        return [_char_readings(c) for c in chars]
    return [tuple(dict.fromkeys(((_syllable(t, c),) if t[:1].isalpha() else ()) + _char_readings(c)))
            for t, c in zip(context, chars, strict=True)]


def _name_syllables(text: str) -> tuple[tuple[_Syllable, ...], ...]:
    """Per character of a name: its reading in the name first (银行 is yin hang), then its other readings, since
    pypinyin's guess for a name is not always the name's (华为 comes back as hua wei4, said wei2)."""
    return tuple(_run_readings(text))


# Per syllable: how far a heard reading is from the name's (the same syllable in the same tone, in another tone, ...).
_IDENTICAL, _SAME, _FUZZY, _PARTIAL, _OTHER = 0, 1, 2, 3, 4


def _syllable_distance(want: _Syllable, heard: _Syllable, short: bool) -> int:
    if want.plain == heard.plain:
        if _tones_agree(want.tone, heard.tone):
            return _IDENTICAL
        # Two-syllable names collide with ordinary words (京东 jing dong / 惊动 jing dong): there tones must agree.
        return _OTHER if short else _SAME
    if want.fuzzy == heard.fuzzy:
        return _FUZZY
    initial_close = _FUZZY_INITIALS.get(want.initial, want.initial) == _FUZZY_INITIALS.get(heard.initial,
                                                                                          heard.initial)
    final_close = _FUZZY_FINALS.get(want.final, want.final) == _FUZZY_FINALS.get(heard.final, heard.final)
    return _PARTIAL if initial_close or final_close else _OTHER


def _zh_score(want: Sequence[tuple[_Syllable, ...]],
              heard: Sequence[tuple[_Syllable, ...]]) -> tuple[float, Closeness] | None:
    """(1.0 for identical toneless pinyin, less for allowed confusions; how close), or None when not close enough.

    Short names must sound the same; 4-5 syllables may have one confusable syllable (ing/in, zh/z); 6 or more, two,
    one of which may differ in its initial or its final (not both: 浙商 is not 招商, and neither is 中通 申通). A name
    of 4 or more syllables one syllable further off (one more that shares only its initial or its final) is a match
    to check against the audio: text alone cannot tell it from another company."""
    n = len(want)
    short = n <= 2
    # A two-syllable name is heard only in the characters' reading in context: every reading of every character
    # would let too many ordinary words through (远行 read yuan hang).
    distances = [min((_syllable_distance(w, h, short) for w in wanted for h in (options[:1] if short else options)),
                     default=_OTHER) for wanted, options in zip(want, heard, strict=True)]
    fuzzy = sum(d == _FUZZY for d in distances)
    partial = sum(d == _PARTIAL for d in distances)
    if _OTHER in distances:
        return None
    allowed_fuzzy, allowed_partial = (0, 0) if n <= 3 else (1, 0) if n <= 5 else (2, 1)
    score = round(1.0 - (0.5 * fuzzy + partial) / n, 3)
    if partial <= allowed_partial and fuzzy + partial <= allowed_fuzzy:
        return score, "close" if fuzzy + partial else "sure" if _SAME in distances else "same"
    if n >= 4 and partial == allowed_partial + 1 and fuzzy + partial <= allowed_fuzzy + 1:
        return score, "near"
    return None


# --- English: sound keys ------------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.&-][A-Za-z0-9]+)*")
# What may stand between two words of one name: "Johnson & Johnson", "Smith-Jones", "Acme Corp." -- not a comma.
_NAME_GAP = re.compile(r"[ \t&'’.-]{1,3}")
_KEY_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"(.)\1+", r"\1"),
    (r"^[kgp]n", "n"),
    (r"^wr", "r"),
    (r"^ps", "s"),
    (r"^x", "s"),
    (r"^wh", "w"),
    (r"ph", "f"),
    (r"(?<=.)gh", ""),
    (r"ck", "k"),
    (r"sch", "sk"),
    (r"t?ch|sh", "S"),
    (r"c(?=[eiy])", "s"),
    (r"[cqk]", "k"),
    (r"x", "ks"),
    (r"z", "s"),
    (r"v", "f"),
    (r"m", "n"),  # nasals are what speech recognisers swap most (Acne / Acme)
    (r"th", "T"),
    (r"dg(?=[eiy])", "j"),
    (r"[wyh](?![aeiou])", ""),
    (r"(?<=.)[aeiouy]+", ""),
    (r"^[aeiouy]+", "a"),
    (r"(.)\1+", r"\1"),
))


# Spellings of one sound, vowels kept: a silent h after a vowel, y for i, doubled letters, a silent final e.
_SPELLING_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"ph", "f"),
    (r"ck", "k"),
    (r"(?<=[aeiou])h(?![aeiou])", ""),
    (r"(?<=.)y", "i"),
    (r"(.)\1+", r"\1"),
    (r"(?<=[^aeiou])e$", ""),
))


def _spelling_key(word: str) -> str:
    """One key for the spellings of a word that sound the same (Hanna / Hannah, Philip / Phillip)."""
    for pattern, repl in _SPELLING_STEPS:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=16384)
def sound_key(text: str) -> str:
    """A metaphone-like key: letters that sound alike map together, inner vowels drop ("Glow Bex", "Globex": glbks)."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    for pattern, repl in _KEY_STEPS:
        key = pattern.sub(repl, key)
    return key


@lru_cache(maxsize=1)
def _fuzz() -> ModuleType:
    # Imported on first use, so that importing asr (on the path that starts a recording) stays light.
    from rapidfuzz import fuzz

    return fuzz


def _similarity(a: str, b: str) -> float:
    """Edit similarity in [0, 1] (rapidfuzz's normalised Indel ratio)."""
    return _fuzz().ratio(a, b) / 100


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# Everyday words that a sound-alike name must not swallow on its own ("great" is not Grant, "acne" stays unless the
# whole "Acme Corp" is there). Function words also may not start or end a matched span.
_STOP_WORDS = frozenset("""
a an the and or but of to in on at by for from with about as into over after before than then so if is are was
were be been am do did does done have has had will would can could shall should may might must not no yes it its
this that these those there here i me my we us our you your he him his she her they them their who whom whose
what which when where why how all any some each every both either neither also just only very too
""".split())
_COMMON_WORDS = _STOP_WORDS | frozenset("""
account accounts action add address after again against agenda agree ahead air all allow almost alone along already
always amount analysis annual answer anyone anything april area around arrive ask asked assign august away back bad
bank base basic bill bit black board body book boss box brand break bring budget build business busy buy call called
came can care case cash center chair change charge cheap check chief choose city claim class clean clear client
close code cold come comes coming company cost could country course cover create credit cross cup customer cut daily
data date day days deal dear december decide deliver delivery demo design desk detail details did dinner direct
discount do document dollar dollars done door down draft drive due early east easy eat email end engine enough
entry even evening event ever everyone exact expense expenses extra face fact fair fall family far fast feature
february fee feel few field file files final find fine finish fire first fix floor follow food form forward free
friday friend full fund further game general get give glad go goal going good got grant great green group grow
guess half hall hand happy hard head health hear heard help high hire hold holiday home hope hot hotel hour hours
house idea important include info invoice issue item items january job join july june just keep key kind know lab
large last late later launch lead leave left legal less let letter level light like line list little live lobby
local long look lose lot love low lunch made mail main make manager many march mark market may maybe meet meeting
meetings member memo message mind minute minutes miss model monday money month months more morning most move much
name need needs net network never new news next nice night none noon normal north note notes nothing notice
november now number october off offer office ok okay old once one open order other out own page paid paper part
party pass past pay payment people per person phone pick place plan plans please plus point policy post power
price prices print priority problem product project public pull push put quarter question quick quote rate read
ready real really reason receipt record red remind reminder report request rest result review right ring road
room round run said sale sales same saturday save saw say schedule second see seen sell send sent september
service set share ship short show side sign simple site size small so soon sorry sound south spend staff
start state status stay step still stock stop store story street strong study style sunday supply support sure
system table take talk task tax team tell term test text thank thanks thing things think thursday ticket time
today together told tomorrow tonight top total touch town track trade trip true try tuesday turn two under
update upon use used user value vendor version visit wait walk want watch water way wednesday week weekend
weeks well west white whole will win wind window wish word work world write year years yesterday young
""".split())


# Common surnames (the most frequent in the US, and Chinese ones as romanised in mainland China, Hong Kong, Taiwan and
# Southeast Asia) and given names. Heard as written, such a word is a real name, perhaps of someone not in the book.
_COMMON_NAMES = frozenset("""
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson
thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young
allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez
wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang xie song tang han feng
chan wong cheung lau leung ng lam ho chow tsang yip kwok tan lim teo goh chang hsu tsai chiu chu lo kwan
john robert michael william david richard joseph charles christopher daniel matthew anthony mark donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas
eric jonathan stephen larry justin brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
jerry tyler aaron jose adam henry nathan douglas zachary peter kyle mary patricia jennifer linda elizabeth barbara
susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy
melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole
helen samantha katherine christine debra rachel carolyn janet catherine maria heather
""".split())
# Two spellings of one name are this alike or more (an added h, one vowel of a longer name).
_SAME_NAME_SPELLING = 0.85


# --- the index ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Target:
    surface: str  # the book's spelling of a name or alias
    written: str  # what a heard match becomes: the surface, or the name for an alias the book says to replace
    name: str
    kind: NameKind
    company: str | None = None  # a person's client, by its book name


@dataclass(frozen=True)
class _ZhName:
    target: _Target
    syllables: tuple[tuple[_Syllable, ...], ...]  # per character, its readings (see _name_syllables)


@dataclass(frozen=True)
class _EnName:
    target: _Target
    norm: str  # letters and digits, lower case, no spaces: "northwindtraders"
    key: str
    words: tuple[str, ...]  # the words of the name, case-folded
    word_keys: tuple[str, ...]  # the sound key of each word of the name
    inner_words: frozenset[str]  # function words that belong to the name ("Bank of America")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    score: float
    syllables: int  # Chinese: the longest match wins; English (0): the best score wins
    target: _Target
    exact: bool = False  # the span already is this name or alias
    closeness: Closeness = "sure"


def _is_cjk(text: str) -> bool:
    return bool(_CJK.fullmatch(text))


def _word_key(text: str) -> str:
    """How an English name is looked up exactly: its words, case-folded, one space apart."""
    return " ".join(w.casefold() for w in _WORD.findall(text))


class NameIndex:
    """A book prepared for matching: pinyin and sound keys computed once, names indexed by their first (and, for
    long Chinese names, last) two syllables and by the first letter of their sound key."""

    def __init__(self, book: Iterable[BookName]) -> None:
        self.book = tuple(book)
        self._exact_zh: dict[str, list[_Target]] = defaultdict(list)
        self._exact_en: dict[str, list[_Target]] = defaultdict(list)
        self._zh_head: dict[tuple[str, str], list[_ZhName]] = defaultdict(list)
        self._zh_tail: dict[tuple[str, str], list[_ZhName]] = defaultdict(list)
        self._en: dict[str, list[_EnName]] = defaultdict(list)
        self._en_max_words = 0  # the longest English name matched by sound (4 words at most)
        self._en_exact_words = 0  # the longest English name or alias, matched as written
        self._companies = _Companies(e for e in self.book if e.kind == "client")
        self._staff: dict[str, list[_ZhName]] = defaultdict(list)  # a client's Chinese-named people, by its name
        for entry in self.book:
            for surface in dict.fromkeys((entry.name, *entry.aliases)):
                surface = " ".join(surface.split())
                if surface:
                    alias = surface != entry.name
                    written = entry.name if alias and entry.replace_aliases else surface
                    self._add(_Target(surface, written, entry.name, entry.kind, entry.company))
        self._exact_zh_lengths = sorted({len(s) for s in self._exact_zh})

    def _add(self, target: _Target) -> None:
        surface = target.surface
        if _is_cjk(surface):
            self._exact_zh[surface].append(target)
            if len(surface) >= 2:  # one character is too little to hear a name in
                name = _ZhName(target, _name_syllables(surface))
                if target.kind == "person" and target.company:
                    self._staff[self._companies.book_name(target.company)].append(name)
                for pair in _fuzzy_pairs(name.syllables[0], name.syllables[1]):
                    self._zh_head[pair].append(name)
                if len(surface) >= 4:  # a name heard wrong in its first syllables is found by its last
                    for pair in _fuzzy_pairs(name.syllables[-2], name.syllables[-1]):
                        self._zh_tail[pair].append(name)
        elif re.search(r"[A-Za-z]", surface) and not _CJK.search(surface):
            words = _word_key(surface)
            self._exact_en[words].append(target)
            self._en_exact_words = max(self._en_exact_words, len(words.split()))
            norm = _norm(surface)
            if len(norm) >= 3:
                self._en[sound_key(norm)[0]].append(_EnName(
                    target, norm, sound_key(norm), tuple(words.split()), tuple(sound_key(w) for w in words.split()),
                    frozenset(words.split()) & _STOP_WORDS))
                self._en_max_words = max(self._en_max_words, min(4, len(words.split())))
        else:  # mixed scripts ("ABB中国"): exact only, as written
            self._exact_zh[surface].append(target)

    def correct(self, text: str, likelihood: Likelihood | None = None) -> Correction:
        """See `correct_names`."""
        exact = _pick(list(self._exact_matches(text)))
        candidates = [*self._zh_candidates(text), *self._en_candidates(text)]
        if likelihood is None:
            candidates = [c for c in candidates if c.closeness != "near"]
        fuzzy = _pick(_unambiguous(candidates), exact)
        fuzzy = [c for c in fuzzy if not self._companies.contradict(text, c, [*exact, *fuzzy])]
        if likelihood is not None:
            fuzzy = _pick([*fuzzy, *_unambiguous(list(self._staff_candidates(text, [*exact, *fuzzy])))], exact)
            fuzzy = _heard_in_audio(text, fuzzy, likelihood)
        kept = [c for c in exact if not any(f.start <= c.start and c.end <= f.end for f in fuzzy)]
        spans = [_change(text, c) for c in sorted([*kept, *fuzzy], key=lambda c: c.start)]
        changes = [c for c in spans if c.replacement != c.heard]
        return Correction(_apply(text, changes), text, changes, [c for c in spans if c.replacement == c.heard])

    # exact: already a book name or alias; these are never "corrected", and protect their span

    def _exact_matches(self, text: str) -> Iterator[_Candidate]:
        lengths = self._exact_zh_lengths
        for i in range(len(text)):
            for n in lengths:
                targets = self._exact_zh.get(text[i:i + n]) if i + n <= len(text) else None
                if targets:
                    yield _Candidate(i, i + n, 1.0, n, targets[0], exact=True)
        for span in _word_spans(text, self._en_exact_words):
            words, end = _span_words(span)
            targets = self._exact_en.get(" ".join(words))
            if targets:
                yield _Candidate(span[0].start(), end, 1.0, 0, targets[0], exact=True)

    # Chinese: every span of a CJK run that starts (or, for long names, ends) with two syllables close to a name's

    def _zh_candidates(self, text: str) -> Iterator[_Candidate]:
        for run in _CJK.finditer(text):
            chars = run.group()
            readings = _run_readings(chars)
            for i in range(len(chars) - 1):
                for pair in _fuzzy_pairs(readings[i], readings[i + 1]):
                    for name in self._zh_head.get(pair, ()):
                        yield from _zh_try(chars, run.start(), i, name, readings)
                    for name in self._zh_tail.get(pair, ()):
                        yield from _zh_try(chars, run.start(), i + 2 - len(name.syllables), name, readings)

    # A client's own people, right after it ("<client>的<person>"): the book says who works there, so a name heard
    # further off than the rules above allow (one syllable off in any way) is a near miss for the audio to judge.

    def _staff_candidates(self, text: str, chosen: Sequence[_Candidate]) -> Iterator[_Candidate]:
        for client in chosen:
            # Only after a company heard as the book writes it, or one sound off: a company itself a guess is no
            # ground for another.
            if client.target.kind != "client" or not (client.exact or client.closeness == "same"):
                continue
            after = _AFTER_CLIENT.match(text, client.end)
            run = _CJK.match(text, after.end()) if after else None
            if run is None:
                continue
            readings = _run_readings(run.group())
            for name in self._staff.get(client.target.name, ()):
                n = len(name.syllables)
                heard = run.group()[:n]
                if len(heard) < n or heard == name.target.surface or any(not r for r in readings[:n]):
                    continue
                off = [min(_syllable_distance(w, h, short=False) for w in wanted for h in options[:1])
                       for wanted, options in zip(name.syllables, readings[:n], strict=True)]
                if _OTHER not in off and sum(d != _IDENTICAL for d in off) == 1:
                    yield _Candidate(run.start(), run.start() + n, 1.0 - max(off) / (2 * n), n, name.target,
                                     closeness="near")

    # English: word n-grams, joined, against names whose sound key starts alike

    def _en_candidates(self, text: str) -> Iterator[_Candidate]:
        for span in _word_spans(text, self._en_max_words + 1):
            words, end = _span_words(span)
            if " ".join(words) in self._exact_en:
                continue
            heard = _norm("".join(words))
            key = sound_key(heard)
            if len(heard) < 3 or not key:
                continue
            for name in self._en.get(key[0], ()):
                score = _en_score(words, heard, key, name)
                if score is not None:
                    yield _Candidate(span[0].start(), end, score, 0, name.target,
                                     closeness="same" if _spelled_alike(words, name) else "sure")


# A person named with a company: "<company>的<person>", "<company>'s <person>", "<person> from <company>".
_BEFORE_PERSON = re.compile(r"(?:\s*(?:的|'s|’s|,|，)\s*|\s*)$")
_AFTER_PERSON = re.compile(r"\s*(?:from|at|of|with)\s+", re.IGNORECASE)
_AFTER_CLIENT = re.compile(r"\s*(?:的|,|，)\s*")


def _industry_word(surface: str) -> str | None:
    """What ends a company name and says its trade (物流, Energy): a Chinese name's last two characters, an English
    one's last word."""
    if _is_cjk(surface):
        return surface[-2:] if len(surface) >= 4 else None
    words = _WORD.findall(surface)
    return words[-1].casefold() if len(words) >= 2 else None


class _Companies:
    """The book's clients, to tell which company a person is said with: a sound-alike of a book person said with
    another company than theirs is someone else (the book knows where its people work)."""

    def __init__(self, clients: Iterable[BookName]) -> None:
        self._name: dict[str, str] = {}
        self._trades: dict[str, set[str]] = defaultdict(set)
        for entry in clients:
            for surface in (entry.name, *entry.aliases):
                self._name[_word_key(surface) or surface] = entry.name
                trade = _industry_word(surface)
                if trade:
                    self._trades[entry.name].add(trade)
        self._all_trades = set().union(*self._trades.values()) if self._trades else set()

    def book_name(self, company: str) -> str:
        """The book's name of a company given by any of its names."""
        return self._name.get(_word_key(company) or company, company)

    def contradict(self, text: str, c: _Candidate, chosen: Sequence[_Candidate]) -> bool:
        """Whether the person `c` would become is said here with a company other than their own."""
        company = c.target.company
        if c.exact or c.target.kind != "person" or not company:
            return False
        own = self.book_name(company)
        before = c.start - len(_BEFORE_PERSON.search(text[:c.start]).group())
        after = _AFTER_PERSON.match(text, c.end)
        for other in chosen:
            if other.target.kind == "client" and (other.end == before or (after and other.start == after.end())):
                return other.target.name != own
        trades = self._trades.get(own, set())
        head = text[:before].casefold()
        said = [t for t in self._all_trades
                if head.endswith(t) and not (t.isascii() and head[:-len(t)][-1:].isalnum())]
        if not said and after:
            words = [w.casefold() for w in _WORD.findall(text[after.end():])[:4]]
            said = [t for t in self._all_trades if t in words]
        return bool(said) and not trades & set(said)


def _fuzzy_pairs(first: tuple[_Syllable, ...], second: tuple[_Syllable, ...]) -> set[tuple[str, str]]:
    """Index keys of two syllables over all their readings."""
    return set(product(dict.fromkeys(r.fuzzy for r in first), dict.fromkeys(r.fuzzy for r in second)))


def _zh_try(chars: str, base: int, i: int, name: _ZhName,
            readings: Sequence[tuple[_Syllable, ...]]) -> Iterator[_Candidate]:
    n = len(name.syllables)
    if i < 0 or i + n > len(chars) or chars[i:i + n] == name.target.surface:
        return
    heard = readings[i:i + n]
    if any(not options for options in heard):
        return
    scored = _zh_score(name.syllables, heard)
    if scored is not None:
        yield _Candidate(base + i, base + i + n, scored[0], n, name.target, closeness=scored[1])


def _word_spans(text: str, max_words: int) -> Iterator[list[re.Match[str]]]:
    """Runs of 1..max_words consecutive words that could be one name (no comma or other script between them)."""
    words = list(_WORD.finditer(text))
    for i in range(len(words)):
        for k in range(1, min(max_words, len(words) - i) + 1):
            if k > 1 and not _NAME_GAP.fullmatch(text[words[i + k - 2].end():words[i + k - 1].start()]):
                break
            yield words[i:i + k]


def _span_words(span: list[re.Match[str]]) -> tuple[list[str], int]:
    """The case-folded words of a span and where it ends, a possessive ending left out: "Acme Corp's" is Acme Corp."""
    words = [w.group().casefold() for w in span]
    end = span[-1].end()
    if len(words[-1]) > 2 and words[-1][-2:] in ("'s", "’s"):
        words[-1] = words[-1][:-2]
        end -= 2
    return words, end


def _en_score(words: list[str], heard: str, key: str, name: _EnName) -> float | None:
    """Mean of spelling and sound-key similarity, or None when not confident: the consonants must match (vowels
    and spelling may wander: Sara/Sarah, Ramen/Raman), and the bar is higher where ordinary words could match."""
    if abs(len(name.norm) - len(heard)) > max(2, len(name.norm) // 3):
        return None
    if any(w in _STOP_WORDS and w not in name.inner_words for w in (words[0], words[-1])):
        return None
    common = all(w in _COMMON_WORDS for w in words)
    if common and len(words) == 1:
        return None
    if not _sounds_alike(words, key, name):
        return None
    spelling = _similarity(heard, name.norm)
    if spelling < 0.7:
        return None
    score = round((spelling + _similarity(key, name.key)) / 2, 3)
    bar = 0.97 if common else 0.9 if len(name.norm) <= 4 else 0.85
    return score if score >= bar else None


def _sounds_alike(words: list[str], key: str, name: _EnName) -> bool:
    """Word by word when the counts agree (Chen is not Chang, Acne is not Acme: one consonant apart in a short
    word); as one run when they do not (Glow Bex, North Wind, Sarachen), where the keys must agree."""
    if len(words) != len(name.word_keys):
        return key == name.key or (len(name.key) >= 6 and _similarity(key, name.key) >= 0.9)
    for word, want, want_key in zip(words, name.words, name.word_keys, strict=True):
        got = sound_key(word)
        if got != want_key and not (min(len(got), len(want_key)) >= 4 and _similarity(got, want_key) >= 0.8):
            return False
        if _another_name(word, want):
            return False
    return True


def _spelled_alike(words: list[str], name: _EnName) -> bool:
    """Every word another spelling of the same sound: the audio cannot choose between such spellings, and Whisper's
    verdict there is only its taste in spellings."""
    return len(words) == len(name.words) and all(
        _spelling_key(w.casefold()) == _spelling_key(want) for w, want in zip(words, name.words, strict=True))


def _vowels(word: str) -> str:
    return re.sub(r"[^aeiou]", "", word)


def _another_name(heard: str, want: str) -> bool:
    """A heard word that is itself a common name, with other vowels than the book's word (which the sound key
    drops, so both share a key: Wong and Wang), is taken as said: someone else, unless the spellings are all but
    the same (Katharine and Katherine)."""
    return (heard != want and heard in _COMMON_NAMES and _vowels(heard) != _vowels(want)
            and _similarity(heard, want) < _SAME_NAME_SPELLING)


def _unambiguous(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop every span whose best match is shared by two book entries written differently: no guessing."""
    best: dict[tuple[int, int], list[_Candidate]] = defaultdict(list)
    for c in candidates:
        top = best[(c.start, c.end)]
        if not top or c.score > top[0].score:
            best[(c.start, c.end)] = [c]
        elif c.score == top[0].score:
            top.append(c)
    return [top[0] for top in best.values() if len({c.target.written for c in top}) == 1]


def _pick(candidates: list[_Candidate], exact: Sequence[_Candidate] = ()) -> list[_Candidate]:
    """Longest (Chinese) or best (English) first, never overlapping; a fuzzy match may swallow an exact one it
    strictly contains (中通快地 over 中通) but not cut through one."""
    chosen: list[_Candidate] = []
    order = sorted(candidates, key=lambda c: (-c.syllables, -c.score, -(c.end - c.start), c.start))
    for c in order:
        if any(c.start < o.end and o.start < c.end for o in chosen):
            continue
        if any(c.start < e.end and e.start < c.end and not (c.start <= e.start and e.end <= c.end
                                                          and c.end - c.start > e.end - e.start) for e in exact):
            continue
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _heard_in_audio(text: str, candidates: list[_Candidate], likelihood: Likelihood) -> list[_Candidate]:
    """The changes the audio bears out: Whisper, made to read the text with one change, finds it not much less
    likely than what it heard (per character or word changed; how much less, by the match's closeness). Without a
    judgement from the audio (too long a take), near misses go and the rest stay."""
    changing = [c for c in candidates
                if not c.exact and c.closeness != "same" and text[c.start:c.end] != c.target.written]
    scores = likelihood([text, *(_apply(text, [_change(text, c)]) for c in changing)]) if changing else None
    if scores is None:
        return [c for c in candidates if c.closeness != "near"]
    verdict = {id(c): (score - scores[0]) / _changed_units(text[c.start:c.end], c.target.written)
               for c, score in zip(changing, scores[1:], strict=True)}
    kept = []
    for c in candidates:
        per_unit = verdict.get(id(c))
        if per_unit is None or per_unit >= _AUDIO_BAR[c.closeness]:
            kept.append(c)
        else:
            log.debug("%s kept as heard: the audio says otherwise (%.1f per unit changed to %s)",
                      text[c.start:c.end], per_unit, c.target.written)
    return kept


def _changed_units(heard: str, written: str) -> int:
    """Characters changed (Chinese, position by position) or words changed (English): what a change is judged by."""
    if _CJK.search(heard) and len(heard) == len(written):
        return max(1, sum(a != b for a, b in zip(heard, written, strict=True)))
    if _CJK.search(heard) or _CJK.search(written):
        return max(len(heard), len(written))
    heard_words = {w.casefold() for w in _WORD.findall(heard)}
    return max(1, sum(w.casefold() not in heard_words for w in _WORD.findall(written)))


def _change(text: str, c: _Candidate) -> Change:
    heard = text[c.start:c.end]
    # A name heard right stays as heard (in whatever case); an alias becomes the name only if the book says so.
    keep = c.exact and c.target.written == c.target.surface
    return Change(c.start, c.end, heard, heard if keep else c.target.written, c.score, c.target.name, c.target.kind)


@lru_cache(maxsize=4)
def _cached_index(book: tuple[BookName, ...]) -> NameIndex:
    return NameIndex(book)


def correct_names(text: str, book: Sequence[BookName] | NameIndex,
                  likelihood: Likelihood | None = None) -> Correction:
    """`text` with every span that confidently sounds like a book name written as the book writes it.

    `likelihood`, when the audio is at hand, judges each change by the audio: a change Whisper finds far less likely
    than what it heard is dropped, and near misses that text alone cannot decide are made if the audio bears them out.
    Pass a `NameIndex` when correcting many texts against one book; a plain book is indexed here (the last few
    books are kept)."""
    index = book if isinstance(book, NameIndex) else _cached_index(tuple(book))
    if not text or not index.book:
        return Correction(text, text)
    return index.correct(text, likelihood)
