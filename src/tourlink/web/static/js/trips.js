/* The trip plan page: one route map per day, edits (lock, remove, move, add, pace) that
 * re-plan through the JSON API and reload the page, and booking the whole trip (tickets
 * with QR codes shown in place). Nothing is fetched from another origin.
 */
(function () {
  "use strict";

  var trip = document.getElementById("trip");
  if (!trip) return;
  var planId = trip.dataset.plan;
  var api = "/api/v1/plans/" + encodeURIComponent(planId);
  var status = document.getElementById("trip-status");
  var colors = { visit: "#0b6e69", show: "#c2410c", meal: "#7c3aed", hotel: "#1d4ed8" };
  var land = null;

  function landLayer() {
    if (!land) {
      land = fetch(trip.dataset.landUrl).then(function (r) { return r.json(); })
        .catch(function () { return null; });
    }
    return land;
  }

  function drawMap(el) {
    if (typeof L === "undefined") return;
    var day = JSON.parse(el.dataset.day);
    var map = L.map(el, { zoomSnap: 0.25, scrollWheelZoom: false, minZoom: 6 });
    map.attributionControl.setPrefix(false);
    el.classList.add("map-offline");
    var points = day.route.length ? day.route : day.stops.map(function (s) { return [s.lat, s.lon]; });
    if (points.length) {
      map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 12 });
    } else {
      map.setView([21.0, 106.8], 8);
    }
    if (day.route.length > 1) {
      L.polyline(day.route, { color: "#c2410c", weight: 3 }).addTo(map);
    }
    day.stops.forEach(function (s) {
      L.circleMarker([s.lat, s.lon], { radius: 7, color: colors[s.kind] || "#333", fillOpacity: 0.9 })
        .bindTooltip(s.name).addTo(map);
    });
    el.dataset.stops = String(day.stops.length);
    el.dataset.segments = String(Math.max(day.route.length - 1, 0));
    landLayer().then(function (geo) {
      if (!geo) return;
      L.geoJSON(geo, { interactive: false, style: { stroke: false, fillColor: "#eef3e6", fillOpacity: 1 } })
        .addTo(map).bringToBack();
      map.attributionControl.addAttribution("Natural Earth");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".trip-map"), drawMap);

  function say(text) { status.textContent = text; }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    });
  }

  function problemText(p) {
    return [p.explanation || p.detail, p.suggestion].filter(Boolean).join(" — ");
  }

  function edit(edits) {
    say("…");
    trip.setAttribute("aria-busy", "true");
    post(api + "/edits", { edits: edits }).then(function (res) {
      if (res.ok) { window.location.reload(); return; }
      trip.removeAttribute("aria-busy");
      say(problemText(res.data));
    }).catch(function () { trip.removeAttribute("aria-busy"); say("Network error"); });
  }

  trip.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-op]");
    if (!button) return;
    var op = button.dataset.op;
    if (op === "add") {
      var value = document.getElementById("add-item").value.trim();
      if (value) edit([{ op: "add", id: value }]);
      return;
    }
    var item = button.closest(".trip-item");
    if (op === "lock") edit([{ op: "lock", id: item.dataset.id, day: Number(button.dataset.day) }]);
    if (op === "remove") edit([{ op: "remove", id: item.dataset.id }]);
  });

  trip.addEventListener("change", function (event) {
    var select = event.target;
    if (select.dataset.op === "move" && select.value) {
      edit([{ op: "move", id: select.closest(".trip-item").dataset.id, day: Number(select.value) }]);
    }
    if (select.dataset.op === "pace") edit([{ op: "pace", pace: select.value }]);
  });

  var form = document.getElementById("book-form");
  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var tickets = document.getElementById("tickets");
      say("…");
      post(api + "/book", { contact: { name: form.elements.name.value } }).then(function (res) {
        if (!res.ok) {
          var alt = (res.data.alternatives || []).map(function (a) { return a.start; }).join(", ");
          say(problemText(res.data) + (alt ? " (" + alt + ")" : ""));
          return;
        }
        say("");
        tickets.textContent = "";
        var head = document.createElement("p");
        head.textContent = res.data.package_id;
        tickets.appendChild(head);
        res.data.items.forEach(function (item) {
          var fig = document.createElement("figure");
          fig.className = "ticket";
          fig.innerHTML = item.qr_svg; /* an SVG made by this server from the ticket token */
          var cap = document.createElement("figcaption");
          cap.textContent = item.name + " · " + item.start.slice(0, 16).replace("T", " ");
          fig.appendChild(cap);
          tickets.appendChild(fig);
        });
      });
    });
  }
})();
