import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { CreatedTask } from '#contract/created-task';
import { AnnotatedJson } from './annotated-json.ts';
import { type Api, ApiFailure, type FieldIssue, messageOf } from './api.ts';
import { EXAMPLES } from './examples.ts';
import { go } from './route.ts';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** A task from a JSON body, starting from one of the contract's examples. */
export function CreateView({ api }: { api: Api }) {
  const [example, setExample] = useState(EXAMPLES[0]?.id ?? '');
  const [text, setText] = useState(pretty(EXAMPLES[0]?.body));
  const [error, setError] = useState('');
  const [rejected, setRejected] = useState<{ body: unknown; issues: FieldIssue[] } | undefined>();
  const [busy, setBusy] = useState(false);

  const pick = (event: Event) => {
    const id = (event.target as HTMLSelectElement).value;
    setExample(id);
    setText(pretty(EXAMPLES.find((e) => e.id === id)?.body));
    setError('');
    setRejected(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    setRejected(undefined);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (failure) {
      setError(`The body is not JSON: ${messageOf(failure)}`);
      return;
    }
    setBusy(true);
    try {
      const { body: task } = await api.call<CreatedTask>('POST', '/tasks/create', { body });
      go(`/tasks/${task.id}`);
    } catch (failure) {
      setError(messageOf(failure));
      if (failure instanceof ApiFailure && failure.details.length > 0)
        setRejected({ body, issues: failure.details });
    } finally {
      setBusy(false);
    }
  };

  return html`
    <section aria-labelledby="create-title">
      <h1 id="create-title">Create a task</h1>
      <form class="create" onSubmit=${submit}>
        <label for="example">Start from</label>
        <select id="example" value=${example} onChange=${pick}>
          ${EXAMPLES.map((e) => html`<option value=${e.id}>${e.label}</option>`)}
        </select>
        <label for="body">Body of <code>POST /v1/tasks/create</code> (JSON)</label>
        <textarea
          id="body"
          class="editor"
          spellcheck="false"
          rows="24"
          value=${text}
          onInput=${(event: Event) => setText((event.target as HTMLTextAreaElement).value)}
          aria-invalid=${error ? 'true' : undefined}
          aria-describedby=${error ? 'create-error' : undefined}
        ></textarea>
        <div class="actions">
          <button type="submit" disabled=${busy}>${busy ? 'Creating…' : 'Create'}</button>
          <a href="#/convert">Convert a file from this computer instead</a>
        </div>
      </form>
      ${error && html`<p id="create-error" class="error" role="alert">${error}</p>`}
      ${
        rejected &&
        html`
          <h2>What the API found</h2>
          <ul class="issues">
            ${rejected.issues.map((issue) => html`<li><code>${issue.path}</code>: ${issue.reason}</li>`)}
          </ul>
          <${AnnotatedJson} body=${rejected.body} issues=${rejected.issues} />
        `
      }
    </section>
  `;
}
