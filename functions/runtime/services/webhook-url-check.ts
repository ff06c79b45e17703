import { webhookUrlProblem } from '#core/webhooks/endpoint-url';
import type { UrlCheck } from '#core/webhooks/endpoints';
import { systemResolver } from '#extraction/address-guard';
import { settings } from '../config.ts';

/** The quick 400 for a webhook URL whose host is not public (create and create-webhook). */
export const webhookUrlCheck = (): UrlCheck => (url) =>
  webhookUrlProblem(url, { allowPrivateNetworks: settings.allowPrivateNetworks, resolve: systemResolver });
