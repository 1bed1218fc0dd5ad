import { intervalMs, type Queryable } from './db.js';
import type { ErrorCode } from '../errors.js';
import type { JobStatus } from './job-store.js';

/**
 * The only SQL about the studio catalogue (src/studio): programs and their
 * shares, projects, SKUs, images, tasks and their runs, zip uploads. Lists are
 * keyset pages on the id (time-ordered UUIDv7s), newest last.
 */

export interface Program {
  id: string;
  teamId: string;
  name: string;
  isDefault: boolean;
  createdAt: Date;
}

export interface Project {
  id: string;
  programId: string;
  name: string;
  createdAt: Date;
  /** What its status is derived from (studio/project-status.ts). */
  uploading: boolean;
  tasks: number;
  running: number;
  ended: number;
}

export interface Sku {
  id: string;
  projectId: string;
  name: string;
  garmentType: string | null;
  modelId: string | null;
  styleId: string | null;
  createdAt: Date;
}

export type ImageKind = 'garment' | 'model' | 'reference';

export interface StudioImage {
  id: string;
  programId: string;
  projectId: string | null;
  skuId: string | null;
  kind: ImageKind;
  blobKey: string;
  format: string;
  width: number;
  height: number;
  garmentType: string | null;
  view: string | null;
  presentation: string | null;
  classification: unknown;
  /** A model or reference image's pose as read at upload (front_facing, back_facing); null when no person was read. */
  viewType: string | null;
  createdAt: Date;
  /** When the retention sweep deleted the file (the row stays); null while it is kept. */
  purgedAt: Date | null;
}

export interface Task {
  id: string;
  projectId: string;
  skuId: string;
  view: 'front' | 'back';
  garmentImageIds: string[];
  modelId: string | null;
  modelImageId: string | null;
  jobId: string | null;
  numOutputs: number | null;
  prompt: string | null;
  distinctOutputs: number | null;
  /** Why its latest generation was refused before a job was made; null when it was submitted or never generated. */
  refusal: TaskRefusal | null;
  createdAt: Date;
  /** Its latest job's status, when it has one. */
  jobStatus: JobStatus | null;
}

/** A generation the studio refused without a job: an error code and the reason, as a job's error. */
export interface TaskRefusal {
  code: ErrorCode;
  message: string;
}

export interface Upload {
  id: string;
  programId: string;
  projectId: string;
  blobKey: string;
  s3UploadId: string | null;
  fileSize: number;
  partSize: number;
  partCount: number;
  status: 'open' | 'completing' | 'completed' | 'failed';
  error: string | null;
  createdAt: Date;
}

export interface ProgramUsage {
  seq: number;
  kind: 'charge' | 'refund';
  amount: number;
  operation: string | null;
  requestId: string | null;
  jobId: string | null;
  createdAt: Date;
}

// Rows are mapped field by field into the typed shapes below.
type Row = Record<string, any>;

const toProgram = (r: Row): Program => ({ id: r.id, teamId: r.team_id, name: r.name, isDefault: r.is_default, createdAt: r.created_at });
const toProject = (r: Row): Project => ({
  id: r.id,
  programId: r.program_id,
  name: r.name,
  createdAt: r.created_at,
  uploading: r.uploading,
  tasks: r.tasks,
  running: r.running,
  ended: r.ended,
});
const toSku = (r: Row): Sku => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  garmentType: r.garment_type,
  modelId: r.model_id,
  styleId: r.style_id,
  createdAt: r.created_at,
});
const toImage = (r: Row): StudioImage => ({
  id: r.id,
  programId: r.program_id,
  projectId: r.project_id,
  skuId: r.sku_id,
  kind: r.kind,
  blobKey: r.blob_key,
  format: r.format,
  width: r.width,
  height: r.height,
  garmentType: r.garment_type,
  view: r.view,
  presentation: r.presentation,
  classification: r.classification,
  viewType: r.view_type ?? null,
  createdAt: r.created_at,
  purgedAt: r.purged_at ?? null,
});
const toTask = (r: Row): Task => ({
  id: r.id,
  projectId: r.project_id,
  skuId: r.sku_id,
  view: r.view,
  garmentImageIds: r.garment_image_ids,
  modelId: r.model_id,
  modelImageId: r.model_image_id,
  jobId: r.job_id,
  numOutputs: r.num_outputs,
  prompt: r.prompt,
  distinctOutputs: r.distinct_outputs,
  refusal: r.refusal ?? null,
  createdAt: r.created_at,
  jobStatus: r.job_status ?? null,
});
const toUpload = (r: Row): Upload => ({
  id: r.id,
  programId: r.program_id,
  projectId: r.project_id,
  blobKey: r.blob_key,
  s3UploadId: r.s3_upload_id,
  fileSize: Number(r.file_size),
  partSize: r.part_size,
  partCount: r.part_count,
  status: r.status,
  error: r.error,
  createdAt: r.created_at,
});

/** A page: rows after `after` (an id), at most `limit`. */
export interface PageQuery {
  after?: string | undefined;
  limit: number;
}

const PROJECT_COLUMNS = `p.*,
  EXISTS (SELECT 1 FROM studio_uploads u WHERE u.project_id = p.id AND u.status IN ('open', 'completing')
    -- an upload abandoned for a day no longer holds the project in Creating
    AND u.created_at > now() - interval '1 day') AS uploading,
  (SELECT count(*) FROM studio_tasks t WHERE t.project_id = p.id)::int AS tasks,
  (SELECT count(*) FROM studio_tasks t JOIN jobs j ON j.id = t.job_id
    WHERE t.project_id = p.id AND j.status IN ('queued', 'processing'))::int AS running,
  (SELECT count(*) FROM studio_tasks t LEFT JOIN jobs j ON j.id = t.job_id
    WHERE t.project_id = p.id AND (t.refusal IS NOT NULL OR j.status IN ('completed', 'failed', 'canceled')))::int AS ended`;

const TASK_COLUMNS = 't.*, j.status AS job_status';

export const studioStore = {
  // ---- programs

  /** The team's default program, made on first use; concurrent first uses make one. */
  async defaultProgram(db: Queryable, teamId: string, newId: string, name: string): Promise<Program> {
    await db.query(
      `INSERT INTO studio_programs (id, team_id, name, is_default) VALUES ($1, $2, $3, true)
       ON CONFLICT (team_id) WHERE is_default DO NOTHING`,
      [newId, teamId, name],
    );
    const { rows } = await db.query<Row>('SELECT * FROM studio_programs WHERE team_id = $1 AND is_default', [teamId]);
    return toProgram(rows[0]!);
  },

  async insertProgram(db: Queryable, program: { id: string; teamId: string; name: string }): Promise<Program> {
    const { rows } = await db.query<Row>('INSERT INTO studio_programs (id, team_id, name) VALUES ($1, $2, $3) RETURNING *', [
      program.id,
      program.teamId,
      program.name,
    ]);
    return toProgram(rows[0]!);
  },

  async program(db: Queryable, id: string): Promise<Program | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM studio_programs WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toProgram(rows[0]);
  },

  /** Programs the team owns, and unless `owned` those shared with it. */
  async programsOf(db: Queryable, teamId: string, owned: boolean, page: PageQuery): Promise<Program[]> {
    const { rows } = await db.query(
      `SELECT * FROM studio_programs p
        WHERE (p.team_id = $1 OR (NOT $2 AND EXISTS (SELECT 1 FROM studio_program_shares s WHERE s.program_id = p.id AND s.team_id = $1)))
          AND ($3::text IS NULL OR p.id > $3)
        ORDER BY p.id LIMIT $4`,
      [teamId, owned, page.after ?? null, page.limit],
    );
    return rows.map(toProgram);
  },

  async share(db: Queryable, programId: string, teamId: string): Promise<void> {
    await db.query('INSERT INTO studio_program_shares (program_id, team_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [programId, teamId]);
  },

  async isSharedWith(db: Queryable, programId: string, teamId: string): Promise<boolean> {
    const { rows } = await db.query<Row>('SELECT 1 FROM studio_program_shares WHERE program_id = $1 AND team_id = $2', [programId, teamId]);
    return rows.length > 0;
  },

  // ---- projects

  async insertProject(db: Queryable, project: { id: string; programId: string; name: string }): Promise<void> {
    await db.query('INSERT INTO studio_projects (id, program_id, name) VALUES ($1, $2, $3)', [project.id, project.programId, project.name]);
  },

  async project(db: Queryable, id: string): Promise<Project | undefined> {
    const { rows } = await db.query<Row>(`SELECT ${PROJECT_COLUMNS} FROM studio_projects p WHERE p.id = $1`, [id]);
    return rows[0] === undefined ? undefined : toProject(rows[0]);
  },

  async projects(db: Queryable, programId: string, page: PageQuery): Promise<Project[]> {
    const { rows } = await db.query(
      `SELECT ${PROJECT_COLUMNS} FROM studio_projects p WHERE p.program_id = $1 AND ($2::text IS NULL OR p.id > $2) ORDER BY p.id LIMIT $3`,
      [programId, page.after ?? null, page.limit],
    );
    return rows.map(toProject);
  },

  // ---- SKUs and images

  async insertSku(db: Queryable, sku: { id: string; projectId: string; name: string }): Promise<void> {
    await db.query('INSERT INTO studio_skus (id, project_id, name) VALUES ($1, $2, $3)', [sku.id, sku.projectId, sku.name]);
  },

  async sku(db: Queryable, id: string): Promise<Sku | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM studio_skus WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toSku(rows[0]);
  },

  async skus(db: Queryable, projectId: string, page: PageQuery): Promise<Sku[]> {
    const { rows } = await db.query(
      'SELECT * FROM studio_skus WHERE project_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3',
      [projectId, page.after ?? null, page.limit],
    );
    return rows.map(toSku);
  },

  /** SKUs of every project of a program (GET /task lists tasks by SKU). */
  async skusOfProgram(db: Queryable, programId: string, page: PageQuery): Promise<Sku[]> {
    const { rows } = await db.query(
      `SELECT s.* FROM studio_skus s JOIN studio_projects p ON p.id = s.project_id
        WHERE p.program_id = $1 AND ($2::text IS NULL OR s.id > $2) ORDER BY s.id LIMIT $3`,
      [programId, page.after ?? null, page.limit],
    );
    return rows.map(toSku);
  },

  /** Set the given fields of several SKUs of one project; returns how many it changed. */
  async updateSkus(
    db: Queryable,
    projectId: string,
    ids: string[],
    fields: { garmentType?: string | undefined; modelId?: string | undefined; styleId?: string | undefined },
  ): Promise<number> {
    const { rowCount } = await db.query(
      `UPDATE studio_skus SET garment_type = COALESCE($3, garment_type), model_id = COALESCE($4, model_id), style_id = COALESCE($5, style_id)
        WHERE project_id = $1 AND id = ANY($2::text[])`,
      [projectId, ids, fields.garmentType ?? null, fields.modelId ?? null, fields.styleId ?? null],
    );
    return rowCount;
  },

  /** Images whose file outlived the retention period (counted from the upload), oldest first. */
  async listPurgeableImages(db: Queryable, olderThanMs: number, limit: number): Promise<{ id: string; blobKey: string }[]> {
    const { rows } = await db.query<{ id: string; blob_key: string }>(
      `SELECT id, blob_key FROM studio_images
        WHERE purged_at IS NULL AND created_at < now() - $1::interval
        ORDER BY created_at
        LIMIT $2`,
      [intervalMs(olderThanMs), limit],
    );
    return rows.map((row) => ({ id: row.id, blobKey: row.blob_key }));
  },

  async markImagePurged(db: Queryable, id: string): Promise<void> {
    await db.query('UPDATE studio_images SET purged_at = now() WHERE id = $1', [id]);
  },

  async insertImage(db: Queryable, image: Omit<StudioImage, 'createdAt' | 'purgedAt'>): Promise<void> {
    await db.query(
      `INSERT INTO studio_images (id, program_id, project_id, sku_id, kind, blob_key, format, width, height, garment_type, view, presentation, classification, view_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        image.id,
        image.programId,
        image.projectId,
        image.skuId,
        image.kind,
        image.blobKey,
        image.format,
        image.width,
        image.height,
        image.garmentType,
        image.view,
        image.presentation,
        image.classification === null ? null : JSON.stringify(image.classification),
        image.viewType,
      ],
    );
  },

  async image(db: Queryable, id: string): Promise<StudioImage | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM studio_images WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toImage(rows[0]);
  },

  async imagesOfSkus(db: Queryable, skuIds: string[]): Promise<StudioImage[]> {
    if (skuIds.length === 0) return [];
    const { rows } = await db.query<Row>('SELECT * FROM studio_images WHERE sku_id = ANY($1::text[]) ORDER BY id', [skuIds]);
    return rows.map(toImage);
  },

  // ---- tasks

  async insertTask(db: Queryable, task: { id: string; projectId: string; skuId: string; view: string; garmentImageIds: string[] }): Promise<void> {
    await db.query('INSERT INTO studio_tasks (id, project_id, sku_id, view, garment_image_ids) VALUES ($1, $2, $3, $4, $5)', [
      task.id,
      task.projectId,
      task.skuId,
      task.view,
      JSON.stringify(task.garmentImageIds),
    ]);
  },

  async task(db: Queryable, id: string): Promise<Task | undefined> {
    const { rows } = await db.query<Row>(`SELECT ${TASK_COLUMNS} FROM studio_tasks t LEFT JOIN jobs j ON j.id = t.job_id WHERE t.id = $1`, [id]);
    return rows[0] === undefined ? undefined : toTask(rows[0]);
  },

  async tasksOfSkus(db: Queryable, skuIds: string[]): Promise<Task[]> {
    if (skuIds.length === 0) return [];
    const { rows } = await db.query(
      `SELECT ${TASK_COLUMNS} FROM studio_tasks t LEFT JOIN jobs j ON j.id = t.job_id WHERE t.sku_id = ANY($1::text[]) ORDER BY t.id`,
      [skuIds],
    );
    return rows.map(toTask);
  },

  async setModel(db: Queryable, taskId: string, model: { modelImageId?: string | undefined; modelId?: string | undefined }): Promise<void> {
    await db.query(
      'UPDATE studio_tasks SET model_image_id = COALESCE($2, model_image_id), model_id = COALESCE($3, model_id), updated_at = now() WHERE id = $1',
      [taskId, model.modelImageId ?? null, model.modelId ?? null],
    );
  },

  /** Record a task's new generation: its job, and the run that reports its credits under the program. */
  async startRun(db: Queryable, run: { taskId: string; jobId: string; programId: string; numOutputs: number; prompt: string | null }): Promise<void> {
    await db.query(
      `UPDATE studio_tasks SET job_id = $2, num_outputs = $3, prompt = $4, distinct_outputs = NULL, refusal = NULL, updated_at = now() WHERE id = $1`,
      [run.taskId, run.jobId, run.numOutputs, run.prompt],
    );
    await db.query('INSERT INTO studio_task_runs (job_id, task_id, program_id) VALUES ($1, $2, $3)', [run.jobId, run.taskId, run.programId]);
  },

  /** Record a generation refused before any job was made: the task shows it failed, with the reason; nothing was charged. */
  async refuseRun(db: Queryable, run: { taskId: string; refusal: TaskRefusal; numOutputs: number; prompt: string | null }): Promise<void> {
    await db.query(
      `UPDATE studio_tasks SET job_id = NULL, refusal = $2, num_outputs = $3, prompt = $4, distinct_outputs = NULL, updated_at = now() WHERE id = $1`,
      [run.taskId, JSON.stringify(run.refusal), run.numOutputs, run.prompt],
    );
  },

  async setDistinctOutputs(db: Queryable, taskId: string, jobId: string, count: number): Promise<void> {
    await db.query('UPDATE studio_tasks SET distinct_outputs = $3 WHERE id = $1 AND job_id = $2', [taskId, jobId, count]);
  },

  // ---- uploads

  async insertUpload(db: Queryable, upload: Omit<Upload, 'status' | 'error' | 'createdAt'>): Promise<void> {
    await db.query(
      `INSERT INTO studio_uploads (id, program_id, project_id, blob_key, s3_upload_id, file_size, part_size, part_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [upload.id, upload.programId, upload.projectId, upload.blobKey, upload.s3UploadId, upload.fileSize, upload.partSize, upload.partCount],
    );
  },

  async upload(db: Queryable, id: string): Promise<Upload | undefined> {
    const { rows } = await db.query<Row>('SELECT * FROM studio_uploads WHERE id = $1', [id]);
    return rows[0] === undefined ? undefined : toUpload(rows[0]);
  },

  /** Move an upload from one status to another; false when it was not in `from` (another request has it). */
  async moveUpload(db: Queryable, id: string, from: Upload['status'], to: Upload['status'], error?: string): Promise<boolean> {
    const { rowCount } = await db.query('UPDATE studio_uploads SET status = $3, error = $4 WHERE id = $1 AND status = $2', [
      id,
      from,
      to,
      error ?? null,
    ]);
    return rowCount === 1;
  },

  // ---- metering

  /**
   * Charges and refunds of the program's owner team that belong to the
   * program: those of its tasks' jobs and its upscale requests (the job's
   * metadata names the program), and for the default program also every
   * other charge of the team (native and dialect jobs), which no program holds.
   */
  async usage(db: Queryable, program: Program, page: { before?: number | undefined; limit: number }): Promise<ProgramUsage[]> {
    const { rows } = await db.query<Row>(
      `SELECT l.seq, l.kind, l.amount, l.operation, l.request_id, l.job_id, l.created_at
         FROM credit_ledger l
         LEFT JOIN studio_task_runs r ON r.job_id = l.job_id
         LEFT JOIN jobs j ON j.id = l.job_id
        WHERE l.team_id = $1 AND l.kind IN ('charge', 'refund')
          AND (COALESCE(r.program_id, j.metadata->'studio_upscale'->>'program_id') = $2
               OR ($3 AND r.program_id IS NULL AND j.metadata->'studio_upscale'->>'program_id' IS NULL))
          AND ($4::bigint IS NULL OR l.seq < $4)
        ORDER BY l.seq DESC LIMIT $5`,
      [program.teamId, program.id, program.isDefault, page.before ?? null, page.limit],
    );
    return rows.map((r): ProgramUsage => ({
      seq: Number(r.seq),
      kind: r.kind,
      amount: r.amount,
      operation: r.operation,
      requestId: r.request_id,
      jobId: r.job_id,
      createdAt: r.created_at,
    }));
  },
};
