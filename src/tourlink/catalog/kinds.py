"""Controlled vocabularies of the catalogue: entry types, kinds, provinces and tags.

Every value is a stable snake_case code; labels in each language come from the UI's gettext
catalogs, so adding a code means adding its label there too.
"""

from __future__ import annotations

from enum import StrEnum

from tourlink.core.i18n import I18nText


class EntryType(StrEnum):
    """The five kinds of catalogue entry."""

    PLACE = "place"
    EXPERIENCE = "experience"
    EVENT = "event"
    PROVIDER = "provider"
    TRANSPORT_LINK = "transport_link"


class PlaceKind(StrEnum):
    """What a place is: Ha Long Bay is a ``bay``, Thien Cung a ``cave``, Chu Dau a ``craft_village``."""

    BAY = "bay"
    ISLAND = "island"
    CAVE = "cave"
    PAGODA = "pagoda"
    TEMPLE = "temple"
    RELIC_SITE = "relic_site"
    MUSEUM = "museum"
    CRAFT_VILLAGE = "craft_village"
    BEACH = "beach"
    VIEWPOINT = "viewpoint"
    MARKET = "market"
    CITY_QUARTER = "city_quarter"
    NATIONAL_PARK = "national_park"
    LANDMARK = "landmark"
    HUB = "hub"
    """An airport, port, station or bus terminal where transport links start and end."""


class ExperienceKind(StrEnum):
    """Something to attend or book at a place."""

    GUIDED_VISIT = "guided_visit"
    CAVE_PERFORMANCE = "cave_performance"
    LIGHT_SHOW = "light_show"
    WATER_PUPPETRY = "water_puppetry"
    QUAN_HO = "quan_ho"
    STAGE_SHOW = "stage_show"
    POTTERY_WORKSHOP = "pottery_workshop"
    CRAFT_WORKSHOP = "craft_workshop"
    COOKING_CLASS = "cooking_class"
    KAYAK = "kayak"
    BOAT_TRIP = "boat_trip"
    CRUISE = "cruise"
    CABLE_CAR = "cable_car"
    TREK = "trek"
    CYCLING = "cycling"
    NIGHT_MARKET = "night_market"
    FOOD_TOUR = "food_tour"
    VIRTUAL_TOUR = "virtual_tour"


class EventKind(StrEnum):
    """A dated happening: a festival, an exhibition, a season of performances."""

    FESTIVAL = "festival"
    EXHIBITION = "exhibition"
    PERFORMANCE_SEASON = "performance_season"
    SPORTS = "sports"
    FAIR = "fair"
    RELIGIOUS = "religious"


class ProviderKind(StrEnum):
    """A business that sells a bed, a meal or a ride."""

    ACCOMMODATION = "accommodation"
    RESTAURANT = "restaurant"
    TRANSPORT_OPERATOR = "transport_operator"
    TOUR_OPERATOR = "tour_operator"


class TransportMode(StrEnum):
    """How a scheduled leg travels."""

    FLIGHT = "flight"
    FERRY = "ferry"
    SPEEDBOAT = "speedboat"
    CRUISE = "cruise"
    COACH = "coach"
    BUS = "bus"
    TRAIN = "train"
    CABLE_CAR = "cable_car"


class MediaKind(StrEnum):
    """A picture, a 360° panorama, a 3D model or a video."""

    IMAGE = "image"
    PANORAMA_360 = "panorama_360"
    MODEL_3D = "model_3d"
    VIDEO = "video"
    AUDIO = "audio"


class Dietary(StrEnum):
    """Dietary labels a restaurant can serve to (India and Muslim markets need these)."""

    HALAL = "halal"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    NO_PORK = "no_pork"
    NO_BEEF = "no_beef"


class Tag(StrEnum):
    """Labels that cut across kinds: heritage status, accessibility, themes."""

    UNESCO_WORLD_HERITAGE = "unesco_world_heritage"
    SPECIAL_NATIONAL_RELIC = "special_national_relic"
    NATIONAL_RELIC = "national_relic"
    NATIONAL_PARK = "national_park"
    BIOSPHERE_RESERVE = "biosphere_reserve"
    WHEELCHAIR_ACCESSIBLE = "wheelchair_accessible"
    FAMILY_FRIENDLY = "family_friendly"
    HALAL_FRIENDLY = "halal_friendly"
    VEGETARIAN_FRIENDLY = "vegetarian_friendly"
    NIGHT_TIME = "night_time"
    CAVES = "caves"
    HERITAGE = "heritage"
    CRAFTS = "crafts"
    NATURE = "nature"
    BEACHES = "beaches"
    FOOD = "food"
    PERFORMANCES = "performances"
    NIGHTLIFE = "nightlife"
    SPIRITUAL = "spiritual"
    ADVENTURE = "adventure"
    HISTORY = "history"
    ARCHITECTURE = "architecture"
    SHOPPING = "shopping"
    PHOTOGRAPHY = "photography"
    ISLANDS = "islands"


class Province(StrEnum):
    """Provinces and centrally governed cities (boundaries as of the 2025 merger).

    Chu Dau and Con Son – Kiep Bac, formerly in Hai Duong, belong to Hai Phong since
    1 July 2025; Trang An lies in the enlarged Ninh Binh.
    """

    QUANG_NINH = "quang-ninh"
    HAI_PHONG = "hai-phong"
    HANOI = "hanoi"
    NINH_BINH = "ninh-binh"
    BAC_NINH = "bac-ninh"
    HUNG_YEN = "hung-yen"
    LANG_SON = "lang-son"


PROVINCE_NAMES: dict[Province, I18nText] = {
    Province.QUANG_NINH: I18nText(
        {
            "vi": "Quảng Ninh",
            "en": "Quang Ninh",
            "ja": "クアンニン省",
            "ko": "꽝닌성",
            "zh": "广宁省",
            "hi": "क्वांग निन्ह",
        }
    ),
    Province.HAI_PHONG: I18nText(
        {
            "vi": "Hải Phòng",
            "en": "Hai Phong",
            "ja": "ハイフォン",
            "ko": "하이퐁",
            "zh": "海防",
            "hi": "हाई फोंग",
        }
    ),
    Province.HANOI: I18nText(
        {
            "vi": "Hà Nội",
            "en": "Hanoi",
            "ja": "ハノイ",
            "ko": "하노이",
            "zh": "河内",
            "hi": "हनोई",
        }
    ),
    Province.NINH_BINH: I18nText(
        {
            "vi": "Ninh Bình",
            "en": "Ninh Binh",
            "ja": "ニンビン省",
            "ko": "닌빈성",
            "zh": "宁平省",
            "hi": "निन्ह बिन्ह",
        }
    ),
    Province.BAC_NINH: I18nText(
        {
            "vi": "Bắc Ninh",
            "en": "Bac Ninh",
            "ja": "バクニン省",
            "ko": "박닌성",
            "zh": "北宁省",
            "hi": "बाक निन्ह",
        }
    ),
    Province.HUNG_YEN: I18nText(
        {
            "vi": "Hưng Yên",
            "en": "Hung Yen",
            "ja": "フンイエン省",
            "ko": "흥옌성",
            "zh": "兴安省",
            "hi": "हुंग येन",
        }
    ),
    Province.LANG_SON: I18nText(
        {
            "vi": "Lạng Sơn",
            "en": "Lang Son",
            "ja": "ランソン省",
            "ko": "랑선성",
            "zh": "谅山省",
            "hi": "लांग सोन",
        }
    ),
}
