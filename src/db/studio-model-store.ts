import type { Queryable } from './db.js';
import type { PageQuery } from './studio-store.js';

/**
 * The only SQL about the studio's model gallery and custom poses (migration
 * 006): models with attributes, their images (studio_images rows of kind
 * 'model' that name the model), poses. Lists are keyset pages on the id
 * (time-ordered UUIDv7s), oldest first, as in studio-store.
 */

export interface StudioModel {
  id: string;
  programId: string;
  name: string;
  modelType: string | null;
  modelSize: string | null;
  attributes: Record<string, string>;
  createdAt: Date;
}

export interface ModelImage {
  id: string;
  programId: string;
  modelId: string;
  styleId: string | null;
  blobKey: string;
  viewType: string | null;
  cropType: string | null;
  createdAt: Date;
  /** When the retention sweep deleted the file; null while it is kept. */
  purgedAt: Date | null;
}

export interface Pose {
  id: string;
  programId: string;
  title: string;
  prompt: string;
  promptType: string | null;
  viewType: string | null;
  imageId: string;
  blobKey: string;
  keypoints: unknown;
  createdAt: Date;
  /** When the retention sweep deleted the reference photo; null while it is kept. */
  purgedAt: Date | null;
}

/** Filters of GET /model: each compared case-insensitively; an absent one matches every model. */
export interface ModelFilter {
  modelType?: string | undefined;
  modelSize?: string | undefined;
  attributes: Record<string, string>;
}

// Rows are mapped field by field into the typed shapes below.
type Row = Record<string, any>;

const toModel = (r: Row): StudioModel => ({
  id: r.id,
  programId: r.program_id,
  name: r.name,
  modelType: r.model_type,
  modelSize: r.model_size,
  attributes: r.attributes ?? {},
  createdAt: r.created_at,
});
const toModelImage = (r: Row): ModelImage => ({
  id: r.id,
  programId: r.program_id,
  modelId: r.model_id,
  styleId: r.style_id,
  blobKey: r.blob_key,
  viewType: r.view_type,
  cropType: r.crop_type,
  createdAt: r.created_at,
  purgedAt: r.purged_at ?? null,
});
const toPose = (r: Row): Pose => ({
  id: r.id,
  programId: r.program_id,
  title: r.title,
  prompt: r.prompt,
  promptType: r.prompt_type,
  viewType: r.view_type,
  imageId: r.image_id,
  blobKey: r.blob_key,
  keypoints: r.keypoints,
  createdAt: r.created_at,
  purgedAt: r.image_purged_at ?? null,
});

export const studioModelStore = {
  async insertModel(db: Queryable, model: Omit<StudioModel, 'createdAt'>): Promise<void> {
    await db.query('INSERT INTO studio_models (id, program_id, name, model_type, model_size, attributes) VALUES ($1, $2, $3, $4, $5, $6)', [
      model.id,
      model.programId,
      model.name,
      model.modelType,
      model.modelSize,
      JSON.stringify(model.attributes),
    ]);
  },

  async model(db: Queryable, id: string): Promise<StudioModel | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM studio_models WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toModel(rows[0]);
  },

  /** A program's models matching every filter given; attribute names are the caller's closed list, values parameters. */
  async models(db: Queryable, programId: string, filter: ModelFilter, page: PageQuery): Promise<StudioModel[]> {
    const params: unknown[] = [programId, page.after ?? null, page.limit, filter.modelType ?? null, filter.modelSize ?? null];
    const attributeClauses = Object.entries(filter.attributes).map(([name, value]) => {
      params.push(name, value);
      return `lower(m.attributes ->> $${params.length - 1}) = lower($${params.length})`;
    });
    const { rows } = await db.query<Row>(
      `SELECT * FROM studio_models m
        WHERE m.program_id = $1 AND ($2::text IS NULL OR m.id > $2)
          AND ($4::text IS NULL OR lower(m.model_type) = lower($4))
          AND ($5::text IS NULL OR lower(m.model_size) = lower($5))
          ${attributeClauses.map((clause) => `AND ${clause}`).join(' ')}
        ORDER BY m.id LIMIT $3`,
      params,
    );
    return rows.map(toModel);
  },

  async insertModelImage(
    db: Queryable,
    image: Omit<ModelImage, 'createdAt' | 'purgedAt'> & { format: string; width: number; height: number },
  ): Promise<void> {
    await db.query(
      `INSERT INTO studio_images (id, program_id, kind, blob_key, format, width, height, model_id, style_id, view_type, crop_type)
       VALUES ($1, $2, 'model', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [image.id, image.programId, image.blobKey, image.format, image.width, image.height, image.modelId, image.styleId, image.viewType, image.cropType],
    );
  },

  async modelImages(db: Queryable, modelId: string, page: PageQuery): Promise<ModelImage[]> {
    const { rows } = await db.query<Row>(
      `SELECT * FROM studio_images WHERE model_id = $1 AND kind = 'model' AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [modelId, page.after ?? null, page.limit],
    );
    return rows.map(toModelImage);
  },

  /** The reference photo (a studio image of kind 'reference') and the pose read from it, in one transaction by the caller. */
  async insertPose(
    db: Queryable,
    pose: Omit<Pose, 'createdAt' | 'blobKey' | 'purgedAt'>,
    image: { blobKey: string; format: string; width: number; height: number },
  ): Promise<void> {
    await db.query(
      `INSERT INTO studio_images (id, program_id, kind, blob_key, format, width, height, view_type, crop_type)
       VALUES ($1, $2, 'reference', $3, $4, $5, $6, $7, $8)`,
      [pose.imageId, pose.programId, image.blobKey, image.format, image.width, image.height, pose.viewType, pose.promptType],
    );
    await db.query(
      `INSERT INTO studio_poses (id, program_id, title, prompt, prompt_type, view_type, image_id, keypoints)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [pose.id, pose.programId, pose.title, pose.prompt, pose.promptType, pose.viewType, pose.imageId, JSON.stringify(pose.keypoints)],
    );
  },

  async pose(db: Queryable, id: string): Promise<Pose | undefined> {
    const { rows } = await db.query<Row>('SELECT p.*, i.blob_key, i.purged_at AS image_purged_at FROM studio_poses p JOIN studio_images i ON i.id = p.image_id WHERE p.id = $1', [id]);
    return rows[0] === undefined ? undefined : toPose(rows[0]);
  },

  async poses(db: Queryable, programId: string, page: PageQuery): Promise<Pose[]> {
    const { rows } = await db.query<Row>(
      `SELECT p.*, i.blob_key, i.purged_at AS image_purged_at FROM studio_poses p JOIN studio_images i ON i.id = p.image_id
        WHERE p.program_id = $1 AND ($2::text IS NULL OR p.id > $2) ORDER BY p.id LIMIT $3`,
      [programId, page.after ?? null, page.limit],
    );
    return rows.map(toPose);
  },
};
