import { describe, expect, it } from 'vitest';
import { fromLocalInput, minutes, percent, relative, toLocalInput } from '../../src/web/app/format.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('relative', () => {
  it.each([
    [NOW + 20_000, 'now'],
    [NOW + 5 * MIN, 'in 5 min'],
    [NOW - 90 * MIN, '1 h 30 min ago'],
    [NOW + 59 * MIN + 50_000, 'in 1 h 0 min'],
    [NOW + 3 * 24 * HOUR - 10 * MIN, 'in 3 d 0 h'],
    [NOW + 2 * 24 * HOUR + 23.7 * HOUR, 'in 3 d 0 h'],
    [NOW - 26 * HOUR, '1 d 2 h ago'],
  ])('%d reads %s', (t, text) => expect(relative(t, NOW)).toBe(text));
  it('shows a dash for no time', () => expect(relative(null, NOW)).toBe('–'));
});

describe('small formats', () => {
  it('formats minutes, percentages and local input values', () => {
    expect(minutes(45)).toBe('45 min');
    expect(minutes(180)).toBe('3 h 0 min');
    expect(percent(0.756)).toBe('76 %');
    expect(percent(null)).toBe('–');
    const t = Date.UTC(2026, 0, 2, 3, 4);
    expect(fromLocalInput(toLocalInput(t))).toBe(t);
    expect(fromLocalInput('')).toBeNull();
  });
});
