import { describe, expect, it } from 'vitest';
import { verifyWebhook, WebhookVerificationError } from '#client/index';
import { newWebhookSecret, signWebhook, webhookHeaders } from '#core/webhooks/signing';

// Signed by the service's own signing code: the client must accept what the service sends.
const secret = newWebhookSecret();
const now = new Date('2026-03-01T12:00:00Z');
const body = JSON.stringify({ type: 'task.completed', timestamp: now.toISOString(), data: { id: 't1' } });
const headers = webhookHeaders(secret, 'msg_1', body, now);

describe('verifyWebhook', () => {
  it('returns the event of a delivery the service signed, from a string, bytes or a Headers', () => {
    expect(verifyWebhook(body, headers, secret, { now }).type).toBe('task.completed');
    expect(verifyWebhook(Buffer.from(body), new Headers(headers), secret, { now }).data.id).toBe('t1');
  });

  it('accepts the header names in any case and any one of several signatures (a rotation)', () => {
    const other = signWebhook(newWebhookSecret(), 'msg_1', Number(headers['webhook-timestamp']), body);
    const upper = {
      'Webhook-Id': headers['webhook-id'],
      'Webhook-Timestamp': headers['webhook-timestamp'],
      'Webhook-Signature': `${other} ${headers['webhook-signature']}`,
    };
    expect(verifyWebhook(body, upper, secret, { now }).type).toBe('task.completed');
  });

  it.each([
    ['a changed body', body.replace('t1', 't2'), headers],
    ['another id', body, { ...headers, 'webhook-id': 'msg_2' }],
    [
      'another timestamp',
      body,
      { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) },
    ],
    [
      'a signature of another version',
      body,
      { ...headers, 'webhook-signature': headers['webhook-signature']!.replace('v1,', 'v2,') },
    ],
    [
      'no signature header',
      body,
      { 'webhook-id': 'msg_1', 'webhook-timestamp': headers['webhook-timestamp']! },
    ],
  ])('refuses %s', (_name, raw, given) => {
    expect(() => verifyWebhook(raw, given, secret, { now })).toThrow(WebhookVerificationError);
  });

  it('refuses another secret', () => {
    expect(() => verifyWebhook(body, headers, newWebhookSecret(), { now })).toThrow(/No matching signature/);
  });

  it('refuses a timestamp older or newer than the tolerance, and takes one within it', () => {
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(() => verifyWebhook(body, headers, secret, { now: later(301) })).toThrow(/tolerance/);
    expect(() => verifyWebhook(body, headers, secret, { now: later(-301) })).toThrow(/tolerance/);
    expect(verifyWebhook(body, headers, secret, { now: later(299) }).type).toBe('task.completed');
    expect(() => verifyWebhook(body, headers, secret, { now: later(60), toleranceSeconds: 30 })).toThrow(
      /tolerance/,
    );
  });
});
