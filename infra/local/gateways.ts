/**
 * The IAM gateways in front of the emulators and the local Lambda Invoke endpoint: the endpoints
 * the functions (and their presigned links) reach, where each call is authorized against the calling function's role.
 */

import { closeServer, LOCAL_CREDENTIALS, LOCAL_HOST, listen } from './emulators.ts';
import type { LocalEndpoints } from './environment.ts';
import { createIamGateway, type Refusal } from './iam/gateway.ts';
import type { Principal } from './iam/principals.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './template.ts';

export interface Gateways {
  endpoints: LocalEndpoints;
  close(): Promise<void>;
}

export async function startGateways(options: {
  emulators: LocalEndpoints;
  principals: Principal[];
  /** Ports of the gateways (0: free ones); the same ports keep links handed out before a restart working. */
  ports?: Partial<Record<keyof LocalEndpoints, number>>;
  log(message: string): void;
}): Promise<Gateways> {
  const services = ['dynamodb', 's3', 'sfn', 'lambda', 'secretsmanager'] as const;
  const servers = services.map((service) =>
    createIamGateway({
      service,
      upstream: options.emulators[service],
      principals: options.principals,
      // The runtime's own clients (keys, resume) sign with the emulators' key pair.
      admin: LOCAL_CREDENTIALS,
      region: LOCAL_REGION,
      account: LOCAL_ACCOUNT,
      log: (refusal: Refusal) => options.log(describe(refusal)),
    }),
  );
  const ports = await Promise.all(
    servers.map((server, i) => listen(server, options.ports?.[services[i] as keyof LocalEndpoints] ?? 0)),
  );
  const endpoint = (i: number) => `http://${LOCAL_HOST}:${ports[i]}`;
  return {
    endpoints: {
      dynamodb: endpoint(0),
      s3: endpoint(1),
      sfn: endpoint(2),
      lambda: endpoint(3),
      secretsmanager: endpoint(4),
    },
    close: async () => {
      await Promise.all(servers.map((server) => closeServer(server)));
    },
  };
}

function describe(refusal: Refusal): string {
  const who =
    refusal.functionName ?? (refusal.accessKeyId ? `unknown key ${refusal.accessKeyId}` : 'anonymous');
  const what = refusal.action
    ? `${refusal.action} on ${refusal.resource}`
    : `${refusal.method} ${refusal.path}`;
  return `[iam ${refusal.service}] ${who}: ${what}: ${refusal.code} ${refusal.message}${refusal.detail ? ` (${refusal.detail})` : ''}`;
}
