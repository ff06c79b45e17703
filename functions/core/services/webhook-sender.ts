import { numberEnv, settings } from '../config.ts';
import { createWebhookSender } from '../webhooks/sender.ts';

// Only the Deliver function sends (undici), so this root is its own.

/** How long a receiver has to answer one attempt, in seconds. */
export const webhookTimeoutSeconds = () => numberEnv('DFK_WEBHOOK_TIMEOUT_SECONDS', 15);

export const webhookSender = () =>
  createWebhookSender({
    allowPrivateNetworks: settings.allowPrivateNetworks,
    timeoutMs: webhookTimeoutSeconds() * 1000,
  });
