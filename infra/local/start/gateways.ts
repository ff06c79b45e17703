import type { CfnTemplate } from '#infra/template';
import type { LocalEndpoints } from '../environment.ts';
import { rememberedCredentials } from '../function-credentials.ts';
import { startGateways } from '../gateways.ts';
import { type Credentials, readPrincipals } from '../iam/principals.ts';
import type { LocalFunction } from '../template.ts';
import type { Cleanups } from './cleanups.ts';

export interface FunctionGateways {
  /** What the functions reach: a gateway in front of each emulator. */
  endpoints: LocalEndpoints;
  /** The key pair a function signs with, which its gateway maps to its role. */
  credentialsOf(fn: LocalFunction): Credentials;
}

/**
 * The IAM gateways in front of the emulators, authorizing each call by the calling function's
 * role; the functions' key pairs are kept in `dataDir` unless ephemeral.
 */
export async function startFunctionGateways(
  options: {
    template: CfnTemplate;
    emulators: LocalEndpoints;
    dataDir: string;
    ephemeral: boolean;
    ports?: Partial<Record<keyof LocalEndpoints, number>>;
    log(message: string): void;
  },
  cleanups: Cleanups,
): Promise<FunctionGateways> {
  const principals = options.ephemeral
    ? readPrincipals(options.template)
    : await rememberedCredentials(readPrincipals(options.template), options.dataDir);
  const gateways = await startGateways({
    emulators: options.emulators,
    principals,
    ports: options.ports,
    log: options.log,
  });
  cleanups.add(() => gateways.close());
  const byFunction = new Map(principals.map((p) => [p.functionLogicalId, p.credentials]));
  return {
    endpoints: gateways.endpoints,
    credentialsOf: (fn) => {
      const credentials = byFunction.get(fn.logicalId);
      if (!credentials) throw new Error(`Function ${fn.logicalId} has no role to sign with`);
      return credentials;
    },
  };
}
