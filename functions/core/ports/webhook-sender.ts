export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A receiver's answer (any status), or why there was none. */
export type WebhookResponse =
  | { status: number; retryAfter: string | null }
  | { status: null; error: string; timedOut: boolean };

export type SendWebhook = (request: WebhookRequest) => Promise<WebhookResponse>;
