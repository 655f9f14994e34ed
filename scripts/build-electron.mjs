/** Bundles main, preload and the on-demand demo seed for Electron (see electron-build.mjs). */
import { buildElectron } from './electron-build.mjs';

const built = await buildElectron();
console.log(`Built ${built.join(', ')}`);
