import { Agent } from 'undici';
import { type AddressPolicy, guardedLookup, type Resolver, systemResolver } from './address-guard.ts';

export interface GuardedAgentOptions {
  policy: AddressPolicy;
  resolve?: Resolver | undefined;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** The one egress agent of page fetches, downloads and webhooks: every address is checked at connect. */
export function guardedAgent(options: GuardedAgentOptions): Agent {
  return new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    connect: {
      timeout: options.connectTimeoutMs,
      lookup: guardedLookup(options.resolve ?? systemResolver, options.policy),
    },
  });
}
