import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import { type Api, ApiFailure, createApi, messageOf } from './api.ts';
import { ConvertView } from './convert.ts';
import { CreateView } from './create.ts';
import { forgetKey, storedKey, storeKey } from './key.ts';
import { useRoute } from './route.ts';
import { TaskPage } from './task.ts';
import { TaskList } from './tasks.ts';
import { WebhooksView } from './webhooks.ts';

const SECTIONS = [
  ['tasks', 'Tasks'],
  ['create', 'Create'],
  ['convert', 'Convert a file'],
  ['webhooks', 'Webhooks'],
] as const;

export function App() {
  const [key, setKey] = useState(storedKey());
  // Why the key was dropped, shown on the key form: the API's own message.
  const [refusal, setRefusal] = useState('');
  const route = useRoute();
  const section = route[0] ?? 'tasks';

  const signOut = () => {
    forgetKey();
    setKey(null);
  };
  const api = useMemo(
    () =>
      key
        ? createApi(key, (message) => {
            signOut();
            setRefusal(message);
          })
        : undefined,
    [key],
  );
  const signIn = (entered: string) => {
    setRefusal('');
    setKey(entered);
  };

  return html`
    <a class="skip" href="#main" onClick=${skipToMain}>Skip to content</a>
    <header class="top">
      <span class="brand">Dataflow Tasks</span>
      ${
        api &&
        html`
          <nav aria-label="Sections">
            <ul>
              ${SECTIONS.map(
                ([id, label]) => html`
                  <li>
                    <a href=${`#/${id}`} aria-current=${section === id ? 'page' : undefined}>${label}</a>
                  </li>
                `,
              )}
            </ul>
          </nav>
          <button type="button" class="quiet" onClick=${signOut}>Forget key</button>
        `
      }
    </header>
    <main id="main" tabindex="-1">
      ${api ? html`<${Section} api=${api} route=${route} />` : html`<${KeyForm} onKey=${signIn} refusal=${refusal} />`}
    </main>
  `;
}

function skipToMain(event: Event) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function Section({ api, route }: { api: Api; route: string[] }) {
  const [section, id] = route;
  if (section === 'tasks' && id) return html`<${TaskPage} api=${api} id=${id} key=${id} />`;
  if (section === 'create') return html`<${CreateView} api=${api} />`;
  if (section === 'convert') return html`<${ConvertView} api=${api} />`;
  if (section === 'webhooks') return html`<${WebhooksView} api=${api} id=${id} />`;
  return html`<${TaskList} api=${api} />`;
}

/** The key, checked against the API before it is kept: a wrong one shows the API's own message. */
function KeyForm({ onKey, refusal }: { onKey: (key: string) => void; refusal: string }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState(refusal);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const key = value.trim();
    setBusy(true);
    setError('');
    try {
      await createApi(key).call('GET', '/tasks', { query: { limit: 1 } });
      storeKey(key);
      onKey(key);
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return html`
    <form class="card key-form" onSubmit=${submit} aria-describedby="key-help">
      <h1>Sign in with your API key</h1>
      <p id="key-help">
        ${'The key is kept in this tab only (session storage) and sent to the API in the '}<code>X-Api-Key</code> header.
      </p>
      <label for="api-key">API key</label>
      <input
        id="api-key"
        name="api-key"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        value=${value}
        onInput=${(event: Event) => setValue((event.target as HTMLInputElement).value)}
        aria-invalid=${error ? 'true' : undefined}
        aria-errormessage=${error ? 'key-error' : undefined}
      />
      ${error && html`<p id="key-error" class="error" role="alert">${error}</p>`}
      <button type="submit" disabled=${busy}>${busy ? 'Checking…' : 'Open the console'}</button>
    </form>
  `;
}
