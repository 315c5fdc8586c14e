/** Splits one CSV line, honouring double-quoted fields with `""` escapes. */
export function splitCsvLine(line: string, delimiter = ','): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Non-empty lines of a text file, without trailing carriage returns. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim().length > 0);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A timestamp as found in datasets: ISO-8601, `YYYY-MM-DD HH:MM[:SS]` (read as UTC when it has no
 * zone), or a number (epoch milliseconds when above 1e11, else epoch seconds). NaN when unreadable.
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.round(Math.abs(n) > 1e11 ? n : n * 1000);
  }
  const m = DATE_TIME.exec(s);
  if (!m) return Number.NaN;
  const zone = m[8] ?? 'Z';
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${zone}`;
  return Date.parse(iso);
}

/** A sensor or asset id from a column header: `Bearing 1` -> `bearing_1`. */
export function idFromHeader(header: string): string {
  const id = header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return id.length > 0 ? id : 'value';
}
