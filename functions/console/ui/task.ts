import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoreLink } from '#contract/store-link';
import type { TaskView } from '#contract/task';
import { formats } from '#conversion/formats';
import { type Api, ApiFailure, messageOf } from './api.ts';
import { cellText, columnsOf, firstRecords, schemeColumns } from './cells.ts';
import { bytesText, elapsedText, isActive, isFinished, timeText } from './format.ts';
import { usePoll } from './poll.ts';
import { go } from './route.ts';
import { type Sample, Sparkline } from './sparkline.ts';
import { StatusBadge } from './status.ts';

const PREVIEW_RECORDS = 100;

/** Whether `store` has something to hand out, as the contract has it. */
const hasResults = (task: TaskView) =>
  task.status === 'completed' ||
  (task.type === 'extraction' &&
    (task.status === 'cancelled' || task.status === 'error') &&
    task.records > 0);

/** One task: its progress live, its scheme, its results, and what can be done with it. */
export function TaskPage({ api, id }: { api: Api; id: string }) {
  const [task, setTask] = useState<TaskView | undefined>(undefined);
  const [scheme, setScheme] = useState<unknown>(undefined);
  const [error, setError] = useState('');
  const [samples, setSamples] = useState<Sample[]>([]);
  const started = useRef(Date.now());

  const sample = (next: TaskView) =>
    setSamples((previous) =>
      [...previous, { at: Date.now() - started.current, value: next.requests }].slice(-300),
    );

  useEffect(() => {
    api
      .call<TaskView>('GET', `/tasks/${id}`)
      .then(({ body }) => {
        setTask(body);
        sample(body);
      })
      .catch((failure) => setError(messageOf(failure)));
    api
      .call<unknown>('GET', `/tasks/${id}/scheme`)
      .then(({ body }) => setScheme(body))
      .catch(() => setScheme(null));
  }, [id]);

  const watching = task !== undefined && !isFinished(task) && task.status !== 'initialized';
  usePoll(
    async () => {
      const { body } = await api.call<TaskView>('GET', `/tasks/${id}`);
      const changed = JSON.stringify(body) !== JSON.stringify(task);
      setTask(body);
      sample(body);
      if (isFinished(body)) return 'done';
      return changed ? 'changed' : 'same';
    },
    watching,
    id,
  );

  // Once the results can be read, the counts are final (a cancelled task's, set by its export).
  const refresh = () =>
    api
      .call<TaskView>('GET', `/tasks/${id}`)
      .then(({ body }) => setTask(body))
      .catch(() => {});

  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!task) return html`<p aria-live="polite">Loading…</p>`;

  return html`
    <section aria-labelledby="task-title" class="task">
      <p><a href="#/tasks">← Tasks</a></p>
      <div class="heading">
        <h1 id="task-title">
          <span class="visually-hidden">Task </span><span class="mono">${task.id}</span>
        </h1>
        <${StatusBadge} status=${task.status} />
      </div>
      <${Actions} api=${api} task=${task} onTask=${setTask} />
      <p class="progress" role="status" aria-live="polite" data-progress>
        ${progressLine(task)}
      </p>
      ${task.type === 'extraction' && samples.length > 1 && html`<${Sparkline} samples=${samples} label="Pages fetched" />`}
      ${task.error && html`<p class="error" data-error>Error: ${task.error}</p>`}
      ${
        task.warnings.length > 0 &&
        html`
          <div class="warnings">
            <h2>Warnings</h2>
            <ul>${task.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>
          </div>
        `
      }
      <dl class="facts">
        <dt>Type</dt><dd>${task.type}</dd>
        <dt>Created</dt><dd>${timeText(task.createdAt)}</dd>
        <dt>Started</dt><dd>${timeText(task.startTime)}</dd>
        <dt>Ended</dt><dd>${timeText(task.endTime)}</dd>
        <dt>Payload id</dt><dd class="mono">${task.payloadID}</dd>
        ${task.type === 'conversion' && html`<dt>File size</dt><dd>${fileSizeText(task)}</dd>`}
      </dl>
      ${hasResults(task) && html`<${Results} api=${api} task=${task} scheme=${scheme} onRead=${refresh} key=${task.status} />`}
      <details class="scheme" open=${!isFinished(task)}>
        <summary>Scheme</summary>
        <pre tabindex="0" aria-label="Scheme (JSON)">${scheme === undefined ? 'Loading…' : JSON.stringify(scheme, null, 2)}</pre>
      </details>
    </section>
  `;
}

// The contract rounds fileSize to hundredths of a MB: a small file is 0, not nothing.
const fileSizeText = (task: TaskView) =>
  task.fileSize === 0 && task.status === 'completed' ? 'under 0.01 MB' : `${task.fileSize} MB`;

function progressLine(task: TaskView): string {
  const parts: string[] = [task.status];
  if (task.type === 'extraction') {
    parts.push(
      `${task.requests} ${task.requests === 1 ? 'page' : 'pages'} fetched`,
      `${task.failedRequests} failed`,
    );
    if (task.skippedRequests > 0) parts.push(`${task.skippedRequests} skipped`);
  }
  parts.push(`${task.records} records`, `elapsed ${elapsedText(task.elapsed)}`);
  return parts.join(' · ');
}

function Actions({ api, task, onTask }: { api: Api; task: TaskView; onTask: (task: TaskView) => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  const act = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const run = () => act(async () => onTask((await api.call<TaskView>('POST', `/tasks/${task.id}/run`)).body));
  const cancel = () =>
    act(async () => onTask((await api.call<TaskView>('POST', `/tasks/${task.id}/cancel`)).body));
  const remove = () =>
    act(async () => {
      dialog.current?.close();
      await api.call('DELETE', `/tasks/${task.id}`);
      go('/tasks');
    });

  const canCancel = task.status === 'initialized' || isActive(task);
  return html`
    <div class="actions">
      <button type="button" onClick=${run} disabled=${busy || task.status !== 'initialized'}>Run</button>
      <button type="button" onClick=${cancel} disabled=${busy || !canCancel}>Cancel</button>
      <button type="button" class="danger" onClick=${() => dialog.current?.showModal()} disabled=${busy}>Delete…</button>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      <dialog ref=${dialog} aria-labelledby="delete-title">
        <h2 id="delete-title">Delete this task?</h2>
        <p>The task and all its data go for good${isActive(task) ? '; it is cancelled first' : ''}.</p>
        <div class="actions">
          <button type="button" onClick=${() => dialog.current?.close()} autofocus>Keep it</button>
          <button type="button" class="danger" onClick=${remove}>Delete the task</button>
        </div>
      </dialog>
    </div>
  `;
}

function Results({
  api,
  task,
  scheme,
  onRead,
}: {
  api: Api;
  task: TaskView;
  scheme: unknown;
  onRead: () => void;
}) {
  const [preview, setPreview] = useState<{ records: Record<string, unknown>[]; more: boolean } | undefined>();
  const [error, setError] = useState('');
  const [links, setLinks] = useState<Partial<Record<string, StoreLink>>>({});
  const [linkError, setLinkError] = useState('');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tries = 0;
    const read = () =>
      api
        .call<StoreLink>('GET', `/tasks/${task.id}/store`, { query: { format: 'jsonl' } })
        .then(({ body }) => firstRecords(body.url, PREVIEW_RECORDS))
        .then((read) => {
          setPreview(read);
          onRead();
        })
        .catch((failure) => {
          // A cancelled task is still writing what it has: results_not_ready, then the results.
          if (failure instanceof ApiFailure && failure.code === 'results_not_ready' && ++tries < 15)
            timer = setTimeout(read, 2_000);
          else setError(messageOf(failure));
        });
    read();
    return () => clearTimeout(timer);
  }, [task.id]);

  const link = async (format: string) => {
    setLinkError('');
    try {
      const { body } = await api.call<StoreLink>('GET', `/tasks/${task.id}/store`, { query: { format } });
      setLinks((previous) => ({ ...previous, [format]: body }));
    } catch (failure) {
      setLinkError(messageOf(failure));
    }
  };

  const records = preview?.records ?? [];
  const columns = columnsOf(records, task.type === 'extraction' ? schemeColumns(scheme) : []);
  return html`
    <section aria-labelledby="downloads-title">
      <h2 id="downloads-title">Download</h2>
      <ul class="downloads">
        ${formats.map((format) => {
          const ready = links[format];
          return html`
            <li>
              ${
                ready
                  ? html`<a href=${ready.url} download>${format} (${bytesText(ready.size)})</a>`
                  : html`<button type="button" class="quiet" onClick=${() => link(format)}>Get ${format} link</button>`
              }
            </li>
          `;
        })}
      </ul>
      ${linkError && html`<p class="error" role="alert">${linkError}</p>`}
    </section>
    <section aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      ${error && html`<p class="error" role="alert">The preview could not be read: ${error}</p>`}
      ${!preview && !error && html`<p>Reading the first records…</p>`}
      ${
        preview &&
        html`
          <p>
            ${records.length === 0 ? 'No records.' : `The first ${records.length} records${preview.more ? ' (there are more)' : ''}.`}
          </p>
          ${
            records.length > 0 &&
            html`
              <div class="table-wrap">
                <table class="preview">
                  <caption class="visually-hidden">The first records of the results</caption>
                  <thead>
                    <tr>${columns.map((column) => html`<th scope="col">${column}</th>`)}</tr>
                  </thead>
                  <tbody>
                    ${records.map(
                      (record) =>
                        html`<tr>${columns.map((column) => html`<td>${cellText(record[column])}</td>`)}</tr>`,
                    )}
                  </tbody>
                </table>
              </div>
            `
          }
        `
      }
    </section>
  `;
}
