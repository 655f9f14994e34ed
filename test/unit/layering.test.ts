/**
 * The layering rule (eslint.config.mjs, .eslint/rules/layering.mjs) run through ESLint with the
 * project's real configuration: every forbidden direction is refused with a message naming the
 * layers, and the allowed ones pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function layeringMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'clearance/layering').map((m) => m.message);
}

const refused: [file: string, code: string, expected: RegExp][] = [
  ['electron/contract/x.ts', "import { a } from '../services/records/recordsService.js';", /contract may not import services/],
  ['electron/contract/x.ts', "import { a } from '../../db/schema.js';", /contract may not import db/],
  ['electron/contract/x.ts', "import { a } from 'kysely';", /contract may not import the package "kysely"/],
  ['electron/services/x/y.ts', "import { a } from '../../ipc/router.js';", /services may not import ipc/],
  ['electron/services/x/y.ts', "import { a } from '../../main/main.js';", /services may not import main/],
  ['electron/services/x/y.ts', "import { a } from '../../../renderer/src/api';", /services may not import renderer/],
  ['electron/services/x/y.ts', "import { a } from '../../app/bootstrap.js';", /services may not import app/],
  ['electron/services/x/y.ts', "import { safeStorage } from 'electron';", /Only electron\/main and electron\/preload may import Electron/],
  ['db/x.ts', "import { a } from '../electron/services/clock.js';", /db may not import services/],
  ['db/migrations/x.ts', "import { a } from '../../electron/contract/roles.js';", /db may not import contract/],
  ['electron/ipc/handlers/x.ts', "import type { AuditEntry } from '../../../db/schema.js';", /ipc may not import db/],
  ['electron/ipc/x.ts', "import { a } from '../main/main.js';", /ipc may not import main/],
  ['electron/ipc/x.ts', "import { a } from '../../demo/demo.js';", /ipc may not import demo/],
  ['electron/ipc/x.ts', "import { dialog } from 'electron';", /Only electron\/main and electron\/preload/],
  [
    'electron/ipc/handlers/x.ts',
    "import { sql } from 'kysely';",
    /ipc may not import "kysely": handlers translate; queries and file writes belong in a service/,
  ],
  ['electron/ipc/handlers/x.ts', "import { writeFileSync } from 'node:fs';", /ipc may not import "node:fs": handlers translate/],
  ['electron/ipc/handlers/x.ts', "import { writeFile } from 'node:fs/promises';", /ipc may not import "node:fs\/promises"/],
  ['electron/ipc/x.ts', "import { writeFileSync } from 'fs';", /ipc may not import "fs"/],
  ['electron/app/x.ts', "import { a } from '../main/main.js';", /app may not import main/],
  ['electron/app/x.ts', "import { app } from 'electron';", /Only electron\/main and electron\/preload/],
  ['demo/x.ts', "import { a } from '../electron/ipc/router.js';", /demo may not import ipc/],
  ['electron/preload/x.ts', "import { a } from '../services/clock.js';", /preload may not import services/],
  ['electron/preload/x.ts', "import { z } from 'zod';", /preload may not import the package "zod"/],
  ['electron/main/x.ts', "import { a } from '../../renderer/src/api';", /main may not import renderer/],
  ['electron/main/x.ts', "import { a } from '../../demo/demo.js';", /main may not import demo/],
  ['renderer/src/x.ts', "import { a } from '../../electron/services/clock.js';", /renderer may not import services/],
  ['renderer/src/x.ts', "import { a } from '../../electron/ipc/router.js';", /renderer may not import ipc/],
  ['renderer/src/x.ts', "import { a } from '../../db/schema.js';", /renderer may not import db/],
  ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';", /Only electron\/main and electron\/preload/],
  ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';", /untrusted renderer and may not import the Node built-in "node:fs"/],
  ['renderer/src/x.ts', "export { a } from '../../electron/services/clock.js';", /renderer may not import services/],
  ['renderer/src/x.ts', "const m = await import('../../electron/services/clock.js');", /renderer may not import services/],
  [
    'renderer/src/screens/x/y.tsx',
    "import type { Err } from '../../../../electron/contract/result';",
    /renderer imports contract as "@contract\/…", not by a relative path/,
  ],
];

const allowed: [file: string, code: string][] = [
  ['electron/contract/x.ts', "import { z } from 'zod';\nimport { a } from './roles.js';"],
  [
    'electron/services/x/y.ts',
    "import { a } from '../../contract/roles.js';\nimport { b } from '../../../db/schema.js';\nimport { c } from '../clock.js';",
  ],
  ['electron/ipc/x.ts', "import { a } from '../services/clock.js';\nimport { b } from '../contract/index.js';"],
  [
    'electron/app/x.ts',
    "import { a } from '../ipc/router.js';\nimport { b } from '../../db/connection.js';\nimport { c } from '../../demo/demo.js';",
  ],
  ['demo/x.ts', "import { a } from '../electron/services/auth/passwordHash.js';\nimport { b } from '../db/schema.js';"],
  ['electron/main/x.ts', "import { app } from 'electron';\nimport { a } from '../app/bootstrap.js';"],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { a } from '../contract/index.js';"],
  ['renderer/src/x.ts', "import { a } from '@contract/records';\nimport { useState } from 'react';\nimport { b } from './api';"],
  ['test/unit/x.ts', "import { a } from '../../electron/ipc/router.js';\nimport { app } from 'electron';"],
  ['scripts/x.ts', "import { a } from '../electron/main/main.js';"],
];

describe('the layering rule', () => {
  it.each(refused)('refuses %s: %s', async (file, code, expected) => {
    const messages = await layeringMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(expected);
  });

  it.each(allowed)('allows %s: %s', async (file, code) => {
    expect(await layeringMessages(file, code)).toEqual([]);
  });
});
