type Attributes = Record<string, unknown>;

/** Where use cases write what an operator reads (the functions' Powertools Logger). */
export interface Log {
  info(message: string, ...attributes: Attributes[]): void;
  warn(message: string, ...attributes: Attributes[]): void;
  error(message: string, ...attributes: Attributes[]): void;
}
