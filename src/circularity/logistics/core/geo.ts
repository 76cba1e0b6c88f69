/** Deterministic distances: great-circle (haversine, mean Earth radius 6371.0088 km, IUGG) times a road factor. */
export interface LatLon {
  latitudeDeg: number;
  longitudeDeg: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

export function haversineKm(a: LatLon, b: LatLon): number {
  const dLat = rad(b.latitudeDeg - a.latitudeDeg);
  const dLon = rad(b.longitudeDeg - a.longitudeDeg);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitudeDeg)) * Math.cos(rad(b.latitudeDeg)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Road distance estimate: detour factor ≈ 1.3 for German trunk roads (circuity factors of 1.2–1.4 are usual). */
export function roadKm(a: LatLon, b: LatLon, roadFactor: number): number {
  return haversineKm(a, b) * roadFactor;
}
