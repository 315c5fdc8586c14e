import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from '../src/demo/options.js';

describe('demo options', () => {
  it('defaults, and reads every documented option in both spellings', () => {
    const d = parseDemoArgs([]);
    expect(d).toMatchObject({ json: false, port: 8080, brokerPort: 11883, scenario: 'quick-demo' });
    const o = parseDemoArgs([
      '--duration',
      '60',
      '--json',
      '--broker-port=1884',
      '--port',
      '0',
      '--speed',
      '900',
    ]);
    expect(o).toMatchObject({ duration: 60, json: true, brokerPort: 1884, port: 0, speed: 900 });
  });

  it.each([
    [['--duration', 'abc'], /--duration: .*number/],
    [['--duration', '-5'], /--duration: must be a positive number/],
    [['--broker-port', '70000'], /--broker-port: /],
    [['--bogus', '1'], /unknown option --bogus/],
    [['--port'], /--port needs a value/],
    [['stray'], /unexpected argument "stray"/],
  ])('refuses %j with a message naming the option', (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});
