"""A package brochure as PDF lines, in the reader's language and market currency.

The labels are translated here (six languages) because services may not read the web
layer's gettext catalogues; texts of the package and of catalogue entries come from the
data with the usual fallback.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_currency

from tourlink.trips.packages import ROOM_OCCUPANCY

from .packages import PackageRecord, PackageService
from .trip_pdf import Line

LABELS: dict[str, dict[str, str]] = {
    "sample": {
        "vi": "DỮ LIỆU MẪU – gói tour minh họa, không phải sản phẩm thật",
        "en": "SAMPLE DATA – a demonstration package, not a real offer",
        "ja": "サンプルデータ – デモ用のパッケージで、実際の商品ではありません",
        "ko": "샘플 데이터 – 시연용 패키지이며 실제 상품이 아닙니다",
        "zh": "示例数据 – 演示用套餐，并非真实产品",
        "hi": "नमूना डेटा – प्रदर्शन के लिए पैकेज, वास्तविक प्रस्ताव नहीं",
    },
    "day": {
        "vi": "Ngày {n}",
        "en": "Day {n}",
        "ja": "{n}日目",
        "ko": "{n}일차",
        "zh": "第{n}天",
        "hi": "दिन {n}",
    },
    "days": {
        "vi": "{n} ngày",
        "en": "{n} days",
        "ja": "{n}日間",
        "ko": "{n}일",
        "zh": "{n}天",
        "hi": "{n} दिन",
    },
    "departures": {
        "vi": "Ngày khởi hành",
        "en": "Departures",
        "ja": "出発日",
        "ko": "출발일",
        "zh": "出发日期",
        "hi": "प्रस्थान तिथियाँ",
    },
    "seats": {
        "vi": "còn {n} chỗ",
        "en": "{n} seats left",
        "ja": "残り{n}席",
        "ko": "잔여 {n}석",
        "zh": "剩余{n}个座位",
        "hi": "{n} सीटें शेष",
    },
    "price": {
        "vi": "Giá mỗi người (nhóm {n} người)",
        "en": "Price per person (group of {n})",
        "ja": "お一人様料金（{n}名様のグループ）",
        "ko": "1인 요금 ({n}명 단체)",
        "zh": "每人价格（{n}人团）",
        "hi": "प्रति व्यक्ति मूल्य ({n} लोगों का समूह)",
    },
    "rates": {
        "vi": "Tỷ giá mẫu ngày {d}",
        "en": "Sample exchange rates of {d}",
        "ja": "{d}時点のサンプル為替レート",
        "ko": "{d} 기준 샘플 환율",
        "zh": "{d}的示例汇率",
        "hi": "{d} की नमूना विनिमय दरें",
    },
    "famtrip": {
        "vi": "Famtrip: miễn phí cho khách mời",
        "en": "Famtrip: free for invited guests",
        "ja": "視察旅行：招待客は無料",
        "ko": "팸투어: 초청 손님 무료",
        "zh": "考察之旅：受邀嘉宾免费",
        "hi": "फ़ैमट्रिप: आमंत्रित अतिथियों के लिए निःशुल्क",
    },
    "group": {
        "vi": "Nhóm {a}–{b} người · phòng {r} người",
        "en": "Groups of {a}–{b} · {r} people per room",
        "ja": "{a}～{b}名のグループ · 1室{r}名",
        "ko": "{a}–{b}명 단체 · 객실당 {r}명",
        "zh": "{a}–{b}人团 · 每间{r}人",
        "hi": "{a}–{b} लोगों के समूह · प्रति कमरा {r} लोग",
    },
}


def label(key: str, lang: str, **values: object) -> str:
    texts = LABELS[key]
    return (texts.get(lang) or texts["en"]).format(**values)


def brochure_lines(
    record: PackageRecord, service: PackageService, lang: str, currency: str | None
) -> list[Line]:
    """The brochure: name, description, itinerary per day, departures and the price."""
    package = record.package
    entries = service.entries(package)
    lines = [Line(package.name.localize(lang), 18, bold=True)]
    if package.sample:
        lines.append(Line(label("sample", lang), 9, bold=True))
    info = label("days", lang, n=package.days)
    if package.operator:
        info = f"{info} · {package.operator}"
    lines.append(Line(info, 10))
    if len(package.description):
        lines.append(Line(package.description.localize(lang), 10))
    for day in range(1, package.days + 1):
        names = [
            entries[c.entry_id].name.localize(lang)
            for c in package.components
            if c.day == day and c.entry_id in entries
        ]
        if names:
            lines.append(Line(label("day", lang, n=day), 13, bold=True))
            lines.extend(Line(f"• {n}", 10, indent=10) for n in names)
    if package.departures:
        lines.append(Line(label("departures", lang), 13, bold=True))
        for d in package.departures:
            when = format_date(d.start, "full", locale=lang)
            left = label("seats", lang, n=record.seats_left(d.start))
            lines.append(Line(f"{when} – {left}", 10, indent=10))
    group = label(
        "group", lang, a=package.group_min, b=package.group_max, r=ROOM_OCCUPANCY
    )
    lines.append(Line(group, 10))
    quote = package.quote(package.group_min, currency or "VND", service.rates)
    lines.append(Line(label("price", lang, n=package.group_min), 13, bold=True))
    if package.famtrip:
        lines.append(Line(label("famtrip", lang), 11, bold=True, indent=10))
    amount = format_currency(quote.price_per_person, quote.currency, locale=lang)
    lines.append(Line(amount, 14, bold=True, indent=10))
    rates = label("rates", lang, d=format_date(quote.rates_as_of, "long", locale=lang))
    lines.append(Line(rates, 8, indent=10))
    return lines
