import type { Server } from 'node:http';
import type { CfnTemplate } from '#infra/template';
import { closeServer, LOCAL_HOST, listen } from '../emulators.ts';
import { compileRoute, createApiServer } from '../http-api.ts';
import { InFlight } from '../in-flight.ts';
import { type LocalFunction, readRoutes } from '../template.ts';
import type { Cleanups } from './cleanups.ts';

export interface HttpApi {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  server: Server;
  /** The handlers of requests under way. */
  invocations: InFlight;
}

/** The HTTP API on `port`, each of the template's route keys invoking its function. */
export async function startHttpApi(
  options: {
    template: CfnTemplate;
    functions: LocalFunction[];
    invoke(fn: LocalFunction, event: unknown): Promise<unknown>;
    port: number;
    log(message: string): void;
  },
  cleanups: Cleanups,
): Promise<HttpApi> {
  const byId = new Map(options.functions.map((fn) => [fn.logicalId, fn]));
  const routes = readRoutes(options.template).map((route) => {
    const fn = byId.get(route.functionId);
    if (!fn) throw new Error(`Route ${route.routeKey} invokes ${route.functionId}, which has no dfk:entry`);
    return compileRoute(route.routeKey, fn);
  });
  const invocations = new InFlight();
  const server = createApiServer({
    routes,
    invoke: (fn, event) => invocations.track(options.invoke(fn, event)),
    log: (message, error) =>
      options.log(error ? `${message}: ${(error as Error)?.stack ?? String(error)}` : message),
  });
  const port = await listen(server, options.port);
  cleanups.add(() => closeServer(server));
  return { origin: `http://${LOCAL_HOST}:${port}`, server, invocations };
}
