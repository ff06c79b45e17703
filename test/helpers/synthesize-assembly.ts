// Run by the integration tests' global setup (test/global-setup.ts) in a process of its own, so the
// unit files run while the functions are bundled: the stack synthesized into the folder given, as
// `npm start` synthesizes it (infra/synth.ts, bundle cache included).
import { synthesizeAssembly } from '#infra/synth';

const [outdir] = process.argv.slice(2);
if (!outdir) throw new Error('Usage: node test/helpers/synthesize-assembly.ts <outdir>');
synthesizeAssembly({ outdir });
