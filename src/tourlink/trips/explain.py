"""Warnings for the traveller, in their language (content templates, six languages).

A warning has a stable ``code`` (for the delivery layer) and a ready ``message``:

* ``show_almost_full`` – a planned session has at most ``ALMOST_FULL_PLACES`` places
  left after the party; book soon.
* ``show_sold_out`` – a must-see (or previously planned) show is sold out on the trip's
  dates; the plan was made without it.
* ``long_transfer`` – a travel leg longer than ``LONG_TRANSFER_MINUTES``.
* ``lock_dropped`` – a locked item could not be kept (sold out or closed now).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from tourlink.core.i18n import Lang

LONG_TRANSFER_MINUTES = 180

TEMPLATES: dict[str, dict[Lang, str]] = {
    "show_almost_full": {
        "en": "{name}: only {left} places left in this session, book soon",
        "vi": "{name}: suất này chỉ còn {left} chỗ, hãy đặt sớm",
        "ja": "{name}：この回の残席は{left}席です。お早めにご予約を",
        "ko": "{name}: 이 회차는 {left}석만 남았습니다. 서둘러 예약하세요",
        "zh": "{name}：本场仅剩{left}个座位，请尽早预订",
        "hi": "{name}: इस सत्र में केवल {left} स्थान बचे हैं, जल्दी बुक करें",
    },
    "show_sold_out": {
        "en": "{name} is sold out on your dates; the plan offers other experiences instead",
        "vi": "{name} đã hết vé vào ngày bạn đi; lịch trình đã chọn trải nghiệm khác thay thế",
        "ja": "{name}はご旅行日程で満席のため、代わりの体験を組み込みました",
        "ko": "{name}은(는) 여행 날짜에 매진되어 다른 체험으로 대체했습니다",
        "zh": "{name}在您的日期已售罄，行程已改为其他体验",
        "hi": "{name} आपकी तारीख़ों पर बिक चुका है; योजना में इसकी जगह दूसरे अनुभव हैं",
    },
    "long_transfer": {
        "en": "Long transfer to {name}: {minutes} minutes",
        "vi": "Chặng di chuyển dài tới {name}: {minutes} phút",
        "ja": "{name}への長距離移動：{minutes}分",
        "ko": "{name}까지 장거리 이동: {minutes}분",
        "zh": "前往{name}的长途交通：{minutes}分钟",
        "hi": "{name} तक लंबी यात्रा: {minutes} मिनट",
    },
    "lock_dropped": {
        "en": "{name} could not be kept on day {day}; it is no longer available then",
        "vi": "Không thể giữ {name} vào ngày {day}; lúc đó không còn chỗ",
        "ja": "{day}日目の{name}は確保できなくなりました",
        "ko": "{day}일차의 {name}을(를) 유지할 수 없습니다(더 이상 이용 불가)",
        "zh": "第{day}天的{name}无法保留，届时已不可用",
        "hi": "दिन {day} पर {name} रखा नहीं जा सका; तब यह उपलब्ध नहीं है",
    },
}  # fmt: skip


class PlanWarning(BaseModel):
    """Something the traveller should know about the plan."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    id: str | None = None


def warning(
    code: str, lang: Lang, entry_id: str | None = None, **params: object
) -> PlanWarning:
    """A warning with its message rendered in ``lang``."""
    return PlanWarning(
        code=code, message=TEMPLATES[code][lang].format(**params), id=entry_id
    )
