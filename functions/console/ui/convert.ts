import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { CreatedTask } from '#contract/created-task';
import { formats } from '#conversion/formats';
import { type Api, messageOf } from './api.ts';
import { bytesText } from './format.ts';
import { go } from './route.ts';

const EXTENSIONS: Record<string, string> = {
  csv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  xlsx: 'excel',
  xml: 'xml',
};

/** The format a file's name says, if it says one; otherwise the service infers it. */
const formatOfName = (name: string) => EXTENSIONS[name.split('.').pop()?.toLowerCase() ?? ''];

/** A file from this computer: create a conversion, PUT the file to its presigned link, run it, watch it. */
export function ConvertView({ api }: { api: Api }) {
  const [file, setFile] = useState<File | undefined>();
  const [to, setTo] = useState('json');
  const [step, setStep] = useState('');
  const [error, setError] = useState('');

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setError('');
    try {
      setStep('Creating the task…');
      const from = formatOfName(file.name);
      const { body: task } = await api.call<CreatedTask>('POST', '/tasks/create', {
        body: { type: 'conversion', scheme: { source: { upload: true }, ...(from ? { from } : {}), to } },
      });
      if (!task.upload) throw new Error('The task came without an upload link');
      setStep(`Uploading ${file.name} (${bytesText(file.size)})…`);
      const put = await fetch(task.upload.url, {
        method: 'PUT',
        body: file,
        headers: file.type ? { 'Content-Type': file.type } : {},
      });
      if (!put.ok) throw new Error(`The upload was refused (${put.status})`);
      setStep('Starting the conversion…');
      await api.call('POST', `/tasks/${task.id}/run`);
      go(`/tasks/${task.id}`);
    } catch (failure) {
      setStep('');
      setError(messageOf(failure));
    }
  };

  return html`
    <section aria-labelledby="convert-title">
      <h1 id="convert-title">Convert a file</h1>
      <form class="convert" onSubmit=${submit}>
        <label for="file">File (csv, json, jsonl, xlsx or xml)</label>
        <input
          id="file"
          type="file"
          required
          onChange=${(event: Event) => setFile((event.target as HTMLInputElement).files?.[0])}
        />
        <label for="to">Convert to</label>
        <select id="to" value=${to} onChange=${(event: Event) => setTo((event.target as HTMLSelectElement).value)}>
          ${formats.map((format) => html`<option value=${format}>${format}</option>`)}
        </select>
        <div class="actions">
          <button type="submit" disabled=${!file || step !== ''}>Upload and convert</button>
        </div>
      </form>
      <p role="status" aria-live="polite">${step}</p>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </section>
  `;
}
