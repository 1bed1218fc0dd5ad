/**
 * The playground in a real browser (Debian's Chromium through playwright-core)
 * against a started server: a fixture pair in, the result shown, downloaded,
 * compared; errors in words; a phone-width screen. Screenshots are kept in
 * artifacts/screenshots/ for review.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { fixturesDir, loadManifest } from '../support/engine-fixtures.js';
import { personImage, solidImage } from '../support/images.js';
import { TEST_ADMIN_KEY, TEST_OTHER_KEY } from '../support/keys.js';
import { startTestEngineServer } from '../support/remote-engines.js';
import { TEST_ENGINE, type TestServer } from '../support/server.js';
import { startPublicServer } from '../client/public-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
const messagesUrl = new URL('../../src/web/messages.js', import.meta.url).href;
const { ERROR_MESSAGES } = (await import(messagesUrl)) as { ERROR_MESSAGES: Record<string, string> };

describe('web playground', { skip: !existsSync(CHROMIUM) && !process.env.CI && `no browser at ${CHROMIUM}` }, () => {
  let server: TestServer;
  let browser: Browser;
  let pair: { person: string; garment: string; category: string };
  /** Problems the page reported (script errors, CSP refusals): none is expected. */
  const pageProblems: string[] = [];

  before(async () => {
    server = await startPublicServer();
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    pair = loadManifest().pairs[0]!;
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(viewport: { width: number; height: number }, key = TEST_ADMIN_KEY, url = server.url): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    await page.fill('#api-key', key);
    await page.click('#key-form button[type=submit]');
    return page;
  }

  test('a fixture pair: progress, the result beside the inputs, download, recent jobs', async () => {
    const page = await open({ width: 1280, height: 900 });
    await page.setInputFiles('#person-file', resolve(fixturesDir(), 'persons', pair.person));
    await page.setInputFiles('#garment-file', resolve(fixturesDir(), 'garments', pair.garment));
    await page.selectOption('#category', pair.category);
    assert.equal(await page.isVisible('.drop[data-slot=person] .thumb'), true, 'the person thumbnail shows');
    await page.click('#submit');
    await page.waitForSelector('#outcome:not([hidden])', { timeout: 30_000 });

    const shown = await page.$eval('#after-image', (img: HTMLImageElement) => ({ width: img.naturalWidth, src: img.src }));
    assert.ok(shown.width > 0, 'the result image is decoded and shown');
    assert.match(shown.src, /^blob:/);
    const before = await page.$eval('#before-image', (img: HTMLImageElement) => img.naturalWidth);
    assert.ok(before > 0, 'the person photo is the "before" side');
    assert.match(await page.textContent('#timings') ?? '', /Finding the pose\d+ ms/);
    // the test engine scores this result 0.97 with no warnings
    assert.equal(await page.textContent('#quality'), 'Quality 97 / 100: no problems found.');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    assert.match(download.suggestedFilename(), /^drape-job_[0-9a-z]{26}\.jpg$/);
    const saved = await readFile((await download.path())!);
    assert.equal((await sharp(saved).metadata()).format, 'jpeg');

    // The recent jobs list picks the job up with a thumbnail.
    await page.waitForSelector('.recent-item img');
    const recent = await page.$$eval('.recent-item', (items) => items.map((item) => (item as HTMLElement).dataset.jobId));
    assert.ok(recent.length >= 1);
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-desktop.png'), fullPage: true });
    await page.context().close();
  });

  test('keyboard: the before/after slider moves with the arrow keys', async () => {
    const page = await open({ width: 1000, height: 800 });
    await page.waitForSelector('.recent-item');
    await page.focus('.recent-item');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#outcome:not([hidden])');
    await page.focus('#compare-range');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    const position = await page.$eval('#compare', (element) => (element as HTMLElement).style.getPropertyValue('--pos'));
    assert.equal(position, '45%');
    await page.context().close();
  });

  test('phone width: an example pair, the result, no horizontal scrolling', async () => {
    const page = await open({ width: 375, height: 812 });
    await page.click('#examples summary');
    await page.click(`#example-persons .example[data-name="${pair.person}"]`);
    await page.click(`#example-garments .example[data-name="${pair.garment}"]`);
    await page.waitForSelector('.drop[data-slot=garment].filled');
    assert.equal(await page.inputValue('#category'), pair.category, 'the example garment sets its category');
    await page.click('#submit');
    await page.waitForSelector('#outcome:not([hidden])', { timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing is wider than the screen');
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-phone.png'), fullPage: true });
    await page.context().close();
  });

  test('a pasted photo fills the focused (else the first empty) slot; a dropped one fills its slot', async () => {
    const page = await open({ width: 1280, height: 900 });
    const png = (await personImage()).toString('base64');
    const jpeg = (await solidImage(300, 300, { r: 0, g: 0, b: 200 })).toString('base64');
    // Chromium lets a page build the clipboard and drag events with files in them, as a real paste or drop would.
    // (No helper functions inside: tsx would wrap them in a __name() the page does not have.)
    await page.evaluate(
      ([pngBase64, jpegBase64]) => {
        const [pastedFile, droppedFile] = [
          [pngBase64!, 'image.png', 'image/png'],
          [jpegBase64!, 'dropped.jpg', 'image/jpeg'],
        ].map(([base64, name, type]) => new File([Uint8Array.from(atob(base64!), (c) => c.charCodeAt(0))], name!, { type }));
        const pasted = new DataTransfer();
        pasted.items.add(pastedFile!);
        document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true }));
        const dropped = new DataTransfer();
        dropped.items.add(droppedFile!);
        const zone = document.querySelector('.drop[data-slot=garment] .drop-zone')!;
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      },
      [png, jpeg],
    );
    await page.waitForSelector('.drop[data-slot=person].filled');
    await page.waitForSelector('.drop[data-slot=garment].filled');
    assert.match((await page.textContent('.drop[data-slot=person] .drop-hint')) ?? '', /^pasted-\d+\.png$/);
    assert.equal(await page.textContent('.drop[data-slot=garment] .drop-hint'), 'dropped.jpg');
    await page.context().close();
  });

  test('live progress: the bar and the stage move while the job runs', async () => {
    // Slow stages (4 × 400 ms) so the page sees the job between its start and its end.
    const slow = await startPublicServer({}, { TEST_ENGINE_STAGE_MS: '400' });
    const page = await open({ width: 1280, height: 900 }, TEST_ADMIN_KEY, slow.url);
    try {
      await page.setInputFiles('#person-file', { name: 'person.png', mimeType: 'image/png', buffer: await personImage() });
      await page.setInputFiles('#garment-file', { name: 'blue.jpg', mimeType: 'image/jpeg', buffer: await solidImage(300, 300, { r: 0, g: 0, b: 200 }) });
      await page.click('#submit');
      await page.waitForFunction(() => {
        const now = Number(document.querySelector('.bar')?.getAttribute('aria-valuenow'));
        return now > 0 && now < 100 && document.querySelector('#progress-label')?.textContent?.endsWith('✓');
      });
      assert.equal(await page.isDisabled('#submit'), true, 'no second submission while one runs');
      await page.screenshot({ path: join(SCREENSHOTS, 'playground-progress.png') });
      await page.waitForSelector('#outcome:not([hidden])', { timeout: 30_000 });
      assert.equal(await page.isVisible('#progress'), false);
    } finally {
      await page.context().close();
      await slow.stop();
    }
  });

  test('a wrong key shows the invalid_auth_token message', async () => {
    const page = await open({ width: 1280, height: 900 }, TEST_OTHER_KEY);
    await page.setInputFiles('#person-file', { name: 'person.png', mimeType: 'image/png', buffer: await personImage() });
    await page.setInputFiles('#garment-file', {
      name: 'garment.jpg',
      mimeType: 'image/jpeg',
      buffer: await solidImage(300, 300, { r: 0, g: 0, b: 200 }),
    });
    await page.click('#submit');
    await page.waitForSelector('#error:not([hidden])');
    assert.equal(await page.getAttribute('#error', 'data-code'), 'invalid_auth_token');
    assert.equal(await page.textContent('#error .error-title'), ERROR_MESSAGES.invalid_auth_token);
    assert.equal(await page.getAttribute('#api-key', 'aria-invalid'), 'true');
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-wrong-key.png') });
    await page.context().close();
  });

  test("a failed job shows its code's message", async () => {
    const page = await open({ width: 1280, height: 900 });
    await page.setInputFiles('#person-file', { name: 'red.png', mimeType: 'image/png', buffer: await personImage({ refused: true }) });
    await page.setInputFiles('#garment-file', {
      name: 'garment.jpg',
      mimeType: 'image/jpeg',
      buffer: await solidImage(300, 300, { r: 0, g: 0, b: 200 }),
    });
    await page.click('#submit');
    await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
    assert.equal(await page.getAttribute('#error', 'data-code'), 'no_person_detected');
    assert.equal(await page.textContent('#error .error-title'), ERROR_MESSAGES.no_person_detected);
    await page.context().close();
  });

  test('a result below the quality bar: the reason, the result and its warnings in words', async () => {
    const page = await open({ width: 1280, height: 900 });
    await page.setInputFiles('#person-file', resolve(fixturesDir(), 'persons', pair.person));
    // the test engine scores a pure blue garment 0.2, with two warnings
    await page.setInputFiles('#garment-file', { name: 'blue.png', mimeType: 'image/png', buffer: await solidImage(300, 300, { r: 0, g: 0, b: 255 }, 'png') });
    await page.click('#submit');
    await page.waitForSelector('#error:not([hidden])', { timeout: 30_000 });
    assert.equal(await page.getAttribute('#error', 'data-code'), 'low_quality_result');
    assert.equal(await page.textContent('#error .error-title'), ERROR_MESSAGES.low_quality_result);
    assert.equal(await page.isVisible('#outcome'), true, 'the result is shown under the reason');
    assert.ok((await page.$eval('#after-image', (img: HTMLImageElement) => img.naturalWidth)) > 0);
    assert.equal(
      await page.textContent('#quality'),
      'Quality 20 / 100: some of the old garment still shows; part of the garment lies off the body.',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-low-quality.png'), fullPage: true });
    await page.context().close();
  });

  test('the engine choice lists the server’s engines from GET /v1/engines; one that is down cannot be chosen; the chosen one runs the job', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drape-playground-engines-'));
    const remote = await startTestEngineServer(10, 'playground-engine-token');
    const file = join(dir, 'engines.yaml');
    await writeFile(
      file,
      [
        'engines:',
        '  - name: gpu-box',
        '    kind: drape-protocol',
        `    url: ${remote.url}`,
        '    token: playground-engine-token',
        '    capabilities: [seed]',
        '    priority: 10',
        '  - name: offline',
        '    kind: drape-protocol',
        '    url: http://127.0.0.1:9',
        '    priority: 5',
        '  - name: cpu',
        '    kind: builtin',
        `    module: ${TEST_ENGINE}`,
      ].join('\n'),
    );
    const routed = await startPublicServer({ ENGINES_FILE: file, URL_FETCH_ALLOWLIST: '127.0.0.1/32' });
    try {
      const page = await open({ width: 1280, height: 900 }, TEST_ADMIN_KEY, routed.url);
      await page.waitForSelector('#engine-field:not([hidden])');
      const options = await page.$$eval('#engine option', (items) =>
        items.map((item) => [(item as HTMLOptionElement).value, item.textContent, (item as HTMLOptionElement).disabled]),
      );
      assert.deepEqual(options, [
        ['', 'Automatic', false],
        ['gpu-box', 'gpu-box (drape-protocol)', false],
        ['offline', 'offline (drape-protocol) · unavailable', true],
        ['cpu', 'cpu (builtin)', false],
      ]);
      await page.setInputFiles('#person-file', resolve(fixturesDir(), 'persons', pair.person));
      await page.setInputFiles('#garment-file', resolve(fixturesDir(), 'garments', pair.garment));
      await page.selectOption('#engine', 'cpu');
      await page.click('#submit');
      await page.waitForSelector('#outcome:not([hidden])', { timeout: 30_000 });
      assert.match((await page.textContent('#outcome-meta')) ?? '', / · on cpu$/);
      await page.screenshot({ path: join(SCREENSHOTS, 'playground-engines.png'), fullPage: true });
      await page.context().close();
    } finally {
      await routed.stop();
      await remote.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the page reported no script errors', () => {
    // The wrong-key test's 401 is logged by Chromium as a failed resource; that one is expected.
    const unexpected = pageProblems.filter((problem) => !problem.includes('401'));
    assert.deepEqual(unexpected, []);
  });
});
