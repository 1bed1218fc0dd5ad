/**
 * A ComfyUI double, answering as ComfyUI's server routes do: POST
 * /upload/image (multipart image → {name, subfolder, type}), POST /prompt
 * ({prompt, client_id} → {prompt_id, number, node_errors}; 400 with
 * {error, node_errors} for an unknown node class), GET /history/{id} ({} until
 * the prompt ran), GET /view, GET/POST /queue, POST /interrupt, GET
 * /system_stats. One prompt runs at a time, for `runMs`.
 */
import { randomUUID } from 'node:crypto';
import { fakeTryOn, startFake, type FakeServer } from './fake-server.js';

export interface FakeComfy extends FakeServer {
  uploads: Map<string, Buffer>;
  /** Workflows queued, in order. */
  prompts: { id: string; workflow: Record<string, { class_type: string; inputs: Record<string, unknown> }> }[];
  deleted: string[];
  interrupted: string[];
  /** Node class types this server has; a workflow using another is refused as ComfyUI refuses it. */
  knownNodes: Set<string>;
  settings: { runMs: number; executionError: boolean; down: boolean };
}

export async function startFakeComfy(knownNodes: string[]): Promise<FakeComfy> {
  const uploads = new Map<string, Buffer>();
  const outputs = new Map<string, Buffer>();
  const history = new Map<string, unknown>();
  const queue: { id: string; number: number; run: () => Promise<void> }[] = [];
  let running: { id: string; number: number; cancel: () => void } | undefined;
  let counter = 0;
  const state = {
    prompts: [] as FakeComfy['prompts'],
    deleted: [] as string[],
    interrupted: [] as string[],
    knownNodes: new Set(knownNodes),
    settings: { runMs: 50, executionError: false, down: false },
  };

  const next = () => {
    if (running !== undefined || queue.length === 0) return;
    const item = queue.shift()!;
    let timer: NodeJS.Timeout | undefined;
    running = { id: item.id, number: item.number, cancel: () => clearTimeout(timer) };
    timer = setTimeout(() => {
      void item.run().finally(() => {
        running = undefined;
        next();
      });
    }, state.settings.runMs);
  };

  const server = await startFake(async (request, reply) => {
    if (state.settings.down) return reply.json(502, { error: 'bad gateway' });
    const { method, path } = request;
    if (method === 'GET' && path === '/system_stats') return reply.json(200, { system: { comfyui_version: '0.3.40' }, devices: [] });
    if (method === 'POST' && path === '/upload/image') {
      const form = await request.form();
      const file = form.get('image') as File;
      uploads.set(file.name, Buffer.from(await file.arrayBuffer()));
      return reply.json(200, { name: file.name, subfolder: '', type: 'input' });
    }
    if (method === 'POST' && path === '/prompt') {
      const { prompt } = request.json<{ prompt: FakeComfy['prompts'][number]['workflow'] }>();
      const unknown = Object.entries(prompt).find(([, node]) => !state.knownNodes.has(node.class_type));
      if (unknown !== undefined) {
        return reply.json(400, {
          error: {
            type: 'invalid_prompt',
            message: `Cannot execute because node ${unknown[1].class_type} does not exist.`,
            details: `Node ID '#${unknown[0]}'`,
            extra_info: {},
          },
          node_errors: {},
        });
      }
      const id = randomUUID();
      const number = counter++;
      state.prompts.push({ id, workflow: prompt });
      queue.push({
        id,
        number,
        run: async () => {
          if (state.settings.executionError) {
            history.set(id, {
              prompt: [number, id, prompt, {}, []],
              outputs: {},
              status: {
                status_str: 'error',
                completed: false,
                messages: [['execution_error', { prompt_id: id, node_id: '5', node_type: 'CatVTONWrapper', exception_message: 'CUDA out of memory.' }]],
              },
            });
            return;
          }
          const load = Object.values(prompt).find((node) => node.class_type === 'LoadImage')!;
          const filename = `drape_${String(number).padStart(5, '0')}_.png`;
          outputs.set(filename, await fakeTryOn(uploads.get(String(load.inputs.image))!));
          const save = Object.entries(prompt).find(([, node]) => node.class_type === 'SaveImage')![0];
          history.set(id, {
            prompt: [number, id, prompt, {}, [save]],
            outputs: { [save]: { images: [{ filename, subfolder: '', type: 'output' }] } },
            status: { status_str: 'success', completed: true, messages: [] },
          });
        },
      });
      next();
      return reply.json(200, { prompt_id: id, number, node_errors: {} });
    }
    if (method === 'GET' && path.startsWith('/history/')) {
      const id = decodeURIComponent(path.slice('/history/'.length));
      const entry = history.get(id);
      return reply.json(200, entry === undefined ? {} : { [id]: entry });
    }
    if (method === 'GET' && path === '/view') {
      const bytes = outputs.get(request.query.get('filename') ?? '');
      return bytes === undefined ? reply.json(404, {}) : reply.bytes(200, bytes, 'image/png');
    }
    if (method === 'GET' && path === '/queue') {
      return reply.json(200, {
        queue_running: running === undefined ? [] : [[running.number, running.id, {}, {}, []]],
        queue_pending: queue.map((item) => [item.number, item.id, {}, {}, []]),
      });
    }
    if (method === 'POST' && path === '/queue') {
      const ids: string[] = request.json<{ delete?: string[] }>().delete ?? [];
      for (const id of ids) {
        const index = queue.findIndex((item) => item.id === id);
        if (index >= 0) {
          queue.splice(index, 1);
          state.deleted.push(id);
        }
      }
      return reply.json(200, {});
    }
    if (method === 'POST' && path === '/interrupt') {
      if (running !== undefined) {
        state.interrupted.push(running.id);
        running.cancel();
        const id = running.id;
        history.set(id, { outputs: {}, status: { status_str: 'error', completed: false, messages: [['execution_interrupted', { prompt_id: id }]] } });
        running = undefined;
        next();
      }
      return reply.json(200, {});
    }
    return reply.json(404, {});
  });
  return { ...server, uploads, ...state };
}
