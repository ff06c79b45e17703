import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import type { TaskView } from '#contract/task';
import { TASK_STATUSES } from '#contract/values';
import { type Api, messageOf, nextCursor } from './api.ts';
import { elapsedText, isActive, nameOf, timeText } from './format.ts';
import { usePoll } from './poll.ts';
import { StatusBadge } from './status.ts';

const PAGE_SIZE = 20;

interface Page {
  tasks: TaskView[];
  next: string | undefined;
}

// A task's scheme never changes: each name is fetched once per page load.
const names = new Map<string, string>();

/** The account's tasks, newest first, a page at a time through the listing's cursors. */
export function TaskList({ api }: { api: Api }) {
  const [status, setStatus] = useState('');
  // The cursors of the pages before this one (undefined: the first page), for "Previous".
  const [trail, setTrail] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [page, setPage] = useState<Page | undefined>(undefined);
  const [error, setError] = useState('');
  const [, setNamed] = useState(0);

  const load = async (): Promise<Page> => {
    const { body, headers } = await api.call<TaskView[]>('GET', '/tasks', {
      query: { limit: PAGE_SIZE, order: 'desc', status: status || undefined, cursor },
    });
    return { tasks: body, next: nextCursor(headers) };
  };

  useEffect(() => {
    let current = true;
    setPage(undefined);
    load()
      .then((loaded) => {
        if (!current) return;
        setPage(loaded);
        setError('');
      })
      .catch((failure) => current && setError(messageOf(failure)));
    return () => {
      current = false;
    };
  }, [status, cursor]);

  useEffect(() => {
    const missing = (page?.tasks ?? []).filter((task) => !names.has(task.id));
    if (missing.length === 0) return;
    Promise.all(
      missing.map((task) =>
        api
          .call<unknown>('GET', `/tasks/${task.id}/scheme`)
          .then(({ body }) => names.set(task.id, nameOf(body)))
          .catch(() => names.set(task.id, '')),
      ),
    ).then(() => setNamed((n) => n + 1));
  }, [page]);

  // Rows of queued and running tasks change by themselves: the page is asked again, backing off.
  const active = page?.tasks.some(isActive) ?? false;
  usePoll(
    async () => {
      const loaded = await load();
      const changed = JSON.stringify(loaded.tasks) !== JSON.stringify(page?.tasks);
      if (changed) setPage(loaded);
      return loaded.tasks.some(isActive) ? (changed ? 'changed' : 'same') : 'done';
    },
    active,
    `${status}|${cursor}`,
  );

  const filter = (event: Event) => {
    setStatus((event.target as HTMLSelectElement).value);
    setTrail([]);
    setCursor(undefined);
  };
  const forward = () => {
    setTrail([...trail, cursor]);
    setCursor(page?.next);
  };
  const back = () => {
    setCursor(trail[trail.length - 1]);
    setTrail(trail.slice(0, -1));
  };

  return html`
    <section aria-labelledby="tasks-title">
      <div class="heading">
        <h1 id="tasks-title">Tasks</h1>
        <a class="button" href="#/create">New task</a>
      </div>
      <div class="toolbar">
        <label for="status-filter">Status</label>
        <select id="status-filter" value=${status} onChange=${filter}>
          <option value="">all</option>
          ${TASK_STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
        ${active && html`<span class="live" aria-hidden="true">● live</span>`}
      </div>
      ${error && html`<p class="error" role="alert">${error}</p>`}
      ${!page && !error && html`<p aria-live="polite">Loading…</p>`}
      ${
        page &&
        html`
          <div class="table-wrap">
            <table class="tasks">
              <caption class="visually-hidden">Tasks, newest first</caption>
              <thead>
                <tr>
                  ${[
                    'Id',
                    'Type',
                    'Name',
                    'Status',
                    'Requests',
                    'Records',
                    'Failed',
                    'Elapsed',
                    'Created',
                  ].map((label) => html`<th scope="col">${label}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${page.tasks.map(
                  (task) => html`
                    <tr data-task=${task.id}>
                      <td><a class="mono" href=${`#/tasks/${task.id}`}>${task.id}</a></td>
                      <td>${task.type}</td>
                      <td>${names.get(task.id) ?? ''}</td>
                      <td><${StatusBadge} status=${task.status} /></td>
                      <td class="num">${task.requests}</td>
                      <td class="num">${task.records}</td>
                      <td class="num">${task.failedRequests}</td>
                      <td class="num">${elapsedText(task.elapsed)}</td>
                      <td><time datetime=${`${task.createdAt}Z`}>${timeText(task.createdAt)}</time></td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          </div>
          ${page.tasks.length === 0 && html`<p>No tasks${status ? ` with status ${status}` : ''} yet.</p>`}
          <div class="pager">
            <button type="button" onClick=${back} disabled=${trail.length === 0}>Previous page</button>
            <span aria-live="polite">Page ${trail.length + 1}</span>
            <button type="button" onClick=${forward} disabled=${!page.next}>Next page</button>
          </div>
        `
      }
    </section>
  `;
}
