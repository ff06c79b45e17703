// What spreading chrome starts (StartSpreader) costs where it cannot help: crawls simulated in virtual
// time with no CPU contention at all, page times lognormal around 545 ms (bench:chrome's book page),
// against the same crawls with every start allowed at once and with every start spaced.
import { StartSpreader } from '#extraction/start-spreader';

const pages = 20_000;
const medianMs = 545;

/** A seeded generator, so each rule meets the same page times. */
function pageTimes(sigma: number): () => number {
  let seed = 12_345;
  const uniform = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648 || Number.MIN_VALUE;
  };
  return () => {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    return medianMs * Math.exp(sigma * normal);
  };
}

type Rule = (ready: number, concurrency: number) => Promise<number>;

/** The crawl's wall time: each page starts when a slot frees and the rule lets it. */
async function crawlMs(
  concurrency: number,
  sigma: number,
  rule: () => { start: Rule; took(ms: number): void },
) {
  const next = pageTimes(sigma);
  const { start, took } = rule();
  const free = Array.from({ length: concurrency }, () => 0);
  let end = 0;
  for (let page = 0; page < pages; page++) {
    free.sort((a, b) => a - b);
    const at = await start(free.shift() ?? 0, concurrency);
    const ms = next();
    took(ms);
    free.push(at + ms);
    end = Math.max(end, at + ms);
  }
  return end;
}

const atOnce = () => ({ start: async (ready: number) => ready, took: () => undefined });

const spreader = () => {
  let now = 0;
  let waited = 0;
  let instance: StartSpreader | undefined;
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      waited = ms;
    },
  };
  return {
    start: async (ready: number, concurrency: number) => {
      instance ??= new StartSpreader(concurrency, clock);
      now = ready;
      waited = 0;
      await instance.turn(new AbortController().signal);
      return ready + waited;
    },
    took: (ms: number) => instance?.took(ms),
  };
};

// Every start at least half a slot's share of the mean page time after the previous one.
const spaced = () => {
  let last = Number.NEGATIVE_INFINITY;
  let mean: number | undefined;
  return {
    start: async (ready: number, concurrency: number) => {
      last = Math.max(ready, last + (mean ?? 0) / concurrency / 2);
      return last;
    },
    took: (ms: number) => {
      mean = mean === undefined ? ms : mean * 0.9 + ms * 0.1;
    },
  };
};

const percent = (ms: number, base: number) => `+${((ms / base - 1) * 100).toFixed(2)}%`;
console.log(`${pages} pages, median ${medianMs} ms; wall time over starting every page at once`);
console.log('| page times σ | concurrency | spread (StartSpreader) | every start spaced |');
console.log('| ------------ | ----------- | ---------------------- | ------------------ |');
for (const sigma of [0.05, 0.3, 0.6, 1]) {
  for (const concurrency of [4, 10]) {
    const base = await crawlMs(concurrency, sigma, atOnce);
    const spread = await crawlMs(concurrency, sigma, spreader);
    const spacedOut = await crawlMs(concurrency, sigma, spaced);
    console.log(`| ${sigma} | ${concurrency} | ${percent(spread, base)} | ${percent(spacedOut, base)} |`);
  }
}
