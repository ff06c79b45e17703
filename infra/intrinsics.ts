/**
 * CloudFormation's intrinsic functions over a value of a template (Ref, Fn::GetAtt, Fn::Join,
 * Fn::Sub, Fn::Select, Fn::Split). What a reference evaluates to is the caller's to say.
 */

/**
 * Resolves a CloudFormation reference: `Ref` gives no attribute, `Fn::GetAtt` gives it (`Arn`).
 * Pseudo parameters arrive as `Ref`s (`AWS::Region`).
 */
export type ReferenceResolver = (logicalId: string, attribute: string | undefined) => string;

/** `[logicalId, attribute]` of `Fn::GetAtt`, written as a list or as `Id.Attribute`. */
export function getAttArguments(value: unknown): [string, string] {
  if (typeof value === 'string') {
    const dot = value.indexOf('.');
    return [value.slice(0, dot), value.slice(dot + 1)];
  }
  if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string')
    return [value[0], value[1]];
  throw new Error(`Unsupported Fn::GetAtt arguments: ${JSON.stringify(value)}`);
}

export function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`Expected a string, got ${JSON.stringify(value)}`);
}

const isIntrinsic = (value: Record<string, unknown>) => {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::') === true);
};

/** `${Name}` and `${Name.Attribute}` of Fn::Sub, with its optional map of extra variables. */
function substitute(text: string, variables: Record<string, unknown>, resolve: ReferenceResolver): string {
  return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
    if (name in variables) return asString(evaluate(variables[name], resolve));
    if (name.includes('.')) return resolve(...getAttArguments(name));
    return resolve(name, undefined);
  });
}

/** The value with every intrinsic function in it evaluated, at any depth. */
export function evaluate(value: unknown, resolve: ReferenceResolver): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, resolve));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (!isIntrinsic(object)) {
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, evaluate(v, resolve)]));
  }
  const [name, argument] = Object.entries(object)[0] as [string, unknown];
  switch (name) {
    case 'Ref':
      return resolve(asString(argument), undefined);
    case 'Fn::GetAtt':
      return resolve(...getAttArguments(argument));
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown];
      const resolved = evaluate(parts, resolve);
      if (!Array.isArray(resolved)) throw new Error('Fn::Join expects a list');
      return resolved.map(asString).join(separator);
    }
    case 'Fn::Sub': {
      if (typeof argument === 'string') return substitute(argument, {}, resolve);
      const [text, variables] = argument as [string, Record<string, unknown>];
      return substitute(text, variables ?? {}, resolve);
    }
    case 'Fn::Select': {
      const [index, list] = argument as [unknown, unknown];
      const resolved = evaluate(list, resolve);
      if (!Array.isArray(resolved)) throw new Error('Fn::Select expects a list');
      return resolved[Number(evaluate(index, resolve))];
    }
    case 'Fn::Split': {
      const [separator, text] = argument as [string, unknown];
      return asString(evaluate(text, resolve)).split(separator);
    }
    default:
      throw new Error(`Unsupported intrinsic function ${name} in the template`);
  }
}

/** The logical ids a value references through Ref or Fn::GetAtt, depth first. */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if ('Ref' in object && typeof object.Ref === 'string') return [object.Ref];
  if ('Fn::GetAtt' in object) return [getAttArguments(object['Fn::GetAtt'])[0]];
  return Object.values(object).flatMap(referencedIds);
}
