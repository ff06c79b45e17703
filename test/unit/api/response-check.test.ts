import { describe, expect, it } from 'vitest';
import { assertDocumentedResponse } from '#test/helpers/response-check';

const task = {
  id: 'tCcB4hfFP6wvBRe2gwZv9aJp',
  type: 'extraction',
  payloadID: '9e107d9d372bb6826bd81d3542a419d6',
  storeID: 'B4hfFP6wvBRddewrfseZv9aJ',
  requests: 1000,
  failedRequests: 0,
  skippedRequests: 0,
  records: 40,
  fileSize: 0,
  status: 'completed',
  createdAt: '2019-04-14T23:09:38',
  startTime: '2019-04-14T23:09:38',
  endTime: '2019-04-14T23:10:40',
  elapsed: '62',
  error: null,
  warnings: [],
};
const path = `/v1/tasks/${task.id}`;

describe('assertDocumentedResponse', () => {
  it('passes the contract’s task, a listed page, an error and a 204 without a body', () => {
    expect(() => assertDocumentedResponse('GET', path, 200, task)).not.toThrow();
    expect(() => assertDocumentedResponse('POST', '/v1/tasks', 200, [task, task])).not.toThrow();
    const notFound = { error: { code: 'not_found', message: 'Task not found' } };
    expect(() => assertDocumentedResponse('POST', `${path}/run`, 404, notFound)).not.toThrow();
    expect(() => assertDocumentedResponse('DELETE', path, 204, undefined)).not.toThrow();
  });

  it('names operation, status and field of a body that does not match', () => {
    expect(() =>
      assertDocumentedResponse('GET', path, 200, { ...task, createdAt: '2019-04-14T23:09:38Z' }),
    ).toThrow(/GetTask \(GET .*\): 200: body\/createdAt must match pattern/);
    expect(() => assertDocumentedResponse('GET', path, 200, { ...task, colour: 'red' })).toThrow(
      /must NOT have additional properties/,
    );
  });

  it('refuses a status the operation does not document, and a body where it has none', () => {
    expect(() => assertDocumentedResponse('POST', '/v1/tasks/create', 200, task)).toThrow(
      'CreateTask: status 200 is not in the API description',
    );
    expect(() => assertDocumentedResponse('DELETE', path, 204, {})).toThrow(/DeleteTask .*: 204: a body/);
  });

  it('takes the literal route over a templated one, and a route the API lacks only as the 404 envelope', () => {
    expect(() => assertDocumentedResponse('POST', '/v1/tasks/create', 201, task)).not.toThrow();
    const noRoute = { error: { code: 'not_found', message: 'No route for GET /v1/no' } };
    expect(() => assertDocumentedResponse('GET', '/v1/no', 404, noRoute)).not.toThrow();
    expect(() => assertDocumentedResponse('GET', '/v1/no', 200, {})).toThrow(/no operation/);
  });
});
