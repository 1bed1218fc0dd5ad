/**
 * Custom poses (POST/GET /pose): a reference photo's pose read by the
 * vision models, and its pose_prompt written from the keypoints' geometry
 * (pose-geometry.ts). The photo is kept as a studio image of the program,
 * linked like every studio image (reference_image_presigned_url).
 */
import type { Db } from '../db/db.js';
import { studioModelStore, type Pose } from '../db/studio-model-store.js';
import { DrapeError } from '../errors.js';
import { newUuid7 } from '../ids.js';
import type { AcceptedImage } from '../images/image-guard.js';
import { contentTypeOf, studioImageKey } from '../storage/blob-keys.js';
import type { BlobLinks } from '../storage/blob-links.js';
import type { BlobStore } from '../storage/blob-store.js';
import { readPages } from './pagination.js';
import { cropType, posePrompt, viewType } from './pose-geometry.js';
import type { PoseReads } from './pose-reader.js';
import type { Caller, StudioService } from './studio-service.js';

const ms = (date: Date) => date.getTime();

export class CustomPoses {
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

  async create(caller: Caller, input: { programId?: string | undefined; title: string; referenceImage: string }) {
    const program = await this.studio.program(caller, input.programId, 'write');
    const image = await this.acceptImage('reference_image', input.referenceImage);
    const pose = await this.poses.read(image);
    if (pose === undefined) {
      throw new DrapeError('no_person_detected', 'No person was found in reference_image: a pose is read from a photo of one person.', { field: 'reference_image' });
    }
    const prompt = posePrompt(pose);
    const id = newUuid7(), imageId = newUuid7();
    const key = studioImageKey(program.id, imageId, image.format);
    await this.blobs.put(key, image.bytes, contentTypeOf(image.format));
    try {
      await this.db.transaction((tx) =>
        studioModelStore.insertPose(
          tx,
          { id, programId: program.id, title: input.title, prompt, promptType: cropType(pose), viewType: viewType(pose), imageId, keypoints: pose },
          { blobKey: key, format: image.format, width: image.width, height: image.height },
        ),
      );
    } catch (error) {
      await this.blobs.delete(key).catch(() => {});
      throw error;
    }
    return { status: 'success', pose_id: id, pose_prompt: prompt, pose_title: input.title, prompt_type: cropType(pose), view_type: viewType(pose) };
  }

  private async json(pose: Pose) {
    return {
      pose_id: pose.id,
      title: pose.title,
      prompt: pose.prompt,
      // The keypoints and prompt stay when retention has swept the reference photo.
      reference_image_presigned_url: pose.purgedAt === null ? (await this.links.link(pose.blobKey, this.linkTtlMs)).url : null,
      prompt_type: pose.promptType,
      view_type: pose.viewType,
      create_time: ms(pose.createdAt),
    };
  }

  async detail(caller: Caller, poseId: string, programId: string | undefined) {
    const pose = await studioModelStore.pose(this.db, poseId);
    if (pose === undefined || (programId !== undefined && pose.programId !== programId)) {
      throw new DrapeError('not_found', `No pose ${poseId}${programId === undefined ? '' : ` in program ${programId}`}.`, { field: 'pose_id' });
    }
    await this.studio.program(caller, pose.programId, 'read');
    return this.json(pose);
  }

  async list(caller: Caller, query: { programId?: string | undefined; token?: string | undefined; fetchAll: boolean }) {
    const program = await this.studio.program(caller, query.programId, 'read');
    const { rows, next } = await readPages<Pose, string>(
      query.token,
      query.fetchAll,
      'string',
      (after, limit) => studioModelStore.poses(this.db, program.id, { after, limit }),
      (pose) => pose.id,
    );
    return { poses: await Promise.all(rows.map((pose) => this.json(pose))), pagination_token: next };
  }
}
