import { ailabtools } from './ailabtools/index.js';
import type { Dialect } from './dialect.js';
import { fashn } from './fashn/index.js';
import { glam } from './glam/index.js';
import { huhu } from './huhu/index.js';
import { pixelcut } from './pixelcut/index.js';
import { studio } from './studio/index.js';

/** Every compatibility dialect the server speaks. */
export const DIALECTS: readonly Dialect[] = [huhu, pixelcut, glam, ailabtools, fashn, studio];

