/**
 * The storage emulators: dynalite (DynamoDB wire protocol, LevelDB on disk or in memory) and
 * s3rver (S3 protocol, files on disk), each on 127.0.0.1, with the stack's tables and buckets.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { LOCAL_REGION } from './template.ts';

export const LOCAL_HOST = '127.0.0.1';
/** s3rver knows this one key pair; it checks that the key exists, not the signature. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A DynamoDB client of the runtime itself: the emulators' key pair, which the IAM gateway lets through without a role. */
export const adminDynamoDb = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

export interface Emulator {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 and resolves with the port (the one picked when `port` is 0). */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOCAL_HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Closes a server (again: a no-op), dropping idle keep-alive connections at once and any
 * connection left after a moment, so clients' connection pools do not hold the close up.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => server.closeAllConnections(), 500);
    server.close((error) => {
      clearTimeout(timer);
      if (error && (error as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING') reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** dynalite on a port (0: any free one); `path` keeps its LevelDB there, else in memory. */
export async function startDynamoDb(options: { port: number; path?: string }): Promise<Emulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    // dynalite's close also closes its LevelDB, which must happen for the data to be complete.
    close: () => closeServer(server),
  };
}

// Browsers use presigned links (upload PUT, store GET) from other origins.
const CORS_CONFIGURATION = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** s3rver on a port with its objects under `directory`, the buckets created (or kept) there. */
export async function startS3(options: {
  port: number;
  directory: string;
  buckets: string[];
}): Promise<Emulator> {
  const server = new S3rver({
    address: LOCAL_HOST,
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [CORS_CONFIGURATION] })),
  });
  const address = await server.run();
  const port = address.port;
  return {
    endpoint: `http://${LOCAL_HOST}:${port}`,
    port,
    close: async () => {
      server.httpServer?.closeIdleConnections();
      await server.close();
    },
  };
}

/** Creates each table unless it exists (a persistent store keeps them between runs). */
export async function ensureTables(endpoint: string, tables: CreateTableCommandInput[]): Promise<void> {
  const client = adminDynamoDb(endpoint);
  try {
    for (const table of tables) {
      try {
        await client.send(new CreateTableCommand(table));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      await client.send(new DescribeTableCommand({ TableName: table.TableName }));
    }
  } finally {
    client.destroy();
  }
}
