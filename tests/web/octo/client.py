"""A small httpx-based OCTo client, as a reseller's software would use the API.

Every answer is validated against the specification's shapes (``contract.py``) before it
is returned, so tests written with it are contract tests too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from . import contract as c


class OctoError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(f"{status} {body}")
        self.status = status
        self.body = body
        self.code = str(body.get("error"))


@dataclass
class OctoClient:
    http: httpx.Client
    prefix: str = "/octo"

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, self.prefix + path, **kwargs)
        body = response.json()
        if response.status_code >= 400:
            c.validate_error(body, str(body.get("error")))
            raise OctoError(response.status_code, body)
        assert response.headers.get("content-type", "").startswith("application/json")
        return body

    def supplier(self) -> c.Supplier:
        return c.validate(c.Supplier, self._call("GET", "/supplier"))

    def products(self) -> list[c.Product]:
        return c.validate_list(c.Product, self._call("GET", "/products"))

    def product(self, product_id: str) -> c.Product:
        return c.validate(c.Product, self._call("GET", f"/products/{product_id}"))

    def availability(self, **body: Any) -> list[c.Availability]:
        return c.validate_list(
            c.Availability, self._call("POST", "/availability", json=body)
        )

    def calendar(self, **body: Any) -> list[c.AvailabilityCalendar]:
        data = self._call("POST", "/availability/calendar", json=body)
        return c.validate_list(c.AvailabilityCalendar, data)

    def reserve(self, **body: Any) -> c.Booking:
        return c.validate(c.Booking, self._call("POST", "/bookings", json=body))

    def extend(self, uuid: str, **body: Any) -> c.Booking:
        data = self._call("POST", f"/bookings/{uuid}/extend", json=body)
        return c.validate(c.Booking, data)

    def confirm(self, uuid: str, **body: Any) -> c.Booking:
        data = self._call("POST", f"/bookings/{uuid}/confirm", json=body)
        return c.validate(c.Booking, data)

    def update(self, uuid: str, **body: Any) -> c.Booking:
        return c.validate(
            c.Booking, self._call("PATCH", f"/bookings/{uuid}", json=body)
        )

    def cancel(self, uuid: str, **body: Any) -> c.Booking:
        data = self._call("POST", f"/bookings/{uuid}/cancel", json=body)
        return c.validate(c.Booking, data)

    def delete(self, uuid: str) -> c.Booking:
        return c.validate(c.Booking, self._call("DELETE", f"/bookings/{uuid}"))

    def booking(self, uuid: str) -> c.Booking:
        return c.validate(c.Booking, self._call("GET", f"/bookings/{uuid}"))

    def bookings(self, **params: str) -> list[c.Booking]:
        return c.validate_list(c.Booking, self._call("GET", "/bookings", params=params))

    def create_order(self, **body: Any) -> c.Order:
        return c.validate(c.Order, self._call("POST", "/orders", json=body))

    def order(self, order_id: str) -> c.Order:
        return c.validate(c.Order, self._call("GET", f"/orders/{order_id}"))

    def order_action(self, order_id: str, action: str, **body: Any) -> c.Order:
        data = self._call("POST", f"/orders/{order_id}/{action}", json=body)
        return c.validate(c.Order, data)
