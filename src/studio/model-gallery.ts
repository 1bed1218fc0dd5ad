/**
 * The studio's model gallery (POST/GET /model, POST /model/image mode 2):
 * models of a program with the document's searchable attributes, and the
 * images saved to them, each with the view and crop read from its pose.
 * Access is the catalogue's (StudioService.program): owners write, teams a
 * program is shared with read.
 */
import type { Db } from '../db/db.js';
import { studioModelStore, type ModelImage, type StudioModel } from '../db/studio-model-store.js';
import { DrapeError } from '../errors.js';
import { newUuid7 } from '../ids.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { contentTypeOf, studioImageKey } from '../storage/blob-keys.js';
import type { BlobLinks } from '../storage/blob-links.js';
import type { BlobStore } from '../storage/blob-store.js';
import { readPages } from './pagination.js';
import { cropType, viewType } from './pose-geometry.js';
import type { PoseReads } from './pose-reader.js';
import type { Caller, StudioService } from './studio-service.js';

export const MODEL_TYPES = ['Men', 'Women', 'Baby', 'Toddler', 'Kid', 'Maternity'] as const;
export const MODEL_SIZES = ['Petit', 'Regular', 'Plus size'] as const;
/** The document's attributes of a model: stored as given, filtered case-insensitively. */
export const MODEL_ATTRIBUTES = ['ethnicity', 'age_range', 'hair_color', 'hair_style', 'skin_tone', 'eye_color'] as const;
export type ModelAttribute = (typeof MODEL_ATTRIBUTES)[number];

const ms = (date: Date) => date.getTime();

export class ModelGallery {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly links: BlobLinks,
    private readonly studio: StudioService,
    private readonly poses: PoseReads,
    /** An image field's value (base64, data: URI or URL) through the image and SSRF guards (studio-images.ts). */
    private readonly acceptImage: (field: string, value: string) => Promise<AcceptedImage>,
    private readonly linkTtlMs: number,
  ) {}

  async create(
    caller: Caller,
    input: { programId?: string | undefined; name: string; modelType?: string | undefined; modelSize?: string | undefined; attributes: Partial<Record<ModelAttribute, string>> },
  ) {
    const program = await this.studio.program(caller, input.programId, 'write');
    const id = newUuid7();
    const attributes = Object.fromEntries(Object.entries(input.attributes).filter((entry): entry is [string, string] => entry[1] !== undefined));
    await studioModelStore.insertModel(this.db, { id, programId: program.id, name: input.name, modelType: input.modelType ?? null, modelSize: input.modelSize ?? null, attributes });
    return { success: true, model_id: id };
  }

  /** A model the caller may read (or write), checked against program_id when given. */
  private async model(caller: Caller, modelId: string, programId: string | undefined, mode: 'read' | 'write'): Promise<StudioModel> {
    const model = await studioModelStore.model(this.db, modelId);
    if (model === undefined || (programId !== undefined && model.programId !== programId)) {
      throw new DrapeError('not_found', `No model ${modelId}${programId === undefined ? '' : ` in program ${programId}`}.`, { field: 'model_id' });
    }
    await this.studio.program(caller, model.programId, mode);
    return model;
  }

  async list(
    caller: Caller,
    query: { programId?: string | undefined; modelType?: string | undefined; modelSize?: string | undefined; attributes: Record<string, string>; token?: string | undefined; fetchAll: boolean },
  ) {
    const program = await this.studio.program(caller, query.programId, 'read');
    const filter = { modelType: query.modelType, modelSize: query.modelSize, attributes: query.attributes };
    const { rows, next } = await readPages<StudioModel, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioModelStore.models(this.db, program.id, filter, { after, limit }),
      (model) => model.id,
    );
    return {
      models: rows.map((model) => ({
        model_id: model.id,
        model_name: model.name,
        model_type: model.modelType,
        model_size: model.modelSize,
        attributes: model.attributes,
        create_time: ms(model.createdAt),
      })),
      pagination_token: next,
    };
  }

  async images(caller: Caller, query: { modelId: string; programId?: string | undefined; token?: string | undefined; fetchAll: boolean }) {
    const model = await this.model(caller, query.modelId, query.programId, 'read');
    const { rows, next } = await readPages<ModelImage, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioModelStore.modelImages(this.db, model.id, { after, limit }),
      (image) => image.id,
    );
    return { model_images: await Promise.all(rows.map((image) => this.imageJson(image))), pagination_token: next };
  }

  private async imageJson(image: ModelImage) {
    return {
      model_image_id: image.id,
      // Swept by retention: the row stays (with its view and crop), the picture is gone.
      model_image_url: image.purgedAt === null ? (await this.links.link(image.blobKey, this.linkTtlMs)).url : null,
      expired: image.purgedAt !== null,
      model_id: image.modelId,
      style_id: image.styleId,
      view_type: image.viewType,
      crop_type: image.cropType,
      create_time: ms(image.createdAt),
    };
  }

  /**
   * Mode 2: save an image (already through the image guard) to a model. The
   * pose decides view_type and crop_type; a photo without a person is still
   * saved, with both null, as the document allows.
   */
  async saveImage(caller: Caller, input: { modelId: string; programId?: string | undefined; styleId: string; field: 'file_data' | 'image_url'; value: string }) {
    const model = await this.model(caller, input.modelId, input.programId, 'write');
    const image = await this.acceptImage(input.field, input.value);
    const pose = await this.poses.read(image);
    const id = newUuid7();
    const key = studioImageKey(model.programId, id, image.format);
    await this.blobs.put(key, image.bytes, contentTypeOf(image.format));
    const row = {
      id,
      programId: model.programId,
      modelId: model.id,
      styleId: input.styleId,
      blobKey: key,
      viewType: pose === undefined ? null : viewType(pose),
      cropType: pose === undefined ? null : cropType(pose),
      format: image.format,
      width: image.width,
      height: image.height,
    };
    try {
      await studioModelStore.insertModelImage(this.db, row);
    } catch (error) {
      await this.blobs.delete(key).catch(() => {});
      throw error;
    }
    const { url } = await this.links.link(key, this.linkTtlMs);
    return { success: true, image_id: id, image_url: url, view_type: row.viewType, crop_type: row.cropType };
  }
}
