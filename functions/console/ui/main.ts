import { html, render } from 'htm/preact';
import { App } from './app.ts';

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
