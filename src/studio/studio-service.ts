/**
 * The studio (Huhu studio public API v1) on Drape's services: a team's
 * programs (one default, others made or shared with it), their projects,
 * SKUs with classified garment images, and tasks that run try-ons through
 * the job queue. Credits and concurrency slots are the accounts layer's: a
 * task's job is admitted, charged and refunded like any other.
 *
 * Access: a team reads and writes the programs it owns and reads those
 * shared with it; anything of another program answers 403 forbidden, an id
 * that does not exist 404 not_found.
 */
import { createHash } from 'node:crypto';
import type { CreditService } from '../accounts/credit-service.js';
import type { TeamService } from '../accounts/team-service.js';
import type { Db } from '../db/db.js';
import { studioStore, type Program, type Project, type Sku, type StudioImage, type Task, type TaskRefusal } from '../db/studio-store.js';
import type { Category } from '../engines/engine.js';
import { DrapeError } from '../errors.js';
import { newUuid7 } from '../ids.js';
import { acceptImage, type AcceptedImage, type ImageLimits } from '../images/image-guard.js';
import { contentTypeOf, studioImageKey } from '../storage/blob-keys.js';
import type { BlobLinks } from '../storage/blob-links.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { GarmentType } from './garment-classifier.js';
import { readPages } from './pagination.js';
import { viewType } from './pose-geometry.js';
import { projectStatus } from './project-status.js';
import type { UnpackedSku } from './sku-zip.js';
import type { ImageAnalysis } from './studio-analysis.js';
import type { TaskJobs } from './task-jobs.js';

/** Who is asking: the key's team, and for the ledger the request and key. */
export interface Caller {
  teamId: string;
  keyId?: string | undefined;
  requestId?: string | undefined;
}

export type ImageFileType = 'garment_image' | 'model_image' | 'reference_image';

/** The document's task status words (GET /task: "Task created" … "Generation completed"). */
export const TASK_STATUS = {
  created: 'Task created',
  queued: 'Submitted',
  processing: 'Generation',
  completed: 'Generation completed',
  failed: 'Generation failed',
  canceled: 'Generation failed',
} as const;

const ms = (date: Date) => date.getTime();

/**
 * The facing a task's model image must have to wear that view's garments: a
 * back-view garment drawn on a person facing the camera (or the reverse) is
 * a wrong picture, not a try-on.
 */
const FACING_OF_VIEW = { front: 'front_facing', back: 'back_facing' } as const;

/** Why a task cannot run on its model image, when the image's stored facing (read from its pose) is the other one; unknown facing runs. */
function facingRefusal(task: Task, model: StudioImage): TaskRefusal | undefined {
  const needed = FACING_OF_VIEW[task.view];
  if (model.viewType === null || model.viewType === needed) return undefined;
  return {
    code: 'pose_not_supported',
    message: `A ${task.view}-view garment needs a ${needed.replace('_', '-')} model image; model image ${model.id} is ${model.viewType.replace('_', '-')}. Set another with PUT /task.`,
  };
}

/** The try-on category each garment type is fitted as; shoes and accessories are not fitted by a try-on. */
const CATEGORY_OF_TYPE: Partial<Record<GarmentType, Category>> = { Top: 'upper', Bottom: 'lower', 'Full body': 'dress' };

export interface StudioOptions {
  imageLimits: ImageLimits;
  /** How long image links in answers stay valid. */
  linkTtlMs: number;
}

export class StudioService {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly links: BlobLinks,
    private readonly jobs: TaskJobs,
    private readonly credits: CreditService,
    private readonly teams: TeamService,
    /** Garment classification, off the event loop (studio-analysis.ts). */
    private readonly analysis: ImageAnalysis,
    private readonly options: StudioOptions,
  ) {}

  // ---- programs and access

  /** The program a request acts in: program_id, or the key's team's default program. */
  async program(caller: Caller, programId: string | undefined, mode: 'read' | 'write'): Promise<Program> {
    if (programId === undefined) return studioStore.defaultProgram(this.db, caller.teamId, newUuid7(), 'Default');
    const program = await studioStore.program(this.db, programId);
    if (program === undefined) throw new DrapeError('not_found', `No program ${programId}.`, { field: 'program_id' });
    await this.assertAccess(caller.teamId, program, mode);
    return program;
  }

  private async assertAccess(teamId: string, program: Program, mode: 'read' | 'write'): Promise<void> {
    if (program.teamId === teamId) return;
    if (mode === 'read' && (await studioStore.isSharedWith(this.db, program.id, teamId))) return;
    throw new DrapeError(
      'forbidden',
      mode === 'write' && (await studioStore.isSharedWith(this.db, program.id, teamId))
        ? `Program ${program.id} is shared with your team to read; only its owner changes it.`
        : `Program ${program.id} belongs to another team.`,
    );
  }

  /** May this team read the studio blobs of a program (the signed file route asks, when a key is sent)? */
  async canRead(teamId: string, programId: string): Promise<boolean> {
    const program = await studioStore.program(this.db, programId);
    if (program === undefined) return false;
    return program.teamId === teamId || studioStore.isSharedWith(this.db, programId, teamId);
  }

  async listPrograms(caller: Caller, query: { owned: boolean; token?: string | undefined; fetchAll: boolean }) {
    // The default program exists before the first listing shows it.
    await studioStore.defaultProgram(this.db, caller.teamId, newUuid7(), 'Default');
    const { rows, next } = await readPages<Program, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioStore.programsOf(this.db, caller.teamId, query.owned, { after, limit }),
      (program) => program.id,
    );
    return {
      programs: rows.map((program) => ({ program_id: program.id, program_name: program.name, create_time: ms(program.createdAt) })),
      pagination_token: next,
    };
  }

  async createProgram(caller: Caller, name: string) {
    const program = await studioStore.insertProgram(this.db, { id: newUuid7(), teamId: caller.teamId, name });
    return { program_id: program.id, program_name: program.name, user_id: caller.keyId ?? null, create_time: ms(program.createdAt) };
  }

  // ---- metering

  /** The balance and slots of the team that owns the program (the key's team without program_id). */
  async plan(caller: Caller, programId: string | undefined) {
    const program = programId === undefined ? undefined : await this.program(caller, programId, 'read');
    const team = await this.teams.get(program?.teamId ?? caller.teamId);
    return {
      credits: await this.credits.balance(team.id),
      plan_status: team.plan,
      concurrent_requests: this.teams.limitsOf(team).concurrency,
      plan_name: null,
      subscription_id: null,
    };
  }

  async creditHistory(caller: Caller, query: { programId?: string | undefined; token?: string | undefined; fetchAll: boolean }) {
    const program = await this.program(caller, query.programId, 'read');
    const { rows, next } = await readPages(
      query.token,
      query.fetchAll,
      'number',
      (before: number | undefined, limit) => studioStore.usage(this.db, program, { before, limit }),
      (entry) => entry.seq,
    );
    return {
      items: rows.map((entry) => ({
        program_id: program.id,
        request_id: entry.requestId ?? entry.jobId,
        // credits spent: a charge counts up, its refund back down
        credits: -entry.amount,
        timestamp: ms(entry.createdAt),
        operation: entry.kind === 'refund' ? `${entry.operation ?? 'job'}_refund` : (entry.operation ?? 'job'),
      })),
      pagination_token: next,
    };
  }

  // ---- projects

  async createProject(caller: Caller, programId: string | undefined, name: string) {
    const program = await this.program(caller, programId, 'write');
    const id = newUuid7();
    await studioStore.insertProject(this.db, { id, programId: program.id, name });
    return this.projectJson((await studioStore.project(this.db, id))!);
  }

  /** A project the caller may read (or write), checked against program_id when given. */
  async project(caller: Caller, projectId: string, programId: string | undefined, mode: 'read' | 'write'): Promise<Project> {
    const project = await studioStore.project(this.db, projectId);
    if (project === undefined || (programId !== undefined && project.programId !== programId)) {
      throw new DrapeError('not_found', `No project ${projectId}${programId === undefined ? '' : ` in program ${programId}`}.`, {
        field: 'project_id',
      });
    }
    const program = (await studioStore.program(this.db, project.programId))!;
    await this.assertAccess(caller.teamId, program, mode);
    return project;
  }

  projectJson(project: Project) {
    return {
      project_id: project.id,
      project_name: project.name,
      project_status: projectStatus(project),
      create_time: ms(project.createdAt),
    };
  }

  async listProjects(caller: Caller, query: { programId?: string | undefined; token?: string | undefined; fetchAll: boolean }) {
    const program = await this.program(caller, query.programId, 'read');
    const { rows, next } = await readPages<Project, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioStore.projects(this.db, program.id, { after, limit }),
      (project) => project.id,
    );
    return { projects: rows.map((project) => this.projectJson(project)), pagination_token: next };
  }

  // ---- images and SKUs

  /** A base64 image of /project/upload: garment photos become a SKU of their own (named by image id). */
  async uploadImage(caller: Caller, input: { projectId: string; programId?: string | undefined; fileType: ImageFileType; data: string }) {
    const project = await this.project(caller, input.projectId, input.programId, 'write');
    const payload = input.data.replace(/^data:[^,]*;base64,/, '');
    if (payload.length * 0.75 > this.options.imageLimits.maxBytes + 3) {
      throw new DrapeError('file_size_too_large', `file_data is larger than ${this.options.imageLimits.maxBytes} bytes.`, { field: 'file_data' });
    }
    if (!/^[A-Za-z0-9+/=\s_-]*$/.test(payload)) {
      throw new DrapeError('invalid_parameter', 'file_data is not base64.', { field: 'file_data' });
    }
    const image = await acceptImage(Buffer.from(payload, 'base64'), this.options.imageLimits, 'file_data');
    if (input.fileType === 'garment_image') {
      const imageId = newUuid7();
      await this.addSkus(project, [{ name: imageId, images: [{ name: 'garment', image }] }], () => imageId);
      return { success: true, image_id: imageId };
    }
    const kind = input.fileType === 'model_image' ? 'model' : 'reference';
    // A model image's facing, read once here, decides which view's garments it can wear (generate).
    const pose = kind === 'model' ? await this.analysis.readPose(image) : undefined;
    const id = newUuid7();
    const key = studioImageKey(project.programId, id, image.format);
    await this.blobs.put(key, image.bytes, contentTypeOf(image.format));
    try {
      await studioStore.insertImage(this.db, {
        ...this.imageRow(id, project, null, key, image),
        kind,
        viewType: pose === undefined ? null : viewType(pose),
      });
    } catch (error) {
      await this.blobs.delete(key).catch(() => {});
      throw error;
    }
    return { success: true, image_id: id };
  }

  private imageRow(id: string, project: Project, skuId: string | null, key: string, image: AcceptedImage) {
    return {
      id,
      programId: project.programId,
      projectId: project.id,
      skuId,
      blobKey: key,
      format: image.format,
      width: image.width,
      height: image.height,
      garmentType: null,
      view: null,
      presentation: null,
      classification: null,
      viewType: null,
    };
  }

  /**
   * Classify every garment photo, store them, then write the SKUs and images
   * in one transaction; a failure anywhere removes what was stored, so an
   * upload makes all of its SKUs or none.
   */
  async addSkus(project: Project, skus: UnpackedSku[], imageId: () => string = newUuid7): Promise<number> {
    // Every photo is queued at once: the analysis threads take them in turn, the event loop only waits.
    const planned = await Promise.all(
      skus.map(async (sku) => ({
        id: newUuid7(),
        name: sku.name,
        images: await Promise.all(
          sku.images.map(async ({ name, image }) => {
            const id = imageId();
            const classification = await this.analysis.classify(image, `${sku.name}/${name}`).catch((error: unknown) => {
              if (error instanceof DrapeError) throw new DrapeError(error.code, `${sku.name}/${name}: ${error.message}`, { field: `${sku.name}/${name}` });
              throw error;
            });
            return { id, image, classification };
          }),
        ),
      })),
    );
    const written: string[] = [];
    try {
      for (const sku of planned) {
        for (const each of sku.images) {
          const key = studioImageKey(project.programId, each.id, each.image.format);
          await this.blobs.put(key, each.image.bytes, contentTypeOf(each.image.format));
          written.push(key);
        }
      }
      await this.db.transaction(async (tx) => {
        for (const sku of planned) {
          await studioStore.insertSku(tx, { id: sku.id, projectId: project.id, name: sku.name });
          for (const each of sku.images) {
            const { garmentType, view, presentation } = each.classification;
            await studioStore.insertImage(tx, {
              ...this.imageRow(each.id, project, sku.id, studioImageKey(project.programId, each.id, each.image.format), each.image),
              kind: 'garment',
              garmentType: garmentType.value,
              view: view.value,
              presentation: presentation.value,
              classification: each.classification,
            });
          }
        }
      });
    } catch (error) {
      await Promise.all(written.map((key) => this.blobs.delete(key).catch(() => {})));
      throw error;
    }
    return planned.length;
  }

  private async imageUrl(image: StudioImage): Promise<string> {
    return (await this.links.link(image.blobKey, this.options.linkTtlMs)).url;
  }

  /** A SKU's type: as set by PUT /sku, else what its garments add up to (a top and a bottom: Full body, as the document's example). */
  private skuType(sku: Sku, images: StudioImage[]): string | null {
    if (sku.garmentType !== null) return sku.garmentType;
    const types = new Set(images.map((image) => image.garmentType));
    if (types.has('Full body') || (types.has('Top') && types.has('Bottom'))) return 'Full body';
    for (const type of ['Top', 'Bottom', 'Shoes', 'Accessory']) if (types.has(type)) return type;
    return null;
  }

  private async skuJson(sku: Sku, images: StudioImage[], detail: boolean) {
    const own = images.filter((image) => image.skuId === sku.id);
    const base = {
      sku_id: sku.id,
      sku_name: sku.name,
      garment_type: this.skuType(sku, own),
      model_id: sku.modelId,
      style_id: sku.styleId,
      create_time: ms(sku.createdAt),
    };
    if (!detail) return base;
    return {
      ...base,
      garment_images: await Promise.all(
        own.map(async (image) => {
          const classification = image.classification as { garmentType: { confidence: number }; view: { confidence: number }; presentation: { confidence: number } };
          return {
            garment_id: image.id,
            image_id: image.blobKey,
            // Swept by retention: the row stays with its classification, the picture is gone.
            image_url: image.purgedAt === null ? await this.imageUrl(image) : null,
            expired: image.purgedAt !== null,
            garment_type: image.garmentType,
            view: image.view,
            presentation: image.presentation,
            confidence: {
              garment_type: classification.garmentType.confidence,
              view: classification.view.confidence,
              presentation: classification.presentation.confidence,
            },
          };
        }),
      ),
    };
  }

  async skus(caller: Caller, query: { projectId: string; programId?: string | undefined; skuId?: string | undefined; token?: string | undefined; fetchAll: boolean }) {
    const project = await this.project(caller, query.projectId, query.programId, 'read');
    if (query.skuId !== undefined) {
      const sku = await studioStore.sku(this.db, query.skuId);
      if (sku === undefined || sku.projectId !== project.id) throw new DrapeError('not_found', `No SKU ${query.skuId} in project ${project.id}.`, { field: 'sku_id' });
      return { skus: [await this.skuJson(sku, await studioStore.imagesOfSkus(this.db, [sku.id]), true)] };
    }
    const { rows, next } = await readPages<Sku, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioStore.skus(this.db, project.id, { after, limit }),
      (sku) => sku.id,
    );
    const images = await studioStore.imagesOfSkus(this.db, rows.map((sku) => sku.id));
    return { skus: await Promise.all(rows.map((sku) => this.skuJson(sku, images, false))), pagination_token: next };
  }

  async updateSkus(
    caller: Caller,
    input: { projectId?: string | undefined; programId?: string | undefined; skuIds: string[]; modelId?: string | undefined; styleId?: string | undefined; garmentType?: string | undefined },
  ) {
    const skus = await Promise.all(input.skuIds.map((id) => studioStore.sku(this.db, id)));
    const missing = input.skuIds.filter((_, index) => skus[index] === undefined);
    if (missing.length > 0) throw new DrapeError('not_found', `No SKU ${missing.join(', ')}.`, { field: 'sku_ids' });
    const projects = new Set(skus.map((sku) => sku!.projectId));
    for (const projectId of projects) {
      if (input.projectId !== undefined && projectId !== input.projectId) throw new DrapeError('not_found', `The SKUs are not all in project ${input.projectId}.`, { field: 'sku_ids' });
      await this.project(caller, projectId, input.programId, 'write');
    }
    await this.db.transaction(async (tx) => {
      for (const projectId of projects) await studioStore.updateSkus(tx, projectId, input.skuIds, input);
    });
    return { message: 'success' };
  }

  // ---- tasks

  /**
   * Tasks from the garment pairing: one task per view the SKU has a garment
   * photo of (front, back), each with that view's garments. A SKU that
   * already has a task for a view keeps it (POST /task twice makes no twins).
   */
  async createTasks(caller: Caller, input: { projectId: string; programId?: string | undefined; skuIds: string[] }) {
    const project = await this.project(caller, input.projectId, input.programId, 'write');
    const skus = await Promise.all(input.skuIds.map((id) => studioStore.sku(this.db, id)));
    const missing = input.skuIds.filter((_, index) => skus[index]?.projectId !== project.id);
    if (missing.length > 0) throw new DrapeError('not_found', `No SKU ${missing.join(', ')} in project ${project.id}.`, { field: 'sku_ids' });
    const images = await studioStore.imagesOfSkus(this.db, input.skuIds);
    const existing = await studioStore.tasksOfSkus(this.db, input.skuIds);
    await this.db.transaction(async (tx) => {
      for (const skuId of new Set(input.skuIds)) {
        for (const view of ['front', 'back'] as const) {
          const garments = images.filter((image) => image.skuId === skuId && image.kind === 'garment' && image.view === view);
          if (garments.length === 0 || existing.some((task) => task.skuId === skuId && task.view === view)) continue;
          await studioStore.insertTask(tx, { id: newUuid7(), projectId: project.id, skuId, view, garmentImageIds: garments.map((image) => image.id) });
        }
      }
    });
    return { message: 'success' };
  }

  private async taskIn(project: Project, taskId: string, skuId?: string): Promise<Task> {
    const task = await studioStore.task(this.db, taskId);
    if (task === undefined || task.projectId !== project.id || (skuId !== undefined && task.skuId !== skuId)) {
      throw new DrapeError('not_found', `No task ${taskId} in project ${project.id}${skuId === undefined ? '' : ` for SKU ${skuId}`}.`, { field: 'task_id' });
    }
    return task;
  }

  async updateTask(
    caller: Caller,
    input: { projectId: string; programId?: string | undefined; taskId: string; skuId: string; modelImage?: string | undefined; modelId?: string | undefined },
  ) {
    const project = await this.project(caller, input.projectId, input.programId, 'write');
    const task = await this.taskIn(project, input.taskId, input.skuId);
    if (input.modelImage !== undefined) {
      const image = await studioStore.image(this.db, input.modelImage);
      if (image === undefined || image.programId !== project.programId || image.kind !== 'model') {
        throw new DrapeError('not_found', `No model image ${input.modelImage} in this program (upload one with file_type "model_image").`, { field: 'model_image' });
      }
      if (image.purgedAt !== null) {
        throw new DrapeError('not_found', `Model image ${input.modelImage} was deleted by the retention sweep; upload it again.`, { field: 'model_image' });
      }
    }
    await studioStore.setModel(this.db, task.id, { modelImageId: input.modelImage, modelId: input.modelId });
    return { message: 'success' };
  }

  /**
   * Run the tasks' try-ons: one job per task with num_output_images results,
   * charged per image to the program's owner. Every task is checked, and the
   * team's free slots and credits counted, before the first job is made, so
   * a refusal (422, 402, 429) leaves every task as it was. A task whose
   * model image faces the wrong way for its view (front-view garments need a
   * front-facing model, back-view ones a back-facing one) fails at once with
   * the reason: no job, no slot, no charge.
   */
  async generate(caller: Caller, input: { projectId: string; programId?: string | undefined; taskIds: string[]; numOutputs: number; prompt?: string | undefined }) {
    const project = await this.project(caller, input.projectId, input.programId, 'write');
    const program = (await studioStore.program(this.db, project.programId))!;
    const taskIds = [...new Set(input.taskIds)];
    const prepared = [];
    const refused: { task: Task; refusal: TaskRefusal }[] = [];
    for (const taskId of taskIds) {
      const task = await this.taskIn(project, taskId);
      if (task.modelImageId === null) {
        throw new DrapeError('missing_parameter', `Task ${task.id} has no model_image: set one with PUT /task first.`, { field: 'model_image' });
      }
      if (task.jobStatus === 'queued' || task.jobStatus === 'processing') {
        throw new DrapeError('invalid_parameter', `Task ${task.id} is already generating.`, { field: 'task_ids' });
      }
      const model = (await studioStore.image(this.db, task.modelImageId))!;
      const refusal = facingRefusal(task, model);
      if (refusal === undefined) prepared.push({ task, inputs: await this.taskInputs(task, model) });
      else refused.push({ task, refusal });
    }
    const team = await this.teams.get(program.teamId);
    const slots = this.teams.limitsOf(team).concurrency - (await this.teams.activeJobs(team.id));
    if (prepared.length > slots) {
      throw new DrapeError(
        'concurrency_limit_exceeded',
        `These ${prepared.length} tasks need as many concurrent slots; the team has ${Math.max(0, slots)} free of ${this.teams.limitsOf(team).concurrency}. Retry when tasks finish.`,
        { headers: { 'retry-after': '5' } },
      );
    }
    const cost = prepared.length * this.credits.costOf('tryon', { samples: input.numOutputs });
    const balance = await this.credits.balance(team.id);
    if (cost > balance) {
      throw new DrapeError('insufficient_credits', `These tasks cost ${cost} credits and the team has ${balance}.`);
    }
    for (const { task, refusal } of refused) {
      await studioStore.refuseRun(this.db, { taskId: task.id, refusal, numOutputs: input.numOutputs, prompt: input.prompt ?? null });
    }
    for (const { task, inputs } of prepared) {
      const job = await this.jobs.submit({ teamId: team.id, requestId: caller.requestId, keyId: caller.keyId }, inputs, { outputs: input.numOutputs });
      await studioStore.startRun(this.db, { taskId: task.id, jobId: job.id, programId: program.id, numOutputs: input.numOutputs, prompt: input.prompt ?? null });
    }
    return { message: 'success' };
  }

  /** The model photo and the task's garments that a try-on can fit (one per category, a full-body garment alone). */
  private async taskInputs(task: Task, model: StudioImage) {
    const garments = await Promise.all(task.garmentImageIds.map((id) => studioStore.image(this.db, id)));
    const chosen = new Map<Category, StudioImage>();
    for (const garment of garments) {
      const category = CATEGORY_OF_TYPE[garment!.garmentType as GarmentType];
      if (category !== undefined && !chosen.has(category)) chosen.set(category, garment!);
    }
    if (chosen.has('dress')) for (const category of ['upper', 'lower'] as const) chosen.delete(category);
    if (chosen.size === 0) {
      throw new DrapeError('category_mismatch', `Task ${task.id} has no garment a try-on can fit (a top, a bottom or a full-body garment).`, { field: 'task_ids' });
    }
    const load = async (image: StudioImage): Promise<AcceptedImage> => {
      const blob = image.purgedAt === null ? await this.blobs.get(image.blobKey) : undefined;
      if (blob === undefined) {
        const why = image.purgedAt === null ? 'is no longer stored' : 'was deleted by the retention sweep; upload it again';
        throw new DrapeError('not_found', `The ${image.kind} image ${image.id} ${why}.`, { field: 'task_ids' });
      }
      return { bytes: blob.bytes, format: image.format as AcceptedImage['format'], width: image.width, height: image.height };
    };
    return {
      person: await load(model),
      garments: await Promise.all([...chosen].map(async ([category, image]) => ({ image: await load(image), category }))),
    };
  }

  private async taskStatus(task: Task): Promise<string> {
    if (task.refusal !== null) return TASK_STATUS.failed;
    return task.jobStatus === null ? TASK_STATUS.created : TASK_STATUS[task.jobStatus];
  }

  /** Every task of the program, grouped by SKU (GET /task without detail parameters). */
  async listTasks(caller: Caller, query: { programId?: string | undefined; token?: string | undefined; fetchAll: boolean }) {
    const program = await this.program(caller, query.programId, 'read');
    const { rows, next } = await readPages<Sku & { projectId: string }, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioStore.skusOfProgram(this.db, program.id, { after, limit }),
      (sku) => sku.id,
    );
    const tasks = await studioStore.tasksOfSkus(this.db, rows.map((sku) => sku.id));
    return {
      skus: await Promise.all(
        rows.map(async (sku) => ({
          sku_id: sku.id,
          sku_name: sku.name,
          project_id: sku.projectId,
          tasks: await Promise.all(
            tasks.filter((task) => task.skuId === sku.id).map(async (task) => ({ task_id: task.id, view: task.view, task_status: await this.taskStatus(task) })),
          ),
        })),
      ),
      pagination_token: next,
    };
  }

  async taskDetail(caller: Caller, query: { projectId: string; programId?: string | undefined; skuId: string; taskId: string }) {
    const project = await this.project(caller, query.projectId, query.programId, 'read');
    const task = await this.taskIn(project, query.taskId, query.skuId);
    const program = (await studioStore.program(this.db, project.programId))!;
    const base = {
      task_id: task.id,
      sku_id: task.skuId,
      view: task.view,
      model_image: task.modelImageId,
      task_status: await this.taskStatus(task),
      num_output_images: task.numOutputs,
      prompt: task.prompt,
    };
    if (task.refusal !== null) return { ...base, output: [], error: { code: task.refusal.code, message: task.refusal.message } };
    if (task.jobId === null) return { ...base, output: [] };
    const job = await this.jobs.get(program.teamId, task.jobId);
    if (job.purgedAt !== null) return { ...base, output: [], expired: true };
    if (job.status !== 'completed' || job.result === null) {
      return { ...base, output: [], ...(job.error === null ? {} : { error: { code: job.error.code, message: job.error.message } }) };
    }
    const images = [job.result.image, ...(job.result.samples ?? [])];
    let distinct = task.distinctOutputs;
    if (distinct === null) {
      // Counted once: a deterministic engine makes the same picture for every sample, and the client should know.
      const hashes = new Set<string>();
      for (const image of images) {
        const blob = await this.blobs.get(image.key);
        if (blob !== undefined) hashes.add(createHash('sha256').update(blob.bytes).digest('hex'));
      }
      distinct = hashes.size;
      await studioStore.setDistinctOutputs(this.db, task.id, job.id, distinct);
    }
    return {
      ...base,
      num_distinct_images: distinct,
      output: await Promise.all(images.map(async (image) => ({ image_id: image.key, image_url: (await this.links.link(image.key, this.options.linkTtlMs)).url }))),
    };
  }
}
