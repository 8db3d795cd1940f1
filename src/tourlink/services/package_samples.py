"""Two SAMPLE operator packages over the bundled catalogue, for demonstration.

Costs, seats and dates are invented (``sample=True``); departures are set relative to
"today" so that they stay in the future and fall inside the booking service's seeded
sessions. A package is only offered when every component is in the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from tourlink.core.i18n import I18nText
from tourlink.trips.packages import (
    BundleDiscount,
    Component,
    Departure,
    Guest,
    Package,
)

MARKETS = {"vi": "VND", "en": "USD", "ja": "JPY", "ko": "KRW", "zh": "USD", "hi": "INR"}
"""Sample markets: each page language sells in its currency (Chinese visitors in USD)."""

SAMPLE_OPERATOR = "Sample Island Tours, Van Don"

HERITAGE_NAME = I18nText(
    {
        "vi": "Vân Đồn – Bái Tử Long – hang động Cẩm Phả – Cát Bà – Chu Đậu, 4 ngày",
        "en": "Van Don – Bai Tu Long – Cam Pha caves – Cat Ba – Chu Dau, 4 days",
        "ja": "ヴァンドン – バイトゥロン湾 – カムファーの洞窟 – カットバ – チューダウ 4日間",
        "ko": "반돈 – 바이뜨롱 – 깜파 동굴 – 깟바 – 쭈더우 4일",
        "zh": "云屯 – 拜子龙湾 – 锦普溶洞 – 吉婆岛 – 朱豆 四日游",
        "hi": "वान डोन – बाई तू लॉन्ग – कैम फा गुफाएँ – कैट बा – चू दाऊ, 4 दिन",
    }
)
HERITAGE_DESCRIPTION = I18nText(
    {
        "vi": "Cảng thương cổ Vân Đồn, chèo thuyền kayak Bái Tử Long, đêm nghệ thuật "
        "trong hang Ngọc Rồng, du thuyền vịnh Lan Hạ và xưởng gốm Chu Đậu.",
        "en": "The ancient trading port of Van Don, kayaking in Bai Tu Long Bay, an art "
        "night in Ngoc Rong cave, a Lan Ha Bay cruise and a Chu Dau pottery workshop.",
        "ja": "ヴァンドン古代貿易港、バイトゥロン湾のカヤック、ゴックロン洞窟の芸術の夜、"
        "ランハ湾クルーズ、チューダウ焼の絵付け体験。",
        "ko": "반돈 고대 무역항, 바이뜨롱 만 카약, 응옥롱 동굴 예술의 밤, 란하 만 크루즈, "
        "쭈더우 도자기 공방.",
        "zh": "云屯古商港、拜子龙湾皮划艇、玉龙洞艺术之夜、兰夏湾游船和朱豆陶瓷工坊。",
        "hi": "वान डोन का प्राचीन व्यापारिक बंदरगाह, बाई तू लॉन्ग खाड़ी में कयाकिंग, न्गोक रोंग "
        "गुफा में कला संध्या, लान हा खाड़ी क्रूज़ और चू दाऊ मिट्टी के बर्तन कार्यशाला।",
    }
)
FAMTRIP_NAME = I18nText(
    {
        "vi": "Famtrip đại lý: Vịnh Hạ Long và Cát Bà, 2 ngày",
        "en": "Agents' famtrip: Ha Long Bay and Cat Ba, 2 days",
        "ja": "旅行会社向け視察旅行：ハロン湾とカットバ 2日間",
        "ko": "여행사 팸투어: 하롱베이와 깟바 2일",
        "zh": "旅行社考察之旅：下龙湾与吉婆岛 两日",
        "hi": "एजेंटों की फ़ैमट्रिप: हा लॉन्ग खाड़ी और कैट बा, 2 दिन",
    }
)


def heritage_package(today: date) -> Package:
    """Van Don – Bai Tu Long – Cam Pha caves – Cat Ba – Chu Dau, 4 days (SAMPLE)."""
    return Package(
        id="sample-van-don-cat-ba-chu-dau-4d",
        name=HERITAGE_NAME,
        description=HERITAGE_DESCRIPTION,
        days=4,
        components=(
            Component("noi-bai-van-don-coach", "transport", 250_000, day=1),
            Component("van-don-trading-port", "visit", 50_000, day=1),
            Component(
                "sample-hotel-van-don", "accommodation", 900_000, "per_room", day=1
            ),
            Component("bai-tu-long-kayak", "visit", 450_000, day=2),
            Component("ngoc-rong-cave-art-performance", "show", 350_000, day=2),
            Component(
                "sample-hotel-bai-chay", "accommodation", 1_100_000, "per_room", day=2
            ),
            Component("lan-ha-bay-cruise", "transport", 9_000_000, "per_group", day=3),
            Component(
                "sample-hotel-cat-ba", "accommodation", 1_000_000, "per_room", day=3
            ),
            Component("chu-dau-pottery-workshop", "visit", 300_000, day=4),
            Component(
                "hanoi-ha-long-coach", "transport", 3_500_000, "per_group", day=4
            ),
        ),
        departures=(
            Departure(today + timedelta(days=7), seats=16),
            Departure(today + timedelta(days=14), seats=16),
        ),
        group_min=4,
        group_max=16,
        margin_percent=Decimal(18),
        discounts=(
            BundleDiscount(
                "Kayak + cave show",
                ("bai-tu-long-kayak", "ngoc-rong-cave-art-performance"),
                Decimal(10),
                min_group=8,
            ),
        ),
        markets=MARKETS,
        operator=SAMPLE_OPERATOR,
        sample=True,
    )


def famtrip_package(today: date) -> Package:
    """A two-day famtrip for agents from Japan, Korea and India (SAMPLE, price zero)."""
    return Package(
        id="sample-famtrip-ha-long-cat-ba-2d",
        name=FAMTRIP_NAME,
        days=2,
        components=(
            Component("ha-long-bay-day-cruise", "transport", 700_000, day=1),
            Component(
                "sample-hotel-cat-ba", "accommodation", 1_000_000, "per_room", day=1
            ),
            Component("cat-ba-national-park-trek", "visit", 250_000, day=2),
        ),
        departures=(Departure(today + timedelta(days=10), seats=8),),
        group_min=2,
        group_max=8,
        margin_percent=Decimal(0),
        markets=MARKETS,
        famtrip=True,
        guests=(
            Guest("Sato Aiko", "Sample Kanko Travel", "ja"),
            Guest("Kim Min-jun", "Sample Hana Tour", "ko"),
            Guest("Priya Sharma", "Sample Yatra Holidays", "hi"),
        ),
        operator=SAMPLE_OPERATOR,
        sample=True,
    )


def sample_packages(today: date, has_entry: Callable[[str], bool]) -> list[Package]:
    """The sample packages whose components are all in the catalogue."""
    out = []
    for package in (heritage_package(today), famtrip_package(today)):
        if all(has_entry(c.entry_id) for c in package.components):
            out.append(package)
    return out
