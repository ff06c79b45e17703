// Setup file of the integration project: each file waits here until the global setup's synthesis
// has ended (test/global-setup.ts), and fails with its output if it failed.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import type { AssemblyStatus } from '../global-setup.ts';

const statusFile = inject('assemblyStatus');
const deadline = Date.now() + 15 * 60_000;
while (!existsSync(statusFile)) {
  if (Date.now() > deadline)
    throw new Error(`The stack was not synthesized within 15 minutes (${statusFile})`);
  await sleep(100);
}
const status = JSON.parse(readFileSync(statusFile, 'utf8')) as AssemblyStatus;
if (!status.ok) throw new Error(status.error ?? 'Synthesizing the stack failed');
