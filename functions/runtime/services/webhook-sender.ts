import { createWebhookSender } from '#adapters/net/webhook-sender';
import { settings } from '../config.ts';

// Only the Deliver function sends (undici), so this root is its own.

export const webhookSender = () =>
  createWebhookSender({
    allowPrivateNetworks: settings.allowPrivateNetworks,
    timeoutMs: settings.webhookTimeoutSeconds * 1000,
  });
