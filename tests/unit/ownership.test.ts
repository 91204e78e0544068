import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of DESIGN.md's "Ownership", read from the source itself:
 * imports run one way (client and server over shared), there are no import
 * circles, and only the meeting service (with the composition roots that
 * build it) holds the meetings' store.
 */
const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => join(folder, file));
}

const FILES = [...sourceFiles('shared'), ...sourceFiles('server'), ...sourceFiles('client/src')];

/** The project files a file imports (static, dynamic and re-exports), as paths from the root. */
function importsOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (match) => match[1] as string,
  );
  // Stylesheets, JSON and other assets are not modules of the graph.
  return specifiers
    .filter((specifier) => !/\.(css|json|svg|png|woff2?)$/.test(specifier))
    .map((specifier) => {
      const target = relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, '');
      // A library's own file reached by path (the client's transport): outside the graph.
      if (target.startsWith('node_modules/')) return null;
      const candidates = [`${target}.ts`, `${target}.tsx`, join(target, 'index.ts')];
      const found = candidates.find((candidate) => FILES.includes(candidate));
      if (!found) throw new Error(`${file} imports ${specifier}, which is not a source file`);
      return found;
    })
    .filter((target): target is string => target !== null);
}

const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

/** Every import circle, each as the files along it (found by depth-first search). */
function importCircles(): string[][] {
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of GRAPH.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of FILES) if (!state.has(file)) visit(file);
  return circles;
}

describe('ownership and the direction of imports', () => {
  it('reads the whole source (the rules below are checked against something)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(GRAPH.get('server/app.ts')).toContain('server/meetings/service.ts');
  });

  it('has no import circles', () => {
    expect(importCircles()).toEqual([]);
  });

  it('shared imports only shared; client and server never import each other', () => {
    const crossings = [...GRAPH].flatMap(([file, imports]) =>
      imports
        .filter(
          (target) =>
            (file.startsWith('shared/') && !target.startsWith('shared/')) ||
            (file.startsWith('client/') && target.startsWith('server/')) ||
            (file.startsWith('server/') && target.startsWith('client/')),
        )
        .map((target) => `${file} → ${target}`),
    );
    expect(crossings).toEqual([]);
  });

  it('only the meeting service, the composition roots and the stores themselves hold the meetings’ store', () => {
    // The consultations build their own store on the same connection; the record is loaded by the service.
    const allowed = new Set([
      'server/main.ts',
      'server/app.ts',
      'server/metrics.ts',
      'server/meetings/service.ts',
      'server/record/index.ts',
      'server/consultations/index.ts',
      'server/consultations/stores.ts',
    ]);
    const holders = FILES.filter((file) => !file.startsWith('server/store/')).filter((file) =>
      /\b(MeetingStore|SqliteStore|RedisStore)\b/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(holders.filter((file) => !allowed.has(file))).toEqual([]);
  });

  it('finds a circle when one is added (the circle check can fail)', () => {
    GRAPH.set('shared/model.ts', [...(GRAPH.get('shared/model.ts') ?? []), 'shared/reducer.ts']);
    try {
      expect(importCircles().length).toBeGreaterThan(0);
    } finally {
      GRAPH.set('shared/model.ts', importsOf('shared/model.ts'));
    }
    expect(importCircles()).toEqual([]);
  });
});
