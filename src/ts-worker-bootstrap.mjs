// Worker threads started from TypeScript sources (tests, scripts under tsx)
// do not inherit tsx's loader: register it, then load the real worker. The
// built server (dist/) loads engine-worker.js directly and never uses this.
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const worker = await import(pathToFileURL(workerData.entry).href);
export default worker.default;
