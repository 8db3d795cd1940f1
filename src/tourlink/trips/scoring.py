"""How much a visit is worth to a traveller, and a short "why this" in their language.

The interest model is additive and transparent::

    score = BASE
          + Σ over the entry's tags of INTEREST_POINTS × the traveller's weight (0–5)
          + heritage points (UNESCO 3, special national relic 2, national relic,
            national park or biosphere reserve 1; the best one counts)
          + POPULARITY_POINTS × popularity (0–1; an experience takes its place's)
          + NIGHT_BONUS for night-time experiences (they make visitors stay the night)

An entry whose only interest tags weigh 0 keeps ``DISLIKED_FACTOR`` of its score.
Diversity has diminishing returns: within one category (caves, heritage, crafts, nature,
performances, city), the k-th best candidate (k = 0, 1, ...) is multiplied by
``DIVERSITY_DECAY ** k``, so a third cave is worth less than a first pagoda; the pace's
daily cap on sights is enforced by the planner's category caps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tourlink.catalog import AnyEntryT, Experience, Place, Tag
from tourlink.core.i18n import Lang

from .wish import INTEREST_TAGS, TripWish

BASE = 1.0
INTEREST_POINTS = 1.0
POPULARITY_POINTS = 3.0
NIGHT_BONUS = 2.0
DISLIKED_FACTOR = 0.3
DIVERSITY_DECAY = 0.8
HERITAGE_POINTS: dict[Tag, float] = {
    Tag.UNESCO_WORLD_HERITAGE: 3.0,
    Tag.SPECIAL_NATIONAL_RELIC: 2.0,
    Tag.NATIONAL_RELIC: 1.0,
    Tag.NATIONAL_PARK: 1.0,
    Tag.BIOSPHERE_RESERVE: 1.0,
}

CATEGORY_OF_KIND: dict[str, str] = {
    "cave": "caves", "cave_performance": "caves", "light_show": "caves",
    "pagoda": "heritage", "temple": "heritage", "relic_site": "heritage",
    "museum": "heritage", "guided_visit": "heritage",
    "craft_village": "crafts", "pottery_workshop": "crafts",
    "craft_workshop": "crafts", "cooking_class": "crafts",
    "water_puppetry": "performances", "quan_ho": "performances",
    "stage_show": "performances",
    "market": "city", "city_quarter": "city", "landmark": "city",
    "night_market": "city", "food_tour": "city",
}  # fmt: skip
"""Diversity categories by place or experience kind; anything else is ``nature``."""


@dataclass(frozen=True)
class Reason:
    """One reason a visit was chosen: a template code and its parameters."""

    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Scored:
    """A candidate's score and reasons."""

    score: float
    reasons: tuple[Reason, ...]
    category: str


def category_of(entry: AnyEntryT) -> str:
    """The diversity category of a place or experience."""
    kind = str(getattr(entry, "kind", ""))
    return CATEGORY_OF_KIND.get(kind, "nature")


def score_entry(
    entry: AnyEntryT, wish: TripWish, entries: Mapping[str, AnyEntryT]
) -> Scored:
    """Score one place or experience for ``wish`` (before diversity)."""
    reasons: list[Reason] = []
    liked: list[tuple[int, str]] = []
    disliked = False
    score = BASE
    for tag in entry.tags:
        if str(tag) in INTEREST_TAGS:
            w = wish.weight(tag)
            score += INTEREST_POINTS * w
            if w >= 3:
                liked.append((w, str(tag)))
            disliked = disliked or w == 0
    if disliked and not any(
        wish.weight(t) > 0 for t in entry.tags if str(t) in INTEREST_TAGS
    ):
        score *= DISLIKED_FACTOR
    if liked:
        top = ",".join(t for _, t in sorted(liked, reverse=True)[:2])
        reasons.append(Reason("interest", (("topics", top),)))
    heritage = [t for t in entry.tags if t in HERITAGE_POINTS]
    if heritage:
        best = max(heritage, key=lambda t: HERITAGE_POINTS[t])
        score += HERITAGE_POINTS[best]
        reasons.append(Reason(str(best)))
    popularity = _popularity(entry, entries)
    score += POPULARITY_POINTS * popularity
    if popularity >= 0.8:
        reasons.append(Reason("popular"))
    if isinstance(entry, Experience) and entry.night_time:
        score += NIGHT_BONUS
        reasons.append(Reason("night"))
    if entry.id in wish.must_see:
        reasons.insert(0, Reason("must_see"))
    return Scored(round(score, 4), tuple(reasons), category_of(entry))


def _popularity(entry: AnyEntryT, entries: Mapping[str, AnyEntryT]) -> float:
    if isinstance(entry, Place):
        return entry.popularity
    place_id = getattr(entry, "place_id", None)
    place = entries.get(place_id) if place_id else None
    return place.popularity if isinstance(place, Place) else 0.5


def with_diversity(scored: Mapping[str, Scored]) -> dict[str, float]:
    """Apply diminishing returns per category: the k-th best × ``DIVERSITY_DECAY ** k``."""
    by_cat: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for entry_id, s in scored.items():
        by_cat[s.category].append((s.score, entry_id))
    out: dict[str, float] = {}
    for items in by_cat.values():
        for k, (score, entry_id) in enumerate(
            sorted(items, key=lambda x: (-x[0], x[1]))
        ):
            out[entry_id] = round(score * DIVERSITY_DECAY**k, 4)
    return out


# --- "why this", in six languages (content, not UI strings) ---------------------------

WHY: dict[str, dict[Lang, str]] = {
    "must_see": {"en": "On your must-see list", "vi": "Trong danh sách bạn muốn xem",
                 "ja": "必見リストより", "ko": "꼭 보고 싶은 곳", "zh": "在您的必看清单上",
                 "hi": "आपकी ज़रूर-देखें सूची में"},
    "interest": {"en": "For your love of {topics}", "vi": "Hợp sở thích {topics} của bạn",
                 "ja": "{topics}がお好きな方に", "ko": "{topics}을(를) 좋아하시는 분께",
                 "zh": "符合您对{topics}的兴趣", "hi": "{topics} में आपकी रुचि के लिए"},
    "unesco_world_heritage": {"en": "UNESCO World Heritage", "vi": "Di sản Thế giới UNESCO",
                              "ja": "ユネスコ世界遺産", "ko": "유네스코 세계유산",
                              "zh": "联合国教科文组织世界遗产", "hi": "यूनेस्को विश्व धरोहर"},
    "special_national_relic": {"en": "Special national relic",
                               "vi": "Di tích quốc gia đặc biệt", "ja": "特別国家遺跡",
                               "ko": "특별 국가유적", "zh": "特别国家级遗迹",
                               "hi": "विशेष राष्ट्रीय धरोहर"},
    "national_relic": {"en": "National relic", "vi": "Di tích quốc gia", "ja": "国家遺跡",
                       "ko": "국가유적", "zh": "国家级遗迹", "hi": "राष्ट्रीय धरोहर"},
    "national_park": {"en": "National park", "vi": "Vườn quốc gia", "ja": "国立公園",
                      "ko": "국립공원", "zh": "国家公园", "hi": "राष्ट्रीय उद्यान"},
    "biosphere_reserve": {"en": "Biosphere reserve", "vi": "Khu dự trữ sinh quyển",
                          "ja": "生物圏保護区", "ko": "생물권 보전지역", "zh": "生物圈保护区",
                          "hi": "जैवमंडल आरक्षित क्षेत्र"},
    "popular": {"en": "A visitor favourite", "vi": "Được du khách yêu thích",
                "ja": "旅行者に大人気", "ko": "여행객에게 인기", "zh": "深受游客喜爱",
                "hi": "पर्यटकों की पसंद"},
    "night": {"en": "An evening worth staying the night for",
              "vi": "Buổi tối đáng để ở lại qua đêm", "ja": "泊まってでも見たい夜の体験",
              "ko": "하룻밤 묵을 만한 저녁 체험", "zh": "值得留宿的夜间体验",
              "hi": "रात रुकने लायक शाम"},
    "meal": {"en": "{meal} on your way", "vi": "{meal} trên đường đi", "ja": "道中の{meal}",
             "ko": "가는 길의 {meal}", "zh": "途中的{meal}", "hi": "रास्ते में {meal}"},
    "meal_halal": {"en": "Halal {meal}", "vi": "{meal} halal", "ja": "ハラールの{meal}",
                   "ko": "할랄 {meal}", "zh": "清真{meal}", "hi": "हलाल {meal}"},
    "meal_vegetarian": {"en": "Vegetarian {meal}", "vi": "{meal} chay",
                        "ja": "ベジタリアンの{meal}", "ko": "채식 {meal}",
                        "zh": "素食{meal}", "hi": "शाकाहारी {meal}"},
    "hotel": {"en": "Your bed for the night, within budget",
              "vi": "Chỗ nghỉ đêm trong ngân sách", "ja": "予算内の今夜の宿",
              "ko": "예산에 맞는 오늘 밤 숙소", "zh": "预算内的今晚住宿",
              "hi": "बजट में आज रात का ठिकाना"},
    "excursion": {"en": "Day trip by boat to {name}", "vi": "Đi thuyền trong ngày tới {name}",
                  "ja": "{name}への日帰り船旅", "ko": "{name} 당일 보트 여행",
                  "zh": "乘船一日游：{name}", "hi": "{name} की नाव से एक दिन की यात्रा"},
    "festival": {"en": "{name} is on during your stay", "vi": "{name} diễn ra khi bạn ở đây",
                 "ja": "滞在中に{name}が開催", "ko": "머무는 동안 {name} 개최",
                 "zh": "您逗留期间正值{name}", "hi": "आपके ठहरने के दौरान {name}"},
}  # fmt: skip
"""Templates of the reasons, per language."""

TOPICS: dict[str, dict[Lang, str]] = {
    "caves": {"en": "caves", "vi": "hang động", "ja": "洞窟", "ko": "동굴", "zh": "溶洞", "hi": "गुफाएँ"},
    "heritage": {"en": "heritage", "vi": "di sản", "ja": "遺産", "ko": "유산", "zh": "遗产", "hi": "धरोहर"},
    "crafts": {"en": "crafts", "vi": "làng nghề", "ja": "工芸", "ko": "공예", "zh": "手工艺", "hi": "शिल्प"},
    "nature": {"en": "nature", "vi": "thiên nhiên", "ja": "自然", "ko": "자연", "zh": "自然", "hi": "प्रकृति"},
    "beaches": {"en": "beaches", "vi": "biển", "ja": "ビーチ", "ko": "해변", "zh": "海滩", "hi": "समुद्र तट"},
    "food": {"en": "food", "vi": "ẩm thực", "ja": "グルメ", "ko": "음식", "zh": "美食", "hi": "खान-पान"},
    "nightlife": {"en": "nightlife", "vi": "cuộc sống về đêm", "ja": "ナイトライフ", "ko": "나이트라이프", "zh": "夜生活", "hi": "रात्रि जीवन"},
    "performances": {"en": "performances", "vi": "biểu diễn", "ja": "公演", "ko": "공연", "zh": "演出", "hi": "प्रदर्शन"},
    "spiritual": {"en": "spiritual places", "vi": "tâm linh", "ja": "聖地", "ko": "영적 명소", "zh": "心灵之旅", "hi": "आध्यात्मिक स्थल"},
    "adventure": {"en": "adventure", "vi": "phiêu lưu", "ja": "アドベンチャー", "ko": "모험", "zh": "探险", "hi": "रोमांच"},
    "history": {"en": "history", "vi": "lịch sử", "ja": "歴史", "ko": "역사", "zh": "历史", "hi": "इतिहास"},
    "islands": {"en": "islands", "vi": "biển đảo", "ja": "島", "ko": "섬", "zh": "海岛", "hi": "द्वीप"},
    "photography": {"en": "photography", "vi": "chụp ảnh", "ja": "写真", "ko": "사진", "zh": "摄影", "hi": "फ़ोटोग्राफ़ी"},
    "shopping": {"en": "shopping", "vi": "mua sắm", "ja": "買い物", "ko": "쇼핑", "zh": "购物", "hi": "खरीदारी"},
    "architecture": {"en": "architecture", "vi": "kiến trúc", "ja": "建築", "ko": "건축", "zh": "建筑", "hi": "वास्तुकला"},
}  # fmt: skip
"""Interest names, per language."""

MEALS: dict[str, dict[Lang, str]] = {
    "lunch": {"en": "lunch", "vi": "Bữa trưa", "ja": "昼食", "ko": "점심", "zh": "午餐", "hi": "दोपहर का भोजन"},
    "dinner": {"en": "dinner", "vi": "Bữa tối", "ja": "夕食", "ko": "저녁", "zh": "晚餐", "hi": "रात का भोजन"},
}  # fmt: skip

_SEP: dict[Lang, str] = {
    "en": ", ",
    "vi": ", ",
    "ja": "・",
    "ko": ", ",
    "zh": "、",
    "hi": ", ",
}


def why_text(reasons: Iterable[Reason], lang: Lang) -> str:
    """Render reasons as one short line in ``lang``, e.g. ``"UNESCO World Heritage · A visitor favourite"``."""
    parts = []
    for reason in reasons:
        template = WHY[reason.code][lang]
        params = dict(reason.params)
        if "topics" in params:
            names = [
                TOPICS[t][lang] for t in params["topics"].split(",") if t in TOPICS
            ]
            params["topics"] = _SEP[lang].join(names)
        if "meal" in params:
            meal = MEALS[params["meal"]][lang]
            params["meal"] = (
                meal[:1].upper() + meal[1:] if template.startswith("{meal}") else meal
            )
        parts.append(template.format(**params))
    return " · ".join(parts)
