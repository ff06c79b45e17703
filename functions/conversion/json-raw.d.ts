// JSON.rawJSON and JSON.isRawJSON (ES2026 "JSON.parse source text access"), in Node since 21; not
// yet in TypeScript's es2024 lib.
declare global {
  interface RawJSON {
    readonly rawJSON: string;
  }
  interface JSON {
    rawJSON(text: string): RawJSON;
    isRawJSON(value: unknown): value is RawJSON;
  }
}

export {};
