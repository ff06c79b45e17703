/**
 * A Secrets Manager stand-in on 127.0.0.1 (JSON 1.1, `X-Amz-Target: secretsmanager.<Op>`): the
 * template's secrets, each value generated once as Secrets Manager does at create and kept in
 * `file` (mode 600), so what a secret sealed (cursors) stays valid across restarts. It answers
 * GetSecretValue and DescribeSecret, what the functions call; the IAM gateway stands in front.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, type Emulator, LOCAL_HOST, listen } from './emulators.ts';
import type { LocalSecret } from './template.ts';

interface StoredSecret {
  value: string;
  versionId: string;
  /** Epoch seconds, as the service's JSON dates are. */
  createdDate: number;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** GetRandomPassword's rules: the included character types, each at least once, minus the excluded characters. */
export function generatedValue(rules: NonNullable<LocalSecret['generate']>): string {
  const types = [
    UPPER,
    LOWER,
    DIGITS,
    ...(rules.excludePunctuation ? [] : [PUNCTUATION]),
    ...(rules.includeSpace ? [' '] : []),
  ]
    .map((type) => [...type].filter((c) => !rules.excludeCharacters.includes(c)).join(''))
    .filter((type) => type !== '');
  const alphabet = types.join('');
  for (;;) {
    const value = Array.from({ length: rules.length }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (rules.length < types.length || types.every((type) => [...type].some((c) => value.includes(c))))
      return value;
  }
}

async function loadValues(
  secrets: LocalSecret[],
  file: string | undefined,
): Promise<Map<string, StoredSecret>> {
  let kept: Record<string, StoredSecret> = {};
  if (file) {
    try {
      kept = JSON.parse(await readFile(file, 'utf8')) as Record<string, StoredSecret>;
    } catch {
      // none yet: the values generated below are kept
    }
  }
  const values = new Map<string, StoredSecret>();
  for (const secret of secrets) {
    const value =
      kept[secret.arn]?.value ?? secret.secretString ?? (secret.generate && generatedValue(secret.generate));
    if (value === undefined)
      throw new Error(`Secret ${secret.logicalId} has neither SecretString nor GenerateSecretString`);
    values.set(
      secret.arn,
      kept[secret.arn] ?? { value, versionId: randomUUID(), createdDate: Math.floor(Date.now() / 1000) },
    );
  }
  if (file)
    await writeFile(file, `${JSON.stringify(Object.fromEntries(values), null, 2)}\n`, { mode: 0o600 });
  return values;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

const error = (res: ServerResponse, type: string, message: string) =>
  send(res, 400, { __type: type, message });

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

export async function startSecretsManager(options: {
  secrets: LocalSecret[];
  /** Where the values are kept; in memory only without it. */
  file?: string;
  port: number;
}): Promise<Emulator> {
  const values = await loadValues(options.secrets, options.file);
  // A secret is named by its ARN or its name, as SecretId accepts both.
  const byId = new Map(
    options.secrets.flatMap(
      (secret) =>
        [
          [secret.arn, secret],
          [secret.name, secret],
        ] as const,
    ),
  );

  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
    readJson(req).then(
      (body) => {
        const secret = byId.get(String(body.SecretId ?? ''));
        const stored = secret && values.get(secret.arn);
        if (operation !== 'GetSecretValue' && operation !== 'DescribeSecret')
          return error(
            res,
            'InvalidRequestException',
            `The local Secrets Manager does not implement ${operation}`,
          );
        if (!secret || !stored)
          return error(res, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        const versions = { [stored.versionId]: ['AWSCURRENT'] };
        if (operation === 'DescribeSecret')
          return send(res, 200, {
            ARN: secret.arn,
            Name: secret.name,
            CreatedDate: stored.createdDate,
            VersionIdsToStages: versions,
          });
        return send(res, 200, {
          ARN: secret.arn,
          Name: secret.name,
          VersionId: stored.versionId,
          SecretString: stored.value,
          VersionStages: ['AWSCURRENT'],
          CreatedDate: stored.createdDate,
        });
      },
      () => error(res, 'SerializationException', 'The request body is not JSON'),
    );
  });
  const port = await listen(server, options.port);
  return { endpoint: `http://${LOCAL_HOST}:${port}`, port, close: () => closeServer(server) };
}
