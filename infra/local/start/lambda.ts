import { closeServer, LOCAL_HOST, listen } from '../emulators.ts';
import { InFlight } from '../in-flight.ts';
import { createLambdaServer } from '../lambda-invoke.ts';
import type { LocalFunction } from '../template.ts';
import type { Cleanups } from './cleanups.ts';

/** The Lambda Invoke endpoint, before its gateway: a function invoking another, as GetStore invokes ExportFormat. */
export async function startLambdaEndpoint(
  options: {
    functions: LocalFunction[];
    invokeById(logicalId: string, event: unknown): Promise<unknown>;
    log(message: string): void;
  },
  cleanups: Cleanups,
): Promise<{ endpoint: string; invocations: InFlight }> {
  const invocations = new InFlight();
  const server = createLambdaServer({
    functions: options.functions,
    invoke: (logicalId, event) => invocations.track(options.invokeById(logicalId, event)),
    log: options.log,
  });
  const port = await listen(server, 0);
  cleanups.add(() => closeServer(server));
  return { endpoint: `http://${LOCAL_HOST}:${port}`, invocations };
}
