import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { DeliveryAttemptView, WebhookEndpointView } from '#contract/webhooks';
import { type Api, messageOf, nextCursor } from './api.ts';
import { timeText } from './format.ts';

/** The account's webhook endpoints, and the delivery log of the one chosen. */
export function WebhooksView({ api, id }: { api: Api; id: string | undefined }) {
  const [endpoints, setEndpoints] = useState<WebhookEndpointView[] | undefined>();
  const [error, setError] = useState('');

  useEffect(() => {
    api
      .call<WebhookEndpointView[]>('GET', '/webhooks')
      .then(({ body }) => setEndpoints(body))
      .catch((failure) => setError(messageOf(failure)));
  }, []);

  return html`
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhooks</h1>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${!endpoints && !error && html`<p>Loading…</p>`}
      ${endpoints?.length === 0 && html`<p>No webhook endpoints. Create one with <code>POST /v1/webhooks</code>.</p>`}
      ${
        endpoints &&
        endpoints.length > 0 &&
        html`
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Webhook endpoints</caption>
              <thead>
                <tr>
                  ${['URL', 'Events', 'Status', 'Created', 'Deliveries'].map((label) => html`<th scope="col">${label}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${endpoints.map(
                  (endpoint) => html`
                    <tr aria-current=${endpoint.id === id ? 'true' : undefined}>
                      <td class="mono">${endpoint.url}</td>
                      <td>${endpoint.events.join(', ')}</td>
                      <td>${endpoint.status}${endpoint.disabledReason ? ` (${endpoint.disabledReason})` : ''}</td>
                      <td>${timeText(endpoint.createdAt)}</td>
                      <td><a href=${`#/webhooks/${endpoint.id}`}>Delivery log<span class="visually-hidden"> of ${endpoint.url}</span></a></td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          </div>
        `
      }
      ${id && html`<${Deliveries} api=${api} id=${id} key=${id} />`}
    </section>
  `;
}

function Deliveries({ api, id }: { api: Api; id: string }) {
  const [attempts, setAttempts] = useState<DeliveryAttemptView[]>([]);
  const [next, setNext] = useState<string | undefined>();
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');

  const load = (cursor?: string) =>
    api
      .call<DeliveryAttemptView[]>('GET', `/webhooks/${id}/deliveries`, { query: { cursor } })
      .then(({ body, headers }) => {
        setAttempts((previous) => (cursor ? [...previous, ...body] : body));
        setNext(nextCursor(headers));
        setLoaded(true);
      })
      .catch((failure) => setError(messageOf(failure)));

  useEffect(() => {
    load();
  }, [id]);

  return html`
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Delivery log</h2>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${loaded && attempts.length === 0 && html`<p>Nothing delivered yet.</p>`}
      ${
        attempts.length > 0 &&
        html`
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Delivery attempts, newest first</caption>
              <thead>
                <tr>
                  ${['Time', 'Event', 'Task', 'Attempt', 'Status', 'Delivery', 'Next retry'].map(
                    (label) => html`<th scope="col">${label}</th>`,
                  )}
                </tr>
              </thead>
              <tbody>
                ${attempts.map(
                  (attempt) => html`
                    <tr>
                      <td>${timeText(attempt.time)}</td>
                      <td>${attempt.event}</td>
                      <td><a class="mono" href=${`#/tasks/${attempt.taskId}`}>${attempt.taskId}</a></td>
                      <td class="num">${attempt.attempt}</td>
                      <td>${attempt.status ?? attempt.error ?? '—'}</td>
                      <td>${attempt.delivery}${attempt.reason ? ` (${attempt.reason})` : ''}</td>
                      <td>${timeText(attempt.nextRetry)}</td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          </div>
        `
      }
      ${next && html`<button type="button" onClick=${() => load(next)}>Older attempts</button>`}
    </section>
  `;
}
