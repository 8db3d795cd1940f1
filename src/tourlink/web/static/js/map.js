/* The region map: offline land polygons (or a configured tile server) and entry markers.
 *
 * Marker data is JSON embedded in the page (#map-data); after an htmx swap of the results
 * the markers are redrawn from the new data. Nothing is fetched from another origin unless
 * the installation configured a tile server.
 */
(function () {
  "use strict";

  var container = document.getElementById("map");
  if (!container || typeof L === "undefined") return;

  var bounds = L.latLngBounds(JSON.parse(container.dataset.bounds));
  var map = L.map(container, {
    zoomSnap: 0.25,
    scrollWheelZoom: false,
    maxBounds: container.dataset.tileUrl ? null : bounds.pad(0.5),
    minZoom: 6,
  });
  map.fitBounds(bounds);
  map.attributionControl.setPrefix(false);

  if (container.dataset.tileUrl) {
    L.tileLayer(container.dataset.tileUrl, {
      attribution: container.dataset.tileAttribution || "",
      maxZoom: 18,
    }).addTo(map);
  } else {
    container.classList.add("map-offline");
    fetch(container.dataset.landUrl)
      .then(function (r) { return r.json(); })
      .then(function (land) {
        L.geoJSON(land, {
          interactive: false,
          style: { stroke: false, fillColor: "#eef3e6", fillOpacity: 1 },
        }).addTo(map).bringToBack();
        map.attributionControl.addAttribution("Natural Earth");
      })
      .catch(function () { /* the markers still work without the land layer */ });
  }

  var layer = L.layerGroup().addTo(map);
  var sampleLabel = container.dataset.sampleLabel || "Sample data";
  var approximateLabel = container.dataset.approximateLabel || "Approximate position";

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  function popup(m) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.name;
    box.appendChild(link);
    box.appendChild(text("div", m.type_label + " · " + m.kind_label, "popup-meta"));
    if (m.sample) box.appendChild(text("span", sampleLabel, "badge badge-sample"));
    if (m.approximate) box.appendChild(text("div", approximateLabel, "popup-meta"));
    return box;
  }

  function draw(fit) {
    var data = document.getElementById("map-data");
    if (!data) return;
    var markers = JSON.parse(data.textContent || "[]");
    layer.clearLayers();
    // Fit to the results inside the region; a few hubs far away (the other end of a
    // flight) stay on the map without zooming it out to the whole country.
    var near = markers.filter(function (m) { return bounds.pad(0.25).contains([m.lat, m.lon]); });
    if (fit && near.length > 0) {
      var around = L.latLngBounds(near.map(function (m) { return [m.lat, m.lon]; }));
      map.fitBounds(around.pad(0.15), { maxZoom: 10 });
    }
    markers.forEach(function (m) {
      var icon = L.divIcon({
        className: "marker marker-" + m.type + (m.sample ? " marker-sample" : ""),
        html: "<span></span>",
        iconSize: [18, 18],
        iconAnchor: [9, 9],
      });
      L.marker([m.lat, m.lon], { icon: icon, title: m.name, alt: m.name, keyboard: true })
        .bindPopup(popup(m))
        .addTo(layer);
    });
    container.dataset.markers = String(markers.length);
  }

  draw(true);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "results") draw(false);
  });
})();
