/**
 * The ComfyUI adapter against a ComfyUI double that answers as ComfyUI's
 * routes do: uploads, the template's workflow with the job's values, history
 * polling, /view, one prompt per sample with the next seed, a missing node,
 * an execution error, cancel of a waiting and of a running prompt, a server
 * that is down. The shipped templates are checked for consistency.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { ComfyEngine } from '../../../src/engines/remote/comfyui-engine.js';
import { SHIPPED_TEMPLATES, loadComfyTemplate, type ComfyTemplate } from '../../../src/engines/remote/comfyui-template.js';
import { until } from '../../support/http.js';
import { startFakeComfy, type FakeComfy } from '../../support/fakes/fake-comfyui.js';
import { GARMENT_FILE, PERSON_FILE, failure, fixtureTask, startRun } from '../../support/remote-engines.js';

describe('ComfyUI adapter', () => {
  let comfy: FakeComfy;
  let template: ComfyTemplate;
  let engine: ComfyEngine;
  before(async () => {
    template = await loadComfyTemplate('catvton');
    comfy = await startFakeComfy(template.nodePacks.flatMap((pack) => pack.nodes));
    engine = new ComfyEngine({ name: 'gpu-box', url: comfy.url, template, requestTimeoutMs: 2_000, pollIntervalMs: 20 });
  });
  after(() => comfy?.close());

  test('uploads the photos as sent, queues one workflow per sample with the job’s values, returns the SaveImage outputs', async () => {
    comfy.settings.runMs = 20;
    const before = comfy.prompts.length;
    const run = startRun(engine, await fixtureTask({ preset: 'quality', seed: 7, samples: 2 }, { format: 'jpeg', quality: 90 }));
    const result = await run.outcome;

    // The encoded photos reach ComfyUI byte for byte: nothing was decoded and encoded again.
    const uploaded = [...comfy.uploads.entries()].slice(-2);
    assert.deepEqual(uploaded.map(([, bytes]) => bytes), [await readFile(PERSON_FILE), await readFile(GARMENT_FILE)]);
    const prompts = comfy.prompts.slice(before);
    assert.equal(prompts.length, 2);
    for (const [index, { workflow }] of prompts.entries()) {
      assert.equal(workflow['1']!.inputs.image, uploaded[0]![0]);
      assert.equal(workflow['2']!.inputs.image, uploaded[1]![0]);
      assert.equal(workflow['5']!.inputs.seed, 7 + index);
      assert.equal(workflow['5']!.inputs.steps, 50, 'quality → 50 steps');
      assert.equal(workflow['3']!.inputs.cloth_type, 'upper');
    }
    assert.equal(result.images.length, 2);
    for (const image of result.images) {
      const metadata = await sharp(Buffer.from(image.bytes)).metadata();
      assert.deepEqual([image.format, metadata.format, metadata.width, metadata.height], ['jpeg', 'jpeg', 768, 1024]);
    }
    assert.deepEqual(result.info, { provider: 'comfyui', template: 'catvton' });
    assert.ok(run.stages.upload !== undefined && run.stages.remote !== undefined, JSON.stringify(run.stages));
    assert.deepEqual(run.progress, [50, 100]);
  });

  test('a dress is CatVTON’s "overall" cloth type; the fast preset 20 steps', async () => {
    const task = await fixtureTask({ preset: 'fast' });
    task.garments[0]!.category = 'dress';
    await startRun(engine, task).outcome;
    const { workflow } = comfy.prompts.at(-1)!;
    assert.equal(workflow['3']!.inputs.cloth_type, 'overall');
    assert.equal(workflow['5']!.inputs.steps, 20);
  });

  test('a server without the template’s nodes refuses the workflow: failed, not retried, naming the node', async () => {
    comfy.knownNodes.delete('CatAutoMasker');
    try {
      const error = await failure(startRun(engine, await fixtureTask()).outcome);
      assert.equal(error.code, 'engine_failed');
      assert.equal(error.retryable, false);
      assert.match(error.message, /template catvton.*CatAutoMasker does not exist/);
    } finally {
      comfy.knownNodes.add('CatAutoMasker');
    }
  });

  test('an execution error (out of memory) fails the attempt as retryable, with ComfyUI’s message', async () => {
    comfy.settings.executionError = true;
    try {
      const error = await failure(startRun(engine, await fixtureTask()).outcome);
      assert.deepEqual([error.code, error.retryable], ['engine_failed', true]);
      assert.match(error.message, /CatVTONWrapper CUDA out of memory/);
    } finally {
      comfy.settings.executionError = false;
    }
  });

  test('cancel reaches ComfyUI: a waiting prompt leaves the queue, a running one is interrupted', async () => {
    comfy.settings.runMs = 5_000;
    const queued = comfy.prompts.length;
    const first = startRun(engine, await fixtureTask());
    const firstPrompt = await until(async () => comfy.prompts[queued]?.id);
    const second = startRun(engine, await fixtureTask());
    const secondPrompt = await until(async () => comfy.prompts[queued + 1]?.id);

    second.cancel();
    assert.equal((await failure(second.outcome)).code, 'canceled');
    assert.ok(comfy.deleted.includes(secondPrompt), 'the waiting prompt was deleted from the queue');
    first.cancel();
    assert.equal((await failure(first.outcome)).code, 'canceled');
    assert.ok(comfy.interrupted.includes(firstPrompt), 'the running prompt was interrupted');
    comfy.settings.runMs = 20;
  });

  test('health: ok when ComfyUI answers; a 502, or nothing listening, is a retryable failure', async () => {
    await engine.health();
    comfy.settings.down = true;
    try {
      const down = await failure(engine.health());
      assert.deepEqual([down.code, down.retryable], ['engine_failed', true]);
      const run = await failure(startRun(engine, await fixtureTask()).outcome);
      assert.deepEqual([run.code, run.retryable], ['engine_failed', true]);
    } finally {
      comfy.settings.down = false;
    }
    const nowhere = new ComfyEngine({ name: 'gone', url: 'http://127.0.0.1:9', template, requestTimeoutMs: 2_000, pollIntervalMs: 20 });
    const unreachable = await failure(nowhere.health());
    assert.deepEqual([unreachable.code, unreachable.retryable], ['engine_failed', true]);
    assert.match(unreachable.message, /ComfyUI could not be reached/);
  });
});

describe('ComfyUI templates', () => {
  test('every shipped template loads: its mappings name nodes and inputs its workflow has, and it names its node packs', async () => {
    for (const name of SHIPPED_TEMPLATES) {
      const template = await loadComfyTemplate(name);
      assert.equal(template.name, name);
      assert.ok(template.nodePacks.length > 0, `${name} names its node packs`);
      const classes = new Set(Object.values(template.workflow).map((node) => node.class_type));
      const named = new Set(template.nodePacks.flatMap((pack) => pack.nodes));
      assert.deepEqual([...classes].filter((type) => !named.has(type)), [], `${name}: every node class comes from a named pack`);
    }
  });

  test('an operator’s template whose mapping names a missing input is refused at load, saying which', async () => {
    const template = await loadComfyTemplate('catvton');
    const broken = { ...template, images: { ...template.images, garment: { node: '2', input: 'picture' } } };
    const file = join(await mkdtemp(join(tmpdir(), 'drape-template-')), 'mine.json');
    await writeFile(file, JSON.stringify(broken));
    await assert.rejects(loadComfyTemplate(file), /images\.garment names input picture of node 2 \(LoadImage\), which it does not have/);
  });
});
