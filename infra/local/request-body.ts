import type { IncomingMessage } from 'node:http';

export class BodyTooLargeError extends Error {}
/** The client closed the connection before its body was read: nobody to answer. */
export class ClientGoneError extends Error {}

/** A request's body up to `limit` bytes; past it, the request is paused (the caller answers) and the read fails. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new ClientGoneError());
    });
  });
}
