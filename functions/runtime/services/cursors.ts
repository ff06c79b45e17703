import { secretsManager } from '#adapters/aws/clients/secrets-manager';
import { secretsManagerValue } from '#adapters/aws/secrets-manager-secret';
import { cursorsWith } from '#core/cursor';
import { requireEnv } from '../config.ts';

/** Listing cursors sealed with the deployment's key (`useCursorKey` sets CURSOR_KEY_SECRET_ARN). */
export const cursors = () =>
  cursorsWith(secretsManagerValue(secretsManager, requireEnv('CURSOR_KEY_SECRET_ARN')));
