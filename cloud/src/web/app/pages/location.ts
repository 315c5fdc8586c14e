/// <reference lib="dom" />
import { put } from '../api.js';
import { h } from '../view.js';

/** Remembered for the tab, so the jobs page keeps sharing after a reload without asking again. */
const KEY = 'pdm.shareLocation';
/** While sharing, a new position is sent once it moved this far, and at least this often. */
const MIN_MOVE_M = 100;
const MIN_INTERVAL_MS = 60_000;
const REFRESH_MS = 10 * 60_000;

interface Sent {
  lat: number;
  lon: number;
  at: number;
}

function metres(a: Sent, lat: number, lon: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat - a.lat) * rad;
  const dLon = (lon - a.lon) * rad;
  const x = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(x));
}

const REFUSALS: Record<number, string> = {
  1: "Location is blocked for this site: allow it in the browser's settings. Until then dispatch plans from your home base.",
  2: 'Your position is not available right now. Dispatch plans from your home base.',
  3: 'Finding your position took too long. Try again.',
};

/**
 * "Share my location" on the technician's jobs page: the browser's position goes to
 * `PUT /me/location`, where the next dispatch run starts the technician's trips from (a reported
 * position counts for 12 hours). While the page is open it follows the device and sends again
 * when it moved 100 m (at most once a minute) and every 10 minutes.
 */
export function locationShare(): { element: HTMLElement; stop(): void } {
  const status = h('p', { class: 'live', 'aria-live': 'polite' });
  const toggle = h('button', { type: 'button', class: 'primary' }, 'Share my location');
  let watch: number | null = null;
  let sent: Sent | null = null;
  let sending = false;

  const show = (text: string, sharing: boolean) => {
    status.textContent = text;
    toggle.textContent = sharing ? 'Stop sharing' : 'Share my location';
    toggle.className = sharing ? '' : 'primary';
  };
  const stop = () => {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
  };
  const send = async (pos: GeolocationPosition) => {
    const { latitude: lat, longitude: lon, accuracy } = pos.coords;
    const now = Date.now();
    const due =
      !sent ||
      now - sent.at >= REFRESH_MS ||
      (now - sent.at >= MIN_INTERVAL_MS && metres(sent, lat, lon) >= MIN_MOVE_M);
    if (!due || sending) return;
    sending = true;
    try {
      await put('/me/location', { lat, lon });
      sent = { lat, lon, at: now };
      show(
        `Shared at ${new Date(now).toLocaleTimeString()} (within ${Math.round(accuracy)} m): dispatch plans your next trip from here.`,
        true,
      );
    } catch (e) {
      show(`Could not share your location: ${(e as Error).message}`, true);
    } finally {
      sending = false;
    }
  };
  const start = () => {
    if (!('geolocation' in navigator)) {
      show('This browser cannot tell where you are. Dispatch plans from your home base.', false);
      return;
    }
    sessionStorage.setItem(KEY, '1');
    show('Finding your position…', true);
    watch = navigator.geolocation.watchPosition(
      (pos) => void send(pos),
      (err) => {
        stop();
        sessionStorage.removeItem(KEY);
        show(REFUSALS[err.code] ?? `Your position is not available: ${err.message}`, false);
      },
      { enableHighAccuracy: false, maximumAge: MIN_INTERVAL_MS, timeout: 30_000 },
    );
  };
  toggle.addEventListener('click', () => {
    if (watch === null) {
      start();
      return;
    }
    stop();
    sessionStorage.removeItem(KEY);
    show('Not shared: dispatch plans from your home base (or the last position you shared today).', false);
  });
  show('Share your location so dispatch plans your next trip from where you are.', false);
  if (sessionStorage.getItem(KEY) === '1') start();
  const element = h('section', { 'aria-label': 'My location', class: 'location' }, status, toggle);
  return { element, stop };
}
