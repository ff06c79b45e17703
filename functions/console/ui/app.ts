import { html } from 'htm/preact';

const KEY_HEADER = 'X-Api-Key';

export function App() {
  return html`<main><h1>Dataflow Tasks</h1><p>${KEY_HEADER}</p></main>`;
}
