/**
 * S3 REST → IAM: the bucket and key a request addresses (path style, or `<bucket>.localhost`), and
 * the actions S3 authorizes for its method and subresource. A request this does not know is
 * refused as NotImplemented, never let through unchecked.
 */
import { SaxesParser } from 'saxes';
import { type Mapping, mapped, refused } from './actions.ts';
import { invalidParameter, malformedBody, notMapped } from './errors.ts';
import { type GatewayRequest, MalformedRequestError, queryValue } from './request.ts';

export interface S3Target {
  bucket?: string;
  /** Decoded; undefined for a bucket (or service) request. */
  key?: string;
  /** The path-style path the emulator is sent (a virtual-host request rewritten). */
  upstreamPath: string;
}

const decodeKey = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MalformedRequestError(`Malformed percent-encoding in the key ${JSON.stringify(text)}`);
  }
};

/** `/<bucket>/<key>`, or `<bucket>.localhost` in the Host header and `/<key>` as the path. */
export function s3TargetOf(request: GatewayRequest): S3Target {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  const virtualHost = /^(.+)\.localhost$/.exec(host);
  if (virtualHost) {
    const bucket = virtualHost[1]!;
    const key = request.path.length > 1 ? decodeKey(request.path.slice(1)) : undefined;
    return { bucket, key, upstreamPath: `/${encodeURIComponent(bucket)}${request.path}` };
  }
  const rest = request.path.slice(1);
  if (rest === '') return { upstreamPath: request.path };
  const slash = rest.indexOf('/');
  const bucket = decodeKey(slash < 0 ? rest : rest.slice(0, slash));
  const keyText = slash < 0 ? '' : rest.slice(slash + 1);
  return { bucket, key: keyText === '' ? undefined : decodeKey(keyText), upstreamPath: request.path };
}

/** Query parameters that select another operation than the method's plain one. */
const SUBRESOURCES = new Set([
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'delete',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'location',
  'logging',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versioning',
  'versions',
  'website',
]);

const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** The bucket and key of `x-amz-copy-source` (`/bucket/key?versionId=…`, URL-encoded). */
function copySourceOf(header: string): { bucket: string; key: string; versioned: boolean } | undefined {
  const question = header.indexOf('?');
  const source = decodeKey(question < 0 ? header : header.slice(0, question)).replace(/^\//, '');
  const slash = source.indexOf('/');
  if (slash <= 0 || slash === source.length - 1) return undefined;
  return {
    bucket: source.slice(0, slash),
    key: source.slice(slash + 1),
    versioned: question >= 0 && header.slice(question + 1).startsWith('versionId='),
  };
}

/** Whether S3 needs the body to authorize: DeleteObjects (`POST /<bucket>?delete`) names its keys there. */
export const needsDeleteKeys = (request: GatewayRequest, target: S3Target) =>
  request.method === 'POST' &&
  target.bucket !== undefined &&
  target.key === undefined &&
  'delete' in request.query;

/** The `<Key>`s of a DeleteObjects body (`<Delete><Object><Key>…</Key></Object>…</Delete>`). */
export function parseDeleteKeys(body: Uint8Array): string[] {
  const parser = new SaxesParser({ xmlns: false });
  const open: string[] = [];
  const keys: string[] = [];
  let key: string | undefined;
  parser.on('opentag', (tag) => {
    open.push(tag.name);
    if (tag.name === 'Key' && open.at(-2) === 'Object' && open.at(-3) === 'Delete') key = '';
  });
  parser.on('text', (text) => {
    if (key !== undefined) key += text;
  });
  parser.on('closetag', (tag) => {
    open.pop();
    if (tag.name === 'Key' && key !== undefined) {
      keys.push(key);
      key = undefined;
    }
  });
  parser.write(Buffer.from(body).toString('utf8')).close();
  return keys;
}

function bucketChecks(
  request: GatewayRequest,
  bucket: string,
  operation: string,
  deleteKeys?: string[],
): Mapping {
  const arn = bucketArn(bucket);
  switch (operation) {
    case 'GET':
    case 'HEAD': {
      const context: Record<string, string> = {};
      for (const [parameter, key] of [
        ['prefix', 's3:prefix'],
        ['delimiter', 's3:delimiter'],
        ['max-keys', 's3:max-keys'],
      ] as const) {
        const value = queryValue(request.query, parameter);
        if (value !== undefined) context[key] = value;
      }
      return mapped([{ action: 's3:ListBucket', resource: arn, context }]);
    }
    case 'GET ?location':
      return mapped([{ action: 's3:GetBucketLocation', resource: arn }]);
    case 'GET ?uploads':
      return mapped([{ action: 's3:ListBucketMultipartUploads', resource: arn }]);
    case 'GET ?versions':
      return mapped([{ action: 's3:ListBucketVersions', resource: arn }]);
    case 'PUT':
      return mapped([{ action: 's3:CreateBucket', resource: arn }]);
    case 'DELETE':
      return mapped([{ action: 's3:DeleteBucket', resource: arn }]);
    case 'POST ?delete': {
      if (deleteKeys === undefined)
        throw new Error('DeleteObjects is authorized from its body: parse it first');
      if (deleteKeys.length === 0)
        return refused(
          malformedBody(
            's3',
            'The XML you provided was not well-formed or did not validate against our published schema',
          ),
        );
      return mapped(
        deleteKeys.map((key) => ({ action: 's3:DeleteObject', resource: objectArn(bucket, key) })),
      );
    }
    default:
      return refused(notMapped('s3', `S3 ${operation} on a bucket`));
  }
}

function objectChecks(request: GatewayRequest, bucket: string, key: string, operation: string): Mapping {
  const resource = objectArn(bucket, key);
  const versioned = 'versionId' in request.query;
  const one = (action: string): Mapping => mapped([{ action, resource }]);
  const withCopySource = (): Mapping => {
    const header = request.headers['x-amz-copy-source'];
    if (header === undefined) return one('s3:PutObject');
    const source = copySourceOf(header);
    if (!source)
      return refused(
        invalidParameter('s3', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey'),
      );
    return mapped([
      { action: 's3:PutObject', resource },
      {
        action: source.versioned ? 's3:GetObjectVersion' : 's3:GetObject',
        resource: objectArn(source.bucket, source.key),
      },
    ]);
  };
  switch (operation) {
    case 'GET':
    case 'HEAD':
      return one(versioned ? 's3:GetObjectVersion' : 's3:GetObject');
    case 'GET ?uploadId':
      return one('s3:ListMultipartUploadParts');
    case 'GET ?tagging':
      return one(versioned ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging');
    case 'GET ?acl':
      return one(versioned ? 's3:GetObjectVersionAcl' : 's3:GetObjectAcl');
    case 'GET ?attributes':
      return one(versioned ? 's3:GetObjectVersionAttributes' : 's3:GetObjectAttributes');
    case 'PUT':
    case 'PUT ?uploadId': // UploadPart, and UploadPartCopy with x-amz-copy-source
      return withCopySource();
    case 'PUT ?tagging':
      return one(versioned ? 's3:PutObjectVersionTagging' : 's3:PutObjectTagging');
    case 'PUT ?acl':
      return one(versioned ? 's3:PutObjectVersionAcl' : 's3:PutObjectAcl');
    case 'POST ?uploads': // CreateMultipartUpload
    case 'POST ?uploadId': // CompleteMultipartUpload
      return one('s3:PutObject');
    case 'POST ?restore':
      return one('s3:RestoreObject');
    case 'DELETE':
      return one(versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject');
    case 'DELETE ?uploadId':
      return one('s3:AbortMultipartUpload');
    case 'DELETE ?tagging':
      return one(versioned ? 's3:DeleteObjectVersionTagging' : 's3:DeleteObjectTagging');
    default:
      return refused(notMapped('s3', `S3 ${operation} on an object`));
  }
}

/**
 * The checks of an S3 request. DeleteObjects needs `deleteKeys`, parsed from its body with
 * parseDeleteKeys (see needsDeleteKeys).
 */
export function s3Checks(request: GatewayRequest, target: S3Target, deleteKeys?: string[]): Mapping {
  const subresources = Object.keys(request.query)
    .filter((name) => SUBRESOURCES.has(name))
    .sort();
  const operation = [request.method, ...subresources.map((name) => `?${name}`)].join(' ');
  if (target.bucket === undefined) {
    if (operation === 'GET') return mapped([{ action: 's3:ListAllMyBuckets', resource: '*' }]);
    return refused(notMapped('s3', `S3 ${operation} on the service`));
  }
  if (target.key === undefined) return bucketChecks(request, target.bucket, operation, deleteKeys);
  return objectChecks(request, target.bucket, target.key, operation);
}
