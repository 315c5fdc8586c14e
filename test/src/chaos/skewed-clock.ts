// Loaded with `node --import` into a process under test: shifts its wall clock (Date.now and
// new Date()) by PDM_CHAOS_CLOCK_SKEW_MS, as a gateway with a wrong clock would have.
const skew = Number(process.env.PDM_CHAOS_CLOCK_SKEW_MS ?? 0);
if (skew !== 0) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(realNow() + skew);
      else super(...(args as [number]));
    }
    static override now(): number {
      return realNow() + skew;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
}
