import { MalformedInputError } from './errors.ts';

const QUOTED = `"[^"]*"|'[^']*'`;
const ENTITY = new RegExp(
  `<!ENTITY\\s+(%\\s+)?([^\\s%;"'<>]+)\\s+(?:(${QUOTED})|(SYSTEM|PUBLIC)((?:\\s+(?:${QUOTED}))+))[^>]*>`,
  'g',
);
const REFERENCE = /&(#x[0-9A-Fa-f]+|#[0-9]+|[^\s&;]+);/g;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Expanded text past which expansion must stay within AMPLIFICATION × the document (as expat limits it). */
const FREE_CHARS = 8 * 1024 * 1024;
const AMPLIFICATION = 100;
/** Entities within entities (a chain longer than any document needs ends before the stack does). */
const MAX_NESTING = 64;

interface Declared {
  value?: string;
  /** The SYSTEM or PUBLIC identifier of an external entity. */
  external?: string;
}

/** The general entities an internal DTD subset declares, the first declaration of a name binding. */
function declarations(doctype: string): Map<string, Declared> {
  const declared = new Map<string, Declared>();
  const open = doctype.indexOf('[');
  if (open === -1) return declared;
  const subset = doctype.slice(open + 1).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
  for (const [, parameter, name, value, kind, ids] of subset.matchAll(ENTITY)) {
    // The predefined five keep their meaning (XML 1.0 §4.6 has a DTD declare them only to say so).
    if (parameter !== undefined || name === undefined || declared.has(name) || name in PREDEFINED) continue;
    declared.set(
      name,
      value === undefined
        ? { external: `${kind}${ids?.replace(/\s+/g, ' ')}` }
        : { value: value.slice(1, -1) },
    );
  }
  return declared;
}

/**
 * Gives a saxes parser the general entities of the document's internal DTD subset
 * (`<!ENTITY co "Acme">`): saxes reads no DTD, and these declarations are all that is read of it.
 * A replacement text is expanded at its first use (character references, the predefined
 * entities and the other declared ones) and taken as text. An external entity (SYSTEM, PUBLIC)
 * is never fetched: a reference to it fails, as one to an undeclared entity does. Expanded text
 * beyond 8 MiB and 100 times the document read so far (an entity bomb) fails.
 */
export function declareEntities(
  entities: Record<string, string>,
  doctype: string,
  documentChars: () => number,
): void {
  const declared = declarations(doctype);
  const expanded = new Map<string, string>();
  let spent = 0;
  const spend = (chars: number) => {
    spent += chars;
    if (spent > FREE_CHARS && spent > AMPLIFICATION * documentChars()) {
      throw new MalformedInputError(
        `The document's entities expand to more than ${AMPLIFICATION} times its size (an entity bomb)`,
      );
    }
  };
  const expand = (name: string, within: readonly string[]): string => {
    const done = expanded.get(name);
    if (done !== undefined) return done;
    const entity = declared.get(name);
    if (entity?.external !== undefined) {
      throw new MalformedInputError(
        `The entity &${name}; is external (${entity.external}): external entities are never fetched`,
      );
    }
    if (entity?.value === undefined) throw new MalformedInputError(`The entity &${name}; is not declared`);
    if (within.includes(name)) throw new MalformedInputError(`The entity &${name}; refers to itself`);
    if (within.length >= MAX_NESTING) {
      throw new MalformedInputError(`The entity &${name}; nests more than ${MAX_NESTING} entities deep`);
    }
    const text = entity.value.replace(REFERENCE, (_, reference: string) => {
      if (reference.startsWith('#')) return characterOf(reference, name);
      const replacement = PREDEFINED[reference] ?? expand(reference, [...within, name]);
      spend(replacement.length);
      return replacement;
    });
    expanded.set(name, text);
    return text;
  };
  for (const name of declared.keys()) {
    Object.defineProperty(entities, name, {
      get: () => {
        const text = expand(name, []);
        spend(text.length);
        return text;
      },
      configurable: true,
      enumerable: true,
    });
  }
}

function characterOf(reference: string, entity: string): string {
  const code = reference[1] === 'x' ? Number.parseInt(reference.slice(2), 16) : Number(reference.slice(1));
  if (code > 0x10ffff) throw new MalformedInputError(`The entity &${entity}; has a bad character reference`);
  return String.fromCodePoint(code);
}
