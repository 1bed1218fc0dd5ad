import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { OPERATIONS, type CategoryChoice, type TryOnOptions } from '../engine.js';

/** Shipped templates, by name; an operator's own is a path to a file of the same shape. */
export const SHIPPED_TEMPLATES = ['catvton', 'idm-vton'] as const;

const nodeInput = z.object({ node: z.string(), input: z.string() });

/**
 * A ComfyUI workflow in API format ("Save (API Format)" in ComfyUI) and how
 * Drape's inputs and options land on its nodes: the two LoadImage inputs
 * that receive the uploaded photos, the values set from the job (the seed,
 * the preset and the garment category, each optionally through a table), and
 * the SaveImage node whose images are the result.
 */
export const comfyTemplateSchema = z.object({
  name: z.string().min(1),
  about: z.string().default(''),
  nodePacks: z.array(z.object({ name: z.string(), url: z.string(), nodes: z.array(z.string()) })).default([]),
  operations: z.array(z.enum(OPERATIONS)).default(['tryon']),
  images: z.object({ person: nodeInput, garment: nodeInput }),
  values: z
    .array(
      nodeInput.extend({
        from: z.enum(['seed', 'preset', 'category']),
        map: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      }),
    )
    .default([]),
  output: z.string().describe('The id of the SaveImage node whose images are the result.'),
  workflow: z.record(z.string(), z.object({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()) })),
});
export type ComfyTemplate = z.output<typeof comfyTemplateSchema>;
export type ComfyWorkflow = ComfyTemplate['workflow'];

/** A shipped template by name, or the operator's file; refused at start when it does not fit together. */
export async function loadComfyTemplate(nameOrPath: string): Promise<ComfyTemplate> {
  const shipped = (SHIPPED_TEMPLATES as readonly string[]).includes(nameOrPath);
  const url = shipped ? new URL(`./comfyui-templates/${nameOrPath}.json`, import.meta.url) : nameOrPath;
  const template = comfyTemplateSchema.parse(JSON.parse(await readFile(url, 'utf8')));
  const problems = templateProblems(template);
  if (problems.length > 0) throw new Error(`ComfyUI template ${nameOrPath}: ${problems.join('; ')}`);
  return template;
}

/** Every mapping must name a node of the workflow and an input that node has. */
export function templateProblems(template: ComfyTemplate): string[] {
  const problems: string[] = [];
  const check = (where: string, target: { node: string; input: string }) => {
    const node = template.workflow[target.node];
    if (node === undefined) problems.push(`${where} names node ${target.node}, which the workflow does not have`);
    else if (!(target.input in node.inputs)) problems.push(`${where} names input ${target.input} of node ${target.node} (${node.class_type}), which it does not have`);
  };
  check('images.person', template.images.person);
  check('images.garment', template.images.garment);
  template.values.forEach((value, index) => check(`values[${index}] (${value.from})`, value));
  if (template.workflow[template.output] === undefined) problems.push(`output names node ${template.output}, which the workflow does not have`);
  return problems;
}

export interface WorkflowValues {
  person: string;
  garment: string;
  seed: number;
  preset: TryOnOptions['preset'];
  category: CategoryChoice;
}

/** The template's workflow with this job's uploaded image names and values set on their nodes (a copy). */
export function buildWorkflow(template: ComfyTemplate, values: WorkflowValues): ComfyWorkflow {
  const workflow = structuredClone(template.workflow);
  const set = (target: { node: string; input: string }, value: unknown) => {
    workflow[target.node]!.inputs[target.input] = value;
  };
  set(template.images.person, values.person);
  set(template.images.garment, values.garment);
  for (const value of template.values) {
    const raw = value.from === 'seed' ? values.seed : value.from === 'preset' ? values.preset : values.category;
    set(value, value.map === undefined ? raw : (value.map[String(raw)] ?? raw));
  }
  return workflow;
}
