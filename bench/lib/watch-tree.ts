// The sampler behind watchTree: samples a process tree's memory every few ms until SIGTERM, then prints
// the peaks as JSON (runChild's last line).
import { type TreePeak, treeMemoryKb } from './proc.ts';

const [root, everyMs] = process.argv.slice(2).map(Number) as [number, number];
const peak = { rssKb: 0, pssKb: 0 };
const sample = () => {
  const now = treeMemoryKb(root);
  peak.rssKb = Math.max(peak.rssKb, now.rssKb);
  peak.pssKb = Math.max(peak.pssKb, now.pssKb);
};
sample();
const timer = setInterval(sample, everyMs);
const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;
process.once('SIGTERM', () => {
  clearInterval(timer);
  process.stdout.write(
    `${JSON.stringify({ rssMiB: mib(peak.rssKb), pssMiB: mib(peak.pssKb) } satisfies TreePeak)}\n`,
  );
});
