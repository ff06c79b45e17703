import { systemResolver } from '#extraction/address-guard';
import { settings } from '../config.ts';
import { webhookUrlProblem } from '../webhooks/endpoint-url.ts';
import type { UrlCheck } from '../webhooks/endpoints.ts';

/** The quick 400 for a webhook URL whose host is not public (create and create-webhook). */
export const webhookUrlCheck = (): UrlCheck => (url) =>
  webhookUrlProblem(url, { allowPrivateNetworks: settings.allowPrivateNetworks, resolve: systemResolver });
