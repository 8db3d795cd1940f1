#!/usr/bin/env bash
# Vendor the web front-end's third-party files from the npm registry, at pinned versions,
# into src/tourlink/web/static/vendor/ (committed: nothing is fetched at run time).
#
#   scripts/vendor_static.sh
#
# Needs node and npm. Also builds the offline base map: the LAND layer of Natural Earth
# (world-atlas land-10m.json, public domain) converted to GeoJSON with topojson-client and
# clipped to the region's bounding box. Never the `countries` layer: its borders are not
# the ones this project draws.
set -euo pipefail

LEAFLET=1.9.4
HTMX=2.0.4
SWAGGER_UI=5.17.14
WORLD_ATLAS=2.0.2
TOPOJSON_CLIENT=3.1.0
JSQR=1.4.0
BBOX="104.5,19.8,108.6,22.6" # west,south,east,north (lon/lat)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/src/tourlink/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --silent \
  "leaflet@$LEAFLET" "htmx.org@$HTMX" "swagger-ui-dist@$SWAGGER_UI" \
  "world-atlas@$WORLD_ATLAS" "topojson-client@$TOPOJSON_CLIENT" "jsqr@$JSQR"

rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/htmx" "$dest/swagger-ui" "$dest/basemap" "$dest/jsqr"

nm="$work/node_modules"
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.css" "$dest/leaflet/"
cp "$nm/leaflet/dist/images/"*.png "$dest/leaflet/images/"
cp "$nm/leaflet/LICENSE" "$dest/leaflet/LICENSE"
cp "$nm/htmx.org/dist/htmx.min.js" "$dest/htmx/"
cp "$nm/htmx.org/LICENSE" "$dest/htmx/LICENSE"
cp "$nm/swagger-ui-dist/swagger-ui-bundle.js" "$nm/swagger-ui-dist/swagger-ui.css" \
  "$dest/swagger-ui/"
cp "$nm/swagger-ui-dist/LICENSE" "$dest/swagger-ui/LICENSE"
# QR decoding of camera frames on the operators' check-in page.
cp "$nm/jsqr/dist/jsQR.js" "$dest/jsqr/"
cp "$nm/jsqr/LICENSE" "$dest/jsqr/LICENSE"
# The bundle ends with a source map comment; the map itself is not vendored.
sed -i '/^\/\/# sourceMappingURL=/d' "$dest/swagger-ui/swagger-ui-bundle.js"
sed -i 's|/\*# sourceMappingURL=.*\*/||' "$dest/swagger-ui/swagger-ui.css"

cat >"$work/land.js" <<'JS'
// Natural Earth land (world-atlas land-10m) -> GeoJSON clipped to a lon/lat box.
const fs = require("fs");
const path = require("path");
const topojson = require("topojson-client");
const [west, south, east, north] = process.argv[2].split(",").map(Number);
const topology = JSON.parse(
  fs.readFileSync(path.join("node_modules", "world-atlas", "land-10m.json"), "utf8"),
);
const land = topojson.feature(topology, topology.objects.land);

// Sutherland-Hodgman clipping of one ring against the box, edge by edge.
function clipRing(ring) {
  const edges = [
    [(p) => p[0] >= west, (a, b) => cut(a, b, 0, west)],
    [(p) => p[0] <= east, (a, b) => cut(a, b, 0, east)],
    [(p) => p[1] >= south, (a, b) => cut(a, b, 1, south)],
    [(p) => p[1] <= north, (a, b) => cut(a, b, 1, north)],
  ];
  let out = ring.slice(0, -1);
  for (const [inside, intersect] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(intersect(prev, cur));
        out.push(cur);
      } else if (inside(prev)) {
        out.push(intersect(prev, cur));
      }
    }
    if (out.length === 0) return null;
  }
  if (out.length < 3) return null;
  out = out.map((p) => [round(p[0]), round(p[1])]);
  out.push(out[0]);
  return out;
}
function cut(a, b, axis, value) {
  const t = (value - a[axis]) / (b[axis] - a[axis]);
  const p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  p[axis] = value;
  return p;
}
function round(x) {
  return Math.round(x * 1e5) / 1e5;
}

const polygons = [];
const geometry = land.features ? land.features[0].geometry : land.geometry;
const parts = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
for (const polygon of parts) {
  const rings = polygon.map(clipRing).filter((r) => r !== null);
  if (rings.length > 0 && clipRing(polygon[0]) !== null) polygons.push(rings);
}
const out = {
  type: "FeatureCollection",
  bbox: [west, south, east, north],
  features: [
    {
      type: "Feature",
      properties: {
        source: "Natural Earth land 1:10m via world-atlas (public domain)",
      },
      geometry: { type: "MultiPolygon", coordinates: polygons },
    },
  ],
};
process.stdout.write(JSON.stringify(out));
JS
node "$work/land.js" "$BBOX" >"$dest/basemap/land-region.geojson"
cp "$nm/world-atlas/LICENSE" "$dest/basemap/LICENSE-world-atlas" 2>/dev/null || true

cat >"$dest/VERSIONS.txt" <<TXT
Vendored by scripts/vendor_static.sh from the npm registry; do not edit by hand.
leaflet $LEAFLET
htmx.org $HTMX
swagger-ui-dist $SWAGGER_UI
world-atlas $WORLD_ATLAS (land-10m, clipped to $BBOX)
topojson-client $TOPOJSON_CLIENT (build time only)
jsqr $JSQR
TXT
echo "vendored into ${dest#"$root"/}"
