import type { Construct } from 'constructs';
import { defaults } from '#core/settings';

/** What differs between deployments; everything else is in the stack's code. */
export interface StackSettings {
  /** Lifetime of presigned links (store, upload), in seconds. */
  linkTtlSeconds: number;
  /** Days after which a task's stored data expires. */
  expiryDays: number;
  /** Steady-state requests per second of the API's default stage. */
  throttleRate: number;
  /** Burst capacity of the API's default stage. */
  throttleBurst: number;
  /** Days the logs of functions, API and state machine are kept. */
  logRetentionDays: number;
  /** Whether the table and buckets outlive the stack (true unless a disposable stack says otherwise). */
  retainData: boolean;
}

export const DEFAULT_SETTINGS: StackSettings = {
  linkTtlSeconds: defaults.linkTtlSeconds,
  expiryDays: 30,
  throttleRate: 50,
  throttleBurst: 100,
  logRetentionDays: 30,
  retainData: true,
};

/** Each setting: the context key (`cdk -c dfk:expiryDays=7`) and the environment variable. */
const SOURCES: Record<keyof StackSettings, { context: string; env: string }> = {
  linkTtlSeconds: { context: 'dfk:linkTtlSeconds', env: 'DFK_LINK_TTL_SECONDS' },
  expiryDays: { context: 'dfk:expiryDays', env: 'DFK_EXPIRY_DAYS' },
  throttleRate: { context: 'dfk:throttleRate', env: 'DFK_THROTTLE_RATE' },
  throttleBurst: { context: 'dfk:throttleBurst', env: 'DFK_THROTTLE_BURST' },
  logRetentionDays: { context: 'dfk:logRetentionDays', env: 'DFK_LOG_RETENTION_DAYS' },
  retainData: { context: 'dfk:retainData', env: 'DFK_RETAIN_DATA' },
};

/**
 * The settings of a stack: explicit overrides, then CDK context, then the environment, then
 * the defaults. A value that does not parse fails the synthesis instead of deploying a guess.
 */
export function readSettings(scope: Construct, overrides: Partial<StackSettings> = {}): StackSettings {
  const settings = { ...DEFAULT_SETTINGS };
  for (const name of Object.keys(SOURCES) as (keyof StackSettings)[]) {
    const { context, env } = SOURCES[name];
    const raw: unknown = scope.node.tryGetContext(context) ?? process.env[env];
    if (raw === undefined || raw === '') continue;
    if (name === 'retainData') {
      settings.retainData = parseBoolean(raw, context);
    } else {
      settings[name] = parsePositive(raw, context);
    }
  }
  return { ...settings, ...withoutUndefined(overrides) };
}

function parsePositive(raw: unknown, key: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Setting ${key} must be a positive number`);
  return value;
}

function parseBoolean(raw: unknown, key: string): boolean {
  if (raw === true || raw === 'true' || raw === '1') return true;
  if (raw === false || raw === 'false' || raw === '0') return false;
  throw new Error(`Setting ${key} must be true or false`);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
