// tsc copies no SQL, HTML, CSS, JSON or plain .js files: put the migrations, the ComfyUI templates and the
// playground's static files beside the built code.
import { cpSync } from 'node:fs';

cpSync('src/db/migrations', 'dist/src/db/migrations', { recursive: true });
cpSync('src/web', 'dist/src/web', { recursive: true });
cpSync('src/engines/remote/comfyui-templates', 'dist/src/engines/remote/comfyui-templates', { recursive: true });
