/**
 * Every error code's answer in the native API and in each dialect, against the
 * literal tables written from the documents (test/support/expected-statuses.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { DrapeError, ERROR_CODES } from '../../src/errors.js';
import { DIALECTS } from '../../src/http/dialects/index.js';
import { nativeErrorResponse } from '../../src/http/error-handler.js';
import { AILABTOOLS_ERROR, FASHN_ERROR, HUHU_STATUS, NATIVE_STATUS, PIXELCUT_ERROR, STUDIO_STATUS } from '../support/expected-statuses.js';

const request = { id: 'req_test' } as FastifyRequest;
const dialect = (name: string) => DIALECTS.find((candidate) => candidate.name === name)!;
const answer = (name: string, error: DrapeError) => dialect(name).errorResponse(error, request) as { status: number; body: any };

describe('error statuses, code by code, as documented', () => {
  test('native API (README "Errors")', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = nativeErrorResponse(new DrapeError(code, 'why'));
      assert.deepEqual([code, status, body], [code, NATIVE_STATUS[code], { error: { code, message: 'why' } }]);
    }
  });

  test('Glam: the native statuses and body (Glam documents none)', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = answer('glam', new DrapeError(code, 'why'));
      assert.deepEqual([code, status, body], [code, NATIVE_STATUS[code], { error: { code, message: 'why' } }]);
    }
  });

  test('Huhu try-on v1', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = answer('huhu', new DrapeError(code, 'why'));
      assert.deepEqual([code, status, body], [code, HUHU_STATUS[code], { detail: 'why', error_code: code }]);
    }
  });

  test('Pixelcut', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = answer('pixelcut', new DrapeError(code, 'why'));
      const [expectedStatus, expectedCode] = PIXELCUT_ERROR[code];
      assert.deepEqual([code, status, body], [code, expectedStatus, { error: 'why', error_code: expectedCode }]);
    }
  });

  test('AILabTools: error_code is the status, error_detail.code the documented code', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = answer('ailabtools', new DrapeError(code, 'why'));
      const [expectedStatus, expectedCode] = AILABTOOLS_ERROR[code];
      assert.deepEqual(
        [code, status, body.error_code, body.error_detail.status_code, body.error_detail.code],
        [code, expectedStatus, expectedStatus, expectedStatus, expectedCode],
      );
    }
  });

  test('FASHN: its error name and status before a prediction exists', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = answer('fashn', new DrapeError(code, 'why'));
      const [expectedStatus, expectedName] = FASHN_ERROR[code];
      assert.deepEqual([code, status, body], [code, expectedStatus, { error: expectedName, message: 'why' }]);
    }
  });

  test('Huhu studio public API v1: FastAPI detail with the code and field', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = answer('studio', new DrapeError(code, 'why', { field: 'f' }));
      assert.deepEqual([code, status, body], [code, STUDIO_STATUS[code], { detail: 'why', error_code: code, field: 'f' }]);
    }
  });

  test('every dialect has a table here', () => {
    assert.deepEqual(DIALECTS.map((d) => d.name).sort(), ['ailabtools', 'fashn', 'glam', 'huhu', 'pixelcut', 'studio']);
  });
});
