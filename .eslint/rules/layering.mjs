/**
 * clearance/layering: which part of the tree may import which, in the style of VS Code's
 * `code-layering` rule. Every import (static, dynamic, re-export, require) is resolved to a
 * path in the repository and both ends are given a layer; an import that the table below does
 * not allow is an error naming both layers. Tests, scripts and config files may import anything.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { builtinModules } from 'node:module';

/** The layers, in the order they are matched (first match wins). Paths are relative to the repo root. */
export const LAYERS = [
  { name: 'contract', path: 'electron/contract/' },
  { name: 'services', path: 'electron/services/' },
  { name: 'ipc', path: 'electron/ipc/' },
  { name: 'app', path: 'electron/app/' },
  { name: 'main', path: 'electron/main/' },
  { name: 'preload', path: 'electron/preload/' },
  { name: 'demo', path: 'demo/' },
  { name: 'db', path: 'db/' },
  { name: 'renderer', path: 'renderer/' },
];

/**
 * What each layer may import: its own layer plus these. `packages` says which npm packages:
 * 'any' (but never `electron` unless listed), or a list; `deniedPackages`, packages refused even
 * so, with the reason. Node built-ins count as packages.
 */
export const ALLOWED = {
  // The IPC contract is shared with the untrusted renderer: zod and nothing else.
  contract: { layers: [], packages: ['zod'] },
  // Plain rules over the database: no Electron, no IPC, no UI.
  services: { layers: ['contract', 'db'], packages: 'any' },
  // Schema, migrations and dialects stand alone.
  db: { layers: [], packages: 'any' },
  // The router and thin handlers: they translate, services decide. No queries, no file system.
  ipc: {
    layers: ['contract', 'services'],
    packages: 'any',
    deniedPackages: {
      reason: 'handlers translate; queries and file writes belong in a service',
      names: ['kysely', 'better-sqlite3', 'pg', 'fs', 'fs/promises'],
    },
  },
  // The composition root builds everything; it runs without Electron.
  app: { layers: ['contract', 'services', 'ipc', 'db', 'demo'], packages: 'any' },
  // Synthetic demo data: a development path, never part of a real install's start-up.
  demo: { layers: ['contract', 'services', 'db'], packages: 'any' },
  // The only Electron code.
  main: { layers: ['contract', 'services', 'ipc', 'app'], packages: 'any', electron: true },
  preload: { layers: ['contract'], packages: [], electron: true },
  // The renderer is untrusted UI: it shares the contract and nothing else of the main process.
  renderer: { layers: ['contract'], packages: 'any', nodeBuiltins: false },
};

const ALIASES = { '@contract/': 'electron/contract/' };
/** Layers that must reach another layer through its alias, never by climbing out of their own folder. */
const ALIAS_ONLY = { renderer: { contract: '@contract/' } };

/** Build configuration (vite.config.ts and the like) is tooling, not part of any layer. */
const TOOLING = /(^|\/)[^/]+\.config\.[cm]?[jt]s$/;

function layerOf(repoPath) {
  if (TOOLING.test(repoPath)) return null;
  return LAYERS.find((l) => repoPath.startsWith(l.path))?.name ?? null;
}

function packageName(specifier) {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce which layer of Clearance may import which (see eslint.config.mjs).' },
    schema: [],
    messages: {
      layer: '{{from}} may not import {{to}} ("{{specifier}}"). {{from}} may import: {{allowed}}.',
      electron: 'Only electron/main and electron/preload may import Electron; {{from}} imported "{{specifier}}".',
      package: '{{from}} may not import the package "{{specifier}}"; it may import: {{allowed}}.',
      alias: '{{from}} imports {{to}} as "{{alias}}…", not by a relative path ("{{specifier}}").',
      builtin: '{{from}} runs in the untrusted renderer and may not import the Node built-in "{{specifier}}".',
      denied: '{{from}} may not import "{{specifier}}": {{reason}}.',
    },
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const from = layerOf(file);
    if (!from) return {};
    const rule = ALLOWED[from];

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const alias = Object.keys(ALIASES).find((a) => specifier.startsWith(a));
      if (specifier.startsWith('.') || alias) {
        const target = alias
          ? ALIASES[alias] + specifier.slice(alias.length)
          : relative(root, resolve(dirname(context.filename), specifier))
              .split(sep)
              .join('/');
        const to = layerOf(target) ?? (target.startsWith('..') ? 'outside the repository' : `the file ${target}`);
        const viaAlias = ALIAS_ONLY[from]?.[to];
        if (viaAlias && !alias) {
          context.report({ node, messageId: 'alias', data: { from, to, specifier, alias: viaAlias } });
          return;
        }
        if (to === from || rule.layers.includes(to)) return;
        context.report({ node, messageId: 'layer', data: { from, to, specifier, allowed: [from, ...rule.layers].join(', ') } });
        return;
      }
      const name = packageName(specifier);
      if (name === 'electron') {
        if (!rule.electron) context.report({ node, messageId: 'electron', data: { from, specifier } });
        return;
      }
      const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
      if (rule.deniedPackages?.names.some((denied) => bare === denied || name === denied)) {
        context.report({ node, messageId: 'denied', data: { from, specifier, reason: rule.deniedPackages.reason } });
        return;
      }
      if (rule.nodeBuiltins === false && isBuiltin(specifier)) {
        context.report({ node, messageId: 'builtin', data: { from, specifier } });
        return;
      }
      if (rule.packages !== 'any' && !rule.packages.includes(name)) {
        const allowed = rule.electron ? [...rule.packages, 'electron'] : rule.packages;
        context.report({ node, messageId: 'package', data: { from, specifier, allowed: allowed.join(', ') || 'no packages' } });
      }
    }

    const source = (node) => check(node.source, node.source?.value);
    return {
      ImportDeclaration: source,
      ExportNamedDeclaration: (node) => node.source && source(node),
      ExportAllDeclaration: source,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
