/** Display helpers shared by the pages. Pure. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `in 2 d 4 h`, `3 h ago`, `now`: a duration relative to `now`. */
export function relative(t: number | null | undefined, now: number): string {
  if (t === null || t === undefined) return '–';
  const d = t - now;
  const a = Math.abs(d);
  let text: string;
  if (a < MINUTE) return 'now';
  const mins = Math.round(a / MINUTE);
  const hours = Math.round(a / HOUR);
  if (mins < 60) text = `${mins} min`;
  else if (hours < 24) text = `${Math.floor(mins / 60)} h ${mins % 60} min`;
  else text = `${Math.floor(hours / 24)} d ${hours % 24} h`;
  return d > 0 ? `in ${text}` : `${text} ago`;
}

export function dateTime(t: number | null | undefined): string {
  if (t === null || t === undefined) return '–';
  return new Date(t).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The value for an `<input type="datetime-local">` in local time. */
export function toLocalInput(t: number | null | undefined): string {
  if (t === null || t === undefined) return '';
  const d = new Date(t - new Date(t).getTimezoneOffset() * MINUTE);
  return d.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? t : null;
}

export function minutes(min: number | null | undefined): string {
  if (min === null || min === undefined) return '–';
  return min < 60 ? `${Math.round(min)} min` : `${Math.floor(min / 60)} h ${Math.round(min % 60)} min`;
}

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${Math.round(x * 100)} %`;
}

export function humanize(id: string): string {
  return id.replace(/[_-]+/g, ' ');
}
