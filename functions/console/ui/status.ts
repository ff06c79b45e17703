import { html } from 'htm/preact';
import type { TaskStatus } from '#contract/values';

export function StatusBadge({ status }: { status: TaskStatus }) {
  return html`<span class=${`status status-${status}`}>${status}</span>`;
}
