import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../src/errors.js';

// A plain-JS module served to browsers; imported by URL so TypeScript leaves it untyped.
const messagesUrl = new URL('../../src/web/messages.js', import.meta.url).href;
const { ERROR_MESSAGES, messageFor } = (await import(messagesUrl)) as {
  ERROR_MESSAGES: Record<string, string>;
  messageFor: (code: string) => string;
};

test('the playground has a message for every error code, and none for codes that do not exist', () => {
  assert.deepEqual(Object.keys(ERROR_MESSAGES).sort(), [...ERROR_CODES].sort());
  for (const code of ERROR_CODES) {
    const message = ERROR_MESSAGES[code]!;
    assert.match(message, /^[A-Z].{10,}[.!]$/, `${code}: a sentence for people, not "${message}"`);
    assert.ok(!message.includes('_'), `${code}: no code names in the message`);
  }
});

test('an unknown code still gets a message', () => {
  assert.equal(messageFor('something_new'), 'The request failed (something_new).');
});
