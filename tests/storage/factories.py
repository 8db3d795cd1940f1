"""Small, self-contained catalogue entries for store and service tests (all ``sample``)."""

from __future__ import annotations

from typing import Any

from tourlink.catalog import AnyEntryT, parse_entry


def entry(kind_of: str, entry_id: str, **fields: Any) -> AnyEntryT:
    """A valid sample entry of type ``kind_of`` with ``fields`` overriding the defaults."""
    raw: dict[str, Any] = {
        "type": kind_of,
        "id": entry_id,
        "sample": True,
        "name": {"vi": entry_id.replace("-", " "), "en": entry_id.replace("-", " ")},
    }
    raw.update(fields)
    return parse_entry(raw)


def place(entry_id: str, **fields: Any) -> AnyEntryT:
    """A sample place (a cave unless ``kind`` says otherwise)."""
    return entry("place", entry_id, **{"kind": "cave", **fields})


def small_catalogue() -> list[AnyEntryT]:
    """Eight entries of all five types, with names in several scripts, around Ha Long."""
    return [
        place(
            "dau-go-cave",
            name={
                "vi": "Hang Đầu Gỗ",
                "en": "Dau Go Cave",
                "ja": "ダウゴー洞窟",
                "zh": "木头洞",
            },
            description={
                "vi": "Hang động trên đảo Đầu Gỗ trong vịnh Hạ Long.",
                "en": "A cave on Dau Go island in Ha Long Bay.",
                "ja": "ハロン湾のダウゴー島にある洞窟。",
            },
            province="quang-ninh",
            location={"lat": 20.9130, "lon": 107.0220},
            tags=["caves", "nature", "family_friendly"],
            opening_hours="Mo-Su 07:30-17:00",
            popularity=0.7,
        ),
        place(
            "lan-ha-bay",
            kind="bay",
            name={"vi": "Vịnh Lan Hạ", "en": "Lan Ha Bay", "ko": "란하 베이"},
            description={
                "vi": "Vịnh yên tĩnh phía nam đảo Cát Bà.",
                "en": "A quiet bay south of Cat Ba island, next to Ha Long Bay.",
                "ko": "깟바섬 남쪽의 조용한 만.",
            },
            province="hai-phong",
            location={"lat": 20.7510, "lon": 107.0650},
            tags=["nature", "islands"],
            opening_hours="24/7",
            popularity=0.8,
        ),
        place(
            "quang-ninh-museum",
            kind="museum",
            name={"vi": "Bảo tàng Quảng Ninh", "en": "Quang Ninh Museum"},
            description={"en": "The provincial museum, by the sea in Ha Long city."},
            province="quang-ninh",
            location={"lat": 20.9510, "lon": 107.0860},
            tags=["history", "architecture", "family_friendly"],
            opening_hours="Tu-Su 08:00-17:00",
            popularity=0.6,
        ),
        place(
            "tuan-chau-pier",
            kind="hub",
            name={"vi": "Bến Tuần Châu", "en": "Tuan Chau Pier"},
            province="quang-ninh",
            location={"lat": 20.9240, "lon": 106.9930},
        ),
        place(
            "cat-ba-pier",
            kind="hub",
            name={"vi": "Bến Cát Bà", "en": "Cat Ba Pier"},
            province="hai-phong",
            location={"lat": 20.7270, "lon": 107.0480},
        ),
        entry(
            "experience",
            "lan-ha-kayak",
            kind="kayak",
            place_id="lan-ha-bay",
            name={"vi": "Chèo thuyền kayak vịnh Lan Hạ", "en": "Lan Ha Bay Kayaking"},
            description={"en": "Paddle between limestone islets of Lan Ha Bay."},
            duration_minutes=120,
            province="hai-phong",
            location={"lat": 20.7560, "lon": 107.0700},
            tags=["adventure", "nature"],
        ),
        entry(
            "event",
            "ha-long-carnival",
            kind="festival",
            name={"vi": "Lễ hội Carnaval Hạ Long", "en": "Ha Long Carnival"},
            description={"en": "A street carnival in Ha Long city."},
            province="quang-ninh",
            location={"lat": 20.9500, "lon": 107.0800},
            occurrences=[{"start": "2026-04-30", "end": "2026-05-01"}],
            tags=["performances", "night_time"],
        ),
        entry(
            "provider",
            "halal-kitchen-ha-long",
            kind="restaurant",
            name={"vi": "Bếp Halal Hạ Long", "en": "Ha Long Halal Kitchen"},
            description={"en": "Halal Vietnamese and Indian dishes."},
            province="quang-ninh",
            location={"lat": 20.9520, "lon": 107.0830},
            cuisines=["vietnamese", "indian"],
            dietary=["halal", "vegetarian"],
            tags=["food", "halal_friendly"],
        ),
        entry(
            "transport_link",
            "tuan-chau-cat-ba-ferry",
            mode="ferry",
            from_id="tuan-chau-pier",
            to_id="cat-ba-pier",
            name={"vi": "Phà Tuần Châu – Cát Bà", "en": "Tuan Chau – Cat Ba Ferry"},
            duration_minutes=60,
            departures=[{"time": "08:00"}, {"time": "13:30", "days": "Sa,Su"}],
        ),
    ]
