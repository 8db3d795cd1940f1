"""Small hand-made catalogue entries for the web tests (independent of the bundled data)."""

from __future__ import annotations

from typing import Any

from tourlink.catalog import AnyEntryT, parse_entry

WIKI = [
    {
        "title": "Wikipedia",
        "url": "https://en.wikipedia.org/wiki/X",
        "kind": "wikipedia",
    }
]

RAW_ENTRIES: list[dict[str, Any]] = [
    {
        "type": "place",
        "id": "ha-long-bay",
        "kind": "bay",
        "name": {"vi": "Vịnh Hạ Long", "en": "Ha Long Bay", "ja": "ハロン湾"},
        "description": {
            "vi": "Vịnh biển với gần 2.000 đảo đá vôi.",
            "en": "A bay of nearly 2,000 limestone islands.",
            "ja": "約2,000の石灰岩の島々が浮かぶ湾。",
        },
        "story": {
            "en": "Legend says a family of dragons descended here to defend the land.",
            "vi": "Truyền thuyết kể rằng một đàn rồng đã hạ xuống đây để giữ nước.",
        },
        "province": "quang-ninh",
        "location": {"lat": 20.9, "lon": 107.2},
        "tags": ["unesco_world_heritage", "nature", "islands"],
        "admission": [{"unit": "adult", "amount_vnd": 290000}],
        "opening_hours": "Mo-Su 07:00-17:30",
        "popularity": 1.0,
        "sources": [
            {
                "title": "UNESCO",
                "url": "https://whc.unesco.org/en/list/672",
                "kind": "unesco",
            }
        ],
    },
    {
        "type": "place",
        "id": "sung-sot-cave",
        "kind": "cave",
        "parent_id": "ha-long-bay",
        "name": {"vi": "Hang Sửng Sốt", "en": "Sung Sot Cave", "ja": "スンソット洞窟"},
        "description": {"vi": "Hang lớn trên đảo Bồ Hòn.", "en": "A great cave."},
        "province": "quang-ninh",
        "location": {"lat": 20.8566, "lon": 107.0915},
        "tags": ["caves", "nature"],
        "opening_hours": "Mo-Su 07:30-17:00",
        "sources": WIKI,
    },
    {
        "type": "place",
        "id": "cat-ba-island",
        "kind": "island",
        "name": {"vi": "Đảo Cát Bà", "en": "Cat Ba Island"},
        "description": {"vi": "Đảo lớn nhất vịnh Lan Hạ.", "en": "The largest island."},
        "province": "hai-phong",
        "location": {"lat": 20.7275, "lon": 107.0483, "approximate": True},
        "tags": ["islands", "nature", "beaches"],
        "sources": WIKI,
    },
    {
        "type": "place",
        "id": "tuan-chau-port",
        "kind": "hub",
        "name": {"vi": "Cảng Tuần Châu", "en": "Tuan Chau Port"},
        "province": "quang-ninh",
        "location": {"lat": 20.93, "lon": 106.99},
        "sources": WIKI,
    },
    {
        "type": "place",
        "id": "gia-luan-port",
        "kind": "hub",
        "name": {"vi": "Bến Gia Luận", "en": "Gia Luan Port"},
        "province": "hai-phong",
        "location": {"lat": 20.85, "lon": 106.99},
        "sources": WIKI,
    },
    {
        "type": "place",
        "id": "chu-dau-village",
        "kind": "craft_village",
        "name": {"vi": "Làng gốm Chu Đậu", "en": "Chu Dau Pottery Village"},
        "description": {"en": "A village of blue-and-white ceramics."},
        "province": "hai-phong",
        "tags": ["crafts", "heritage"],
        "sources": WIKI,
    },
    {
        "type": "experience",
        "id": "sample-kayak-lan-ha",
        "kind": "kayak",
        "place_id": "cat-ba-island",
        "name": {"vi": "Chèo thuyền kayak Lan Hạ", "en": "Lan Ha kayaking"},
        "description": {"en": "Paddle between limestone islets."},
        "province": "hai-phong",
        "location": {"lat": 20.76, "lon": 107.08},
        "duration_minutes": 180,
        "sessions": ["08:00", "13:30"],
        "prices": [{"unit": "adult", "amount_vnd": 450000}],
        "sample": True,
    },
    {
        "type": "event",
        "id": "ha-long-carnaval",
        "kind": "festival",
        "place_id": "ha-long-bay",
        "name": {"vi": "Carnaval Hạ Long", "en": "Ha Long Carnaval"},
        "description": {"en": "A street festival."},
        "province": "quang-ninh",
        "location": {"lat": 20.95, "lon": 107.07},
        "occurrences": [{"start": "2027-04-30", "end": "2027-04-30"}],
        "sources": WIKI,
    },
    {
        "type": "provider",
        "id": "sample-cat-ba-hotel",
        "kind": "accommodation",
        "place_id": "cat-ba-island",
        "name": {"vi": "Khách sạn mẫu Cát Bà", "en": "Sample Cat Ba Hotel"},
        "description": {"en": "An invented hotel for demonstrations."},
        "province": "hai-phong",
        "location": {"lat": 20.72, "lon": 107.05},
        "stars": 3,
        "prices": [{"unit": "room_night", "amount_vnd": 800000}],
        "sample": True,
    },
    {
        "type": "transport_link",
        "id": "tuan-chau-gia-luan-ferry",
        "mode": "ferry",
        "from_id": "tuan-chau-port",
        "to_id": "gia-luan-port",
        "name": {"vi": "Phà Tuần Châu – Gia Luận", "en": "Tuan Chau – Gia Luan ferry"},
        "duration_minutes": 50,
        "departures": [{"time": "08:00"}, {"time": "11:30", "days": "Sa,Su"}],
        "sources": WIKI,
    },
]


def fixture_entries() -> list[AnyEntryT]:
    return [parse_entry(raw) for raw in RAW_ENTRIES]


def located_count() -> int:
    return sum(1 for raw in RAW_ENTRIES if "location" in raw)
