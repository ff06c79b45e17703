// HTTP (no key) → the console's page or one of its files, from the copy beside the bundle → 200 | 304 | 404

import { fileURLToPath } from 'node:url';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResponse } from '#runtime/api-handler';
import { logger } from '#runtime/observability/logger';
import { readAssets } from './assets.ts';
import { consoleHeaders, storeOriginOf } from './headers.ts';

// `console/` is where infra/console.ts has the bundle copied in the function's asset.
const assets = readAssets(fileURLToPath(new URL('./console/', import.meta.url)));
const headers = consoleHeaders(storeOriginOf(process.env));

async function serve(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const name = event.pathParameters?.asset ?? 'index.html';
  const asset = assets.get(name);
  if (!asset) {
    return jsonResponse(
      404,
      { error: { code: 'not_found', message: `The console has no file ${name}` } },
      { ...headers, 'cache-control': 'no-store' },
    );
  }
  const cached = {
    ...headers,
    etag: asset.etag,
    'cache-control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
  };
  if (event.headers?.['if-none-match'] === asset.etag) return { statusCode: 304, headers: cached };
  const gzip = /\bgzip\b/.test(event.headers?.['accept-encoding'] ?? '');
  return {
    statusCode: 200,
    headers: {
      ...cached,
      'content-type': asset.contentType,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: (gzip ? asset.gzipped : asset.body).toString('base64'),
    isBase64Encoded: true,
  };
}

export const handler = middy(serve).use(injectLambdaContext(logger, { clearState: true }));
