"""Clean stage: metadata from labelled lines (来源/作者/责任编辑/发布时间), credit lines, bylines and breadcrumbs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.clean.boilerplate import compact, crumb_segments
from tasks.clean.dates import DateHit, find_dates
from tasks.clean.vocab import BRACKETED_VALUE, labels

_BRACKETS = "[]【】()（）<>《》〔〕 \u3000"
_VALUE_END = re.compile(r"[\s|丨｜]+")
_CODE_WORD = re.compile(r"[A-Za-z0-9_.-]+")
_WORD = re.compile(r"[^\W_]")
_MARKUP = re.compile(r"[=\"<>]")
_NAME_SPLIT = re.compile(r"[\s、，,;；&＆/／|丨︱]+")
_HANZI_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")
_HANDLE = re.compile(r"[A-Za-z][A-Za-z0-9_]{2,30}")
_BRACKETED_ORG = re.compile(r"[（(]([\u4e00-\u9fff]{2,20})[)）]")
# 王某：…, or 陈某《警世钟》 naming the writer of the work, after a category tag such as [湖湘文化]
_HEADLINE_AUTHOR = re.compile(
    r"(?:[\[【][^\]】]{1,12}[\]】])?\s*([\u4e00-\u9fff]{2,4})\s*(?:[：:]|《[^》]+》\s*$)"
)
_HANZI_ONLY = re.compile(r"[\u4e00-\u9fff]{2,4}")
_ANNOTATION = re.compile(r"[\[【(（]")
_COUNTER = re.compile(r"\d|[(（)）\[\]]")
_SENTENCE = re.compile(r"[。！？!?，,；;“”\"：:]")
_DOMAIN = re.compile(r"(?i)(?:https?://)?(?:[a-z0-9-]+\.)+(?:com|cn|net|org|gov|edu)(?:\.cn)?\S*")
_LEAD_BYLINE = re.compile(
    r"^[^，。,]{0,30}?(?:讯|电|报道|消息)\s*[（(](?P<credit>[^（）()]{2,30})[）)]"
)
_TRAIL_BYLINE = re.compile(r"[（(](?P<credit>[^（）()]{2,30})[）)]\s*$")
_TEXT_MARK = re.compile(
    r"[/／:：]文|(?<![\u4e00-\u9fff])文[/／:：]"
)  # 某某/文, 文/某某: the writer's mark
MAX_CREDIT_CHARS = 40


@dataclass(slots=True)
class Fields:
    """What the labels of one line say, and the text no label claimed."""

    source: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    editor_rank: int = (
        0  # place of the editor's label in labels.toml, strongest first: 责任编辑 before 编辑
    )
    has_author_label: bool = False
    has_time_label: bool = False
    dates: list[DateHit] = field(default_factory=list)
    labels: list[str] = field(
        default_factory=list
    )  # the labels read, in line order, whitespace removed: 来源, 作者
    rest: str = ""

    @property
    def any(self) -> bool:
        return bool(
            self.source
            or self.authors
            or self.editor
            or self.has_author_label
            or self.has_time_label
            or self.dates
        )


def _strip(value: str) -> str:
    return value.strip(_BRACKETS + "：:，,。|丨｜")  # | and 丨 are also table cell separators


def _cut(value: str, stops: list[int]) -> str:
    ends = [s for s in stops if s > 0]
    return value[: min(ends)] if ends else value


def parse_fields(text: str) -> Fields:
    """Read the labelled values of a line: `2019-01-25 08:53 来源: 客家新闻网 责任编辑：李崇阳`."""
    found = Fields(dates=find_dates(text))
    claimed = [(hit.start, hit.end) for hit in found.dates]
    matches = _label_matches(text)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        raw = _cut(
            text[match.end() : end],
            [h.start - match.end() for h in found.dates if h.start >= match.end()],
        )
        bracketed = BRACKETED_VALUE.match(raw)
        if bracketed:
            raw = bracketed.group()  # 出自[某某出版社]自选集: the brackets hold the whole value
        kind = labels().field_of(match.group("label"))
        if kind == "widget":
            claimed.append((match.start(), match.end()))
            continue  # 字体：/访问量： only end the value before them
        if kind == "author" and not _credit_sized(raw):
            continue  # 记者：首先欢迎你… opens an interview question, not a byline
        claimed.append((match.start(), match.end() + (_claimed_length(raw, kind))))
        label = compact(match.group("label"))
        found.labels.append(label)
        _assign(found, kind, raw, label)
    found.rest = _unclaimed(text, claimed)
    return found


def _label_matches(text: str) -> list[re.Match[str]]:
    matches = list(labels().label.finditer(text))
    if "|" in text or "丨" in text or "｜" in text:
        taken = [(m.start(), m.end()) for m in matches]
        matches += [
            m
            for m in labels().segment_label.finditer(text)
            if not any(start <= m.start("label") < end for start, end in taken)
        ]
        matches.sort(key=lambda m: m.start())
    return matches


def _credit_sized(value: str) -> bool:
    return len(value.strip()) <= MAX_CREDIT_CHARS and not re.search(r"[。！？!?，,；;]", value)


def is_bare_label(text: str) -> bool:
    """A cell holding only a label (`发文机关：`), its value in the next cell."""
    match = labels().label.match(text.strip())
    return (
        match is not None
        and match.end() == len(text.strip())
        and labels().field_of(match.group("label")) != "widget"
    )


def _claimed_length(raw: str, kind: str) -> int:
    """How much of the text after a label is its value: one word for a source or editor, all for names."""
    if kind == "time":
        return 0
    if kind == "author":
        return len(raw)
    value = _single_value(raw)
    return raw.find(value) + len(value) if value else len(raw) - len(raw.lstrip(_BRACKETS))


def _unclaimed(text: str, spans: list[tuple[int, int]]) -> str:
    kept, position = [], 0
    for start, end in sorted(spans):
        if start > position:
            kept.append(text[position:start])
        position = max(position, end)
    kept.append(text[position:])
    return " ".join(part.strip() for part in kept if part.strip())


def _assign(found: Fields, kind: str, raw: str, label: str) -> None:
    if kind == "time":
        found.has_time_label = True
    elif kind == "source":
        value = _single_value(raw)
        if value and found.source is None:
            found.source = value
    elif kind == "editor":
        value = _strip(raw.strip().split("  ")[0])
        rank = editor_rank(label)
        if value and (found.editor is None or rank < found.editor_rank):
            found.editor_rank = rank
            found.editor = (
                _strip(_editor_words(value))
                if not re.search(r"[、，,]", value)
                else "、".join(split_names(value))
            )
    elif kind == "author":
        found.has_author_label = True
        found.authors.extend(n for n in split_names(raw, strict=False) if n not in found.authors)


def editor_rank(label: str) -> int:
    """How strong an editor label is, 0 the strongest: 责任编辑 outranks a plain 编辑."""
    return labels().fields["editor"].index(label)


def _first_word(value: str) -> str:
    return _VALUE_END.split(value.strip(), maxsplit=1)[0]


def _editor_words(value: str) -> str:
    """The first word, and the Latin words or staff codes after it: `Demi Xia`, `韩保林 PK155`, not `某某 收藏本文`."""
    words = _VALUE_END.split(value.strip())
    kept = words[:1]
    for word in words[1:]:
        if not _CODE_WORD.fullmatch(word):
            break
        kept.append(word)
    return " ".join(kept)


def _single_value(raw: str) -> str | None:
    value = _strip(raw)
    value = _strip(_first_word(value)) if value else ""
    if not _WORD.search(value) or _MARKUP.search(value) or value in labels().fields["widget"]:
        # `来源: |`, `来源: 字体[ ]` or `来源： size="20"`: an empty slot, or markup debris from a broken page
        return None
    return value


def split_names(value: str, strict: bool = True) -> list[str]:
    """Person names in a credit: role words and organisations dropped, `金 萱` joined."""
    vocab = labels()
    value = value.strip().strip(_BRACKETS)
    for ender in vocab.name_enders:
        value = value.split(ender)[0]
    names: list[str] = []
    for token in _NAME_SPLIT.split(value):
        token = token.strip(_BRACKETS + "：:")
        if not token or any(role in token for role in vocab.other_roles):
            continue
        token = _after_role(token)
        if token and _is_name(token, strict) and token not in names:
            names.append(token)
    return _join_single_hanzi(names)


def _after_role(token: str) -> str:
    for role in labels().author_roles:
        if token == role:
            return ""
        position = token.rfind(role)
        if position != -1 and len(role) > 1:
            return token[position + len(role) :].strip(_BRACKETS + "：:")
    return token


def _is_name(token: str, strict: bool) -> bool:
    vocab = labels()
    if token in vocab.not_names:
        return False
    if len(token) == 1:
        return "\u4e00" <= token <= "\u9fff"
    if not strict:
        # `阅读(1660)` or `评论(5)` after a name are counters, not more names
        return len(token) <= 20 and not _SENTENCE.search(token) and not _COUNTER.search(token)
    return bool(_HANZI_NAME.fullmatch(token)) and not token.endswith(vocab.org_suffixes)


def is_person(value: str, labelled: bool = False) -> bool:
    """One person's name (2-4 hanzi, no organisation ending) or one Latin handle (`kingname`). A name no
    label vouches for must open with a surname: a pen name needs a label (<meta name=author>), 孩子 is none."""
    value = value.strip()
    return bool(_HANDLE.fullmatch(value)) or (
        _is_name(value, strict=True)
        and value not in labels().not_names
        and (labelled or value[0] in labels().surnames or value[:2] in labels().surnames)
    )


def _join_single_hanzi(names: list[str]) -> list[str]:
    """Newspapers pad two-character names to three cells: `金 萱` is one person."""
    joined: list[str] = []
    for name in names:
        if len(name) == 1 and joined and len(joined[-1]) == 1:
            joined[-1] += name
        else:
            joined.append(name)
    return [name for name in joined if len(name) > 1]


def credit_names(text: str) -> list[str] | None:
    """Names in a stand-alone credit line (`记者 刘涛`, `（袁源）`, `采写：南都见习记者 林子沛`).

    None when the line is not a credit; an empty list for credits naming no writer (`摄影：…`, `出品︱…`).
    """
    squeezed = compact(text)
    if not squeezed or len(squeezed) > MAX_CREDIT_CHARS or re.search(r"[。！？!?，,；;]", text):
        return None
    vocab = labels()
    if (vocab.other_credit_end.search(squeezed) and not _TEXT_MARK.search(squeezed)) or (
        _other_credit(squeezed)
        and not any(role in squeezed for role in vocab.author_roles if len(role) > 1)
    ):
        # a reporter credited with the photo (`记者 某某 摄`) is not credited with the text, unless the line
        # says whose text it is (`记者某某/文 受访者供图`)
        return []
    has_role = any(role in squeezed for role in vocab.author_roles if len(role) > 1) or bool(
        re.match(r"^[（(]?文\s*[/／:：]", text)
    )
    bracketed = bool(re.fullmatch(r"[（(][^（）()]+[）)]", squeezed))
    if not (has_role or bracketed):
        return None
    if bracketed and not has_role:
        # `（袁源）` is a credit; `（原标题：…五强争霸 成本…）` is an aside in brackets, whatever names it holds
        return _byline_names(squeezed.strip("()（）")) or None
    return split_names(text)


def _other_credit(squeezed: str) -> bool:
    return bool(labels().other_credit.search(squeezed))


def lead_byline(paragraph: str) -> list[str]:
    """`新京报快讯（记者 裴剑飞）…`, `本报讯(王瑞燕 金 萱)…`: the writers named where the text opens."""
    match = _LEAD_BYLINE.match(paragraph)
    return _byline_names(match.group("credit")) if match else []


def trailing_byline(paragraph: str) -> list[str]:
    """`…全市共问责1019人。(郭军民 记者 钟瑜)`: the writers named where the text closes."""
    match = _TRAIL_BYLINE.search(paragraph.rstrip())
    return _byline_names(match.group("credit")) if match else []


def _byline_names(credit: str) -> list[str]:
    if _SENTENCE.search(credit.replace("：", "").replace(":", "")):
        return []
    if any(role in credit for role in labels().other_roles) and not any(
        r in credit for r in labels().author_roles
    ):
        return []
    tokens = [t for t in _NAME_SPLIT.split(credit) if t]
    names = split_names(credit)
    # every token must be a role word or a name, or this is an aside in brackets, not a credit
    leftover = [
        t for t in tokens if len(t) > 1 and not any(n in t for n in names) and _after_role(t) == t
    ]
    return [] if leftover else names


def strip_domains(text: str) -> str:
    return _DOMAIN.sub(" ", text)


def dateline_source(rest: str) -> str | None:
    """An unlabelled source beside the date (`2018年12月28日 19:55 新京报`): one short word left over."""
    words = [
        w for w in re.split(r"\s+", strip_domains(rest)) if w and w not in labels().dateline_words
    ]
    words = [
        w
        for w in words
        if not re.fullmatch(r"[\W\d_]+", w)
        and not re.search(r"\d+人?(参与|评论)|[(（]\d", w)
        and not w.startswith(labels().fields["widget"])  # 阅读10544次 is a counter
    ]
    if len(words) != 1 or not 2 <= len(words[0]) <= 16 or _SENTENCE.search(words[0]):
        return None
    # `游民星空[整理]`: a note in brackets after the name is not part of it
    return _ANNOTATION.split(words[0].strip(_BRACKETS))[0] or None


def site_from_breadcrumb(text: str) -> str | None:
    """`您当前的位置 : 客家新闻网 > 新闻中心 > 要闻` names the site in its first segment."""
    vocab = labels()
    squeezed = text.strip()
    for cue in vocab.breadcrumb_cues:
        position = squeezed.find(cue)
        if position != -1 and position < 4:
            remainder = squeezed[position + len(cue) :].lstrip(" :：")
            segments = crumb_segments(remainder)
            if len(segments) >= 2 and segments[0] not in vocab.not_sites and len(segments[0]) <= 12:
                return segments[0]
            return None
    return None


def is_placeholder_source(value: str | None) -> bool:
    return value is not None and (
        value in labels().source_placeholders
        or any(part in value for part in labels().placeholder_parts)
    )


def is_short_person(value: str) -> bool:
    """A value shaped like a person's name (2-3 hanzi opening with a surname, no organisation ending), where a
    publication's or owner's name might also stand: 来源: 尹某, Copyright © 李某忠. Longer values (游民星空,
    华夏人文, 明日大盘) are names of publications."""
    return len(value.strip()) <= 3 and is_hanzi_person(value)


def copyright_owner(text: str) -> str | None:
    """The person a personal page (a blog) names as its owner: `Copyright © 李某忠`."""
    match = labels().copyright_owner.match(text.strip())
    return match.group("owner") if match and is_short_person(match.group("owner")) else None


def closing_source(text: str) -> str | None:
    """The publication a stand-alone closing credit names: `——《某某之春》1998年3月号`, `（某某市地方志办公室）`."""
    squeezed = text.strip()
    match = labels().closing_credit.match(squeezed)
    if match:
        return match.group("name") or match.group("issue_name")
    bracketed = _BRACKETED_ORG.fullmatch(squeezed)
    if bracketed and bracketed.group(1).endswith(labels().org_suffixes):
        return bracketed.group(1)
    return None


def trailing_source(paragraph: str) -> str | None:
    """`…全面完成各项任务。（某某市地方志办公室）`: an organisation credited where the text closes."""
    match = _TRAIL_BYLINE.search(paragraph.rstrip())
    return closing_source(f"（{match.group('credit')}）") if match else None


def self_media(text: str) -> tuple[str | None, str] | None:
    """(writer, account) of a self-media header: `原创 kingname 某某Code 前天`, or `某某科技 昨天` (no writer)."""
    match = labels().self_media.match(text.strip())
    if match:
        return match.group("author"), match.group("account")
    words = text.split()
    if len(words) == 2 and labels().relative_date.match(words[1]):
        account = dateline_source(words[0])
        return (None, account) if account else None
    return None


def headline_author(title: str) -> str | None:
    """`王某：我是怎样…`, `陈某《警世钟》`: a column names its writer before the headline's colon, a re-post of a
    work before its title."""
    named = _headline_name(title)
    return named if named and is_person(named) else None


def _headline_name(title: str) -> str | None:
    match = _HEADLINE_AUTHOR.match(title.strip())
    if match is None or match.group(1) in labels().not_headline_authors:
        return None
    return match.group(1)


def is_hanzi_person(text: str) -> bool:
    """A line that is a person's name and nothing else: `胡某`, the byline of an essay."""
    return bool(_HANZI_ONLY.fullmatch(text.strip())) and is_person(text)


def is_byline_name(text: str, title: str | None) -> bool:
    """A name alone on a line under the headline: a person's name, or a pen name the headline opens with
    (`茉莉` under `茉莉：我是怎样…`), which the two places vouch for together."""
    name = text.strip()
    return is_hanzi_person(name) or (
        title is not None
        and bool(_HANZI_ONLY.fullmatch(name))
        and name not in labels().not_names
        and name == _headline_name(title)
    )
