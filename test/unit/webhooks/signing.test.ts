import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { messageIdOf } from '#core/webhooks/events';
import { newWebhookSecret, signWebhook, webhookHeaders } from '#core/webhooks/signing';

describe('newWebhookSecret', () => {
  it('is whsec_ and the base64 of 32 random bytes, different every time', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

describe('webhookHeaders', () => {
  it('verify with the reference implementation for any body and id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ minLength: 1 }), (body, id) => {
        const secret = newWebhookSecret();
        const headers = webhookHeaders(secret, id, body, new Date());
        expect(() => new Webhook(secret).verify(body, headers, { jsonParse: false })).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('do not verify once the body, id or timestamp changed, or with another secret', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'task.completed', data: { id: 'x' } });
    const headers = webhookHeaders(secret, 'msg_1', body, new Date());
    const webhook = new Webhook(secret);
    expect(() => webhook.verify(`${body} `, headers)).toThrow();
    expect(() => webhook.verify(body, { ...headers, 'webhook-id': 'msg_2' })).toThrow();
    const later = String(Number(headers['webhook-timestamp']) + 1);
    expect(() => webhook.verify(body, { ...headers, 'webhook-timestamp': later })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('sign id.timestamp.body as Standard Webhooks’ own example', () => {
    // The example of the specification's reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });
});

describe('messageIdOf', () => {
  it('is fixed for one event of one task to one endpoint, and a valid execution name', () => {
    const id = messageIdOf('t1', 'task.completed', 'e1');
    expect(id).toBe(messageIdOf('t1', 'task.completed', 'e1'));
    expect(id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(messageIdOf('t1', 'task.completed', 'e2')).not.toBe(id);
    expect(messageIdOf('t1', 'task.error', 'e1')).not.toBe(id);
  });
});
