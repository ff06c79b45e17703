import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CursorSecret } from '#core/ports/cursor-secret';

/** A secret's current string value, read from Secrets Manager on each call (callers keep it). */
export const secretsManagerValue =
  (client: SecretsManagerClient, secretArn: string): CursorSecret =>
  async () => {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!SecretString) throw new Error(`The secret ${secretArn} has no string value`);
    return SecretString;
  };
