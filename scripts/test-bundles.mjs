// Bundles test files to plain JavaScript before tap runs them, so a test process starts without a
// TypeScript loader (registering tsx's loader and sending every import through it was most of a test
// file's start-up). One esbuild run for all the files: the workspace's own code (`@duban/*` and
// relative imports) is bundled, with the code test files share split into common chunks; every
// package from the registry stays an import of the file esbuild resolved, by absolute path, so it
// loads exactly as it would from the source file.
import { readFile, rm } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

/**
 * A module's `import.meta` must keep naming its source file (fixtures, data files and child
 * processes are found relative to it), not the bundle it ends up in.
 */
function sourceLocation(text, file) {
  return text
    .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href))
    .replaceAll('import.meta.dirname', JSON.stringify(dirname(file)))
    .replaceAll('import.meta.filename', JSON.stringify(file))
}

const workspaceOnly = {
  name: 'bundle-the-workspace-only',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@duban/') || args.pluginData?.resolving) return undefined
      if (args.path.startsWith('node:')) return { external: true }
      const resolved = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      })
      if (resolved.errors.length > 0) return { errors: resolved.errors }
      return { path: resolved.path, external: true }
    })
    build.onLoad({ filter: /\.ts$/ }, async (args) => ({
      loader: 'ts',
      contents: sourceLocation(await readFile(args.path, 'utf8'), args.path),
    }))
  },
}

/**
 * Bundles `files` (absolute paths of test files under `root`) and the `processEntries` the tests
 * start as processes into `outdir`, keeping their paths relative to `root`; returns the bundle of
 * each test file, in the same order.
 */
export async function bundleTests(root, files, outdir, processEntries = []) {
  await rm(outdir, { recursive: true, force: true })
  await build({
    absWorkingDir: root,
    entryPoints: [...new Set([...files, ...processEntries])],
    outdir,
    outbase: root,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [workspaceOnly],
  })
  return files.map((file) => join(outdir, relative(root, file)).replace(/\.ts$/, '.mjs'))
}
