import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  body: string | Uint8Array;
  contentType?: string;
  status?: number;
}

export interface FileServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Serves `file` at `path` from now on. */
  serve(path: string, file: ServedFile): void;
  close(): Promise<void>;
}

/** Files on 127.0.0.1, as a conversion's `source.url` fetches them. */
export async function startFileServer(): Promise<FileServer> {
  const files = new Map<string, ServedFile>();
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (!file) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(file.status ?? 200, {
      'content-type': file.contentType ?? 'application/octet-stream',
    });
    response.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    serve: (path, file) => files.set(path, file),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
