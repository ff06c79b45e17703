import { Document, type Element } from 'domhandler';

// A browser's template holds its markup in a separate fragment, out of selectors' and textContent's reach.
const contents = new WeakMap<Element, Document>();

/** Moves each template's children into its content fragment, as the HTML parser puts them. */
export function detachTemplateContents(templates: Element[]): void {
  for (const template of templates) {
    const fragment = new Document(template.children);
    for (const child of fragment.children) child.parent = fragment;
    template.children = [];
    contents.set(template, fragment);
  }
}

/** The template's content fragment (its innerHTML), when parseHtml made one. */
export function templateContent(template: Element): Document | undefined {
  return contents.get(template);
}
