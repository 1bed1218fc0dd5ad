/**
 * The studio's garment classification and pose reads on their worker
 * threads (AnalysisPool, as the server runs them), on fixture photos. The
 * expectations were written by looking at each photo: what a person sees
 * through the neckline, whether a model faces the camera.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { acceptImage, type AcceptedImage } from '../../src/images/image-guard.js';
import { viewType } from '../../src/studio/pose-geometry.js';
import { AnalysisPool } from '../../src/studio/studio-analysis.js';
import { fixture } from './support.js';

const LIMITS = { maxBytes: 25 * 1024 * 1024, minSide: 64, maxSide: 8192, maxPixels: 8192 * 8192 };
const photo = (folder: 'persons' | 'garments', name: string) => acceptImage(fixture(folder, name), LIMITS, name);

describe('studio analysis threads', () => {
  let pool: AnalysisPool;
  before(() => {
    pool = new AnalysisPool(2);
  });
  after(async () => pool?.close());

  test('a front view seen through the neckline is front whatever the file is called', async () => {
    // A white tee: the inside of the back, with its printed label, shows through the crew neck.
    const tee = await pool.classify(await photo('garments', '06123_00.jpg'), 'sku-1/back.jpg');
    assert.equal(tee.view.value, 'front');
    assert.match(tee.view.reason, /^neck opening/);
    assert.ok(tee.view.confidence >= 0.9, JSON.stringify(tee.view));
    assert.equal(tee.garmentType.value, 'Top');
    assert.equal(tee.presentation.value, 'flatlay_clean');
    // A navy tee with a white collar band: its inner back and label show below the band.
    const navy = await pool.classify(await photo('garments', '00067_00.jpg'), 'sku-2/photo.jpg');
    assert.equal(navy.view.value, 'front');
    assert.match(navy.view.reason, /^neck opening/);
    // A striped tee: the plain inside and its label through the neckline.
    const striped = await pool.classify(await photo('garments', 'garment2.jpg'), 'sku-3/rear.jpg');
    assert.equal(striped.view.value, 'front');
    assert.match(striped.view.reason, /^neck opening/);
  });

  test('a print on the chest says front, less surely than the neck', async () => {
    // A black tee with the brand's name printed large across the chest; its inside is black like the outside.
    const lee = await pool.classify(await photo('garments', '00057_00.jpg'), 'sku-4/back.jpg');
    assert.deepEqual([lee.view.value, lee.view.confidence], ['front', 0.7]);
    assert.match(lee.view.reason, /^print/);
  });

  test('where the picture is unsure the name decides, with a lower confidence; else the front default', async () => {
    // A plain pink blouse: no print, a narrow neckline that is pink inside as out.
    const plain = await photo('garments', '049947_1.jpg');
    const named = await pool.classify(plain, 'sku-5/back.jpg');
    assert.deepEqual(named.view, { value: 'back', confidence: 0.75, reason: 'picture unsure; name says "back"' });
    const unnamed = await pool.classify(plain, 'sku-5/IMG_0001.jpg');
    assert.deepEqual(unnamed.view, { value: 'front', confidence: 0.55, reason: 'picture unsure, no view in the name: the catalogue default' });
    // Trousers: a waistband is no neckline, so the name decides.
    const trousers = await pool.classify(await photo('garments', '051412_1.jpg'), 'trousers/back.jpg');
    assert.equal(trousers.garmentType.value, 'Bottom');
    assert.equal(trousers.view.value, 'back');
    assert.match(trousers.view.reason, /^picture unsure/);
  });

  test('a garment on a model: the pose gives the view (the model faces the camera)', async () => {
    const dress = await pool.classify(await photo('garments', 'object_dress.jpg'), 'dress/back.jpg');
    assert.equal(dress.presentation.value, 'on_model');
    assert.deepEqual(dress.view, { value: 'front', confidence: 0.9, reason: 'pose: the model is front facing' });
  });

  test('pose reads on the threads; a refusal comes back as the same DrapeError', async () => {
    const pose = await pool.readPose(await photo('persons', '049205_0.jpg'));
    assert.ok(pose !== undefined);
    assert.equal(viewType(pose), 'front_facing');
    const grey = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#cccccc' } }).jpeg().toBuffer();
    const blank: AcceptedImage = await acceptImage(grey, LIMITS, 'blank');
    await assert.rejects(pool.classify(blank, 'sku/blank.jpg'), (error: unknown) => (error as { code?: string }).code === 'no_garment_detected');
    assert.ok(pool.completed >= 9, `completed ${pool.completed}`);
  });
});
