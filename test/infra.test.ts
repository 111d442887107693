/**
 * infra/ cannot be run here (no Docker engine, no cluster), so this checks what can be checked
 * without one: every YAML file parses, and the parts refer to each other consistently — services,
 * volumes, selectors, ports, config maps and secrets that exist; entry files that exist; every
 * variable given to a Duban container known to the services and documented in infra/README.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigSchema, DeliveryConfigSchema } from '@duban/runtime'
import { SchedulerEnvSchema } from '@duban/scheduler'
import t from 'tap'
import { parseAllDocuments } from 'yaml'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const INFRA = join(ROOT, 'infra')
const README = readFileSync(join(INFRA, 'README.md'), 'utf8')

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML of any shape; the assertions are its checks
type Doc = Record<string, any>

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return yamlFiles(path)
    return /\.ya?ml$/.test(entry.name) ? [path] : []
  })
}

function load(path: string): Doc[] {
  return parseAllDocuments(readFileSync(path, 'utf8'), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map(String).join('; ')}`)
    return doc.toJS() as Doc
  })
}

/** Variables a Duban service reads: the scheduler's schema, the API's and delivery's. */
function knownVariable(name: string): boolean {
  return [SchedulerEnvSchema, ConfigSchema, DeliveryConfigSchema].some((schema) => name in schema.shape)
}

/** The TypeScript entry a `node --import tsx <entry>` command runs. */
function entryOf(command: unknown): string | undefined {
  if (!Array.isArray(command)) return undefined
  const at = command.indexOf('tsx')
  return at > 0 && command[at - 1] === '--import' ? String(command[at + 1]) : undefined
}

const documented = (name: string) => README.includes(`\`${name}\``)

t.test('given every YAML file under infra/, then each parses without an error', async (t) => {
  const files = yamlFiles(INFRA)
  t.ok(files.length >= 9, 'the compose file and the Kubernetes manifests')
  for (const file of files) t.doesNotThrow(() => load(file), relative(ROOT, file))
})

t.test('given the compose file', async (t) => {
  const [compose] = load(join(INFRA, 'compose.yaml')) as [Doc]
  const services = compose.services as Record<string, Doc>
  const names = new Set(Object.keys(services))

  t.test('then the services the issue names are there', async (t) => {
    for (const name of ['postgres', 'api1', 'api2', 'scheduler1', 'scheduler2', 'esdb1', 'esdb2', 'esdb3'])
      t.ok(names.has(name), name)
  })

  t.test('then every reference points at something that exists', async (t) => {
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        t.ok(names.has(dependency), `${name} depends on the service ${dependency}`)
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(':')[0]!
        t.ok(source in (compose.volumes ?? {}), `${name} mounts the declared volume ${source}`)
      }
      if (service.build) {
        const context = join(INFRA, service.build.context)
        t.ok(
          existsSync(join(context, service.build.dockerfile)),
          `${name} builds from an existing Dockerfile`,
        )
      }
      const entry = entryOf(service.command)
      if (entry) t.ok(existsSync(join(ROOT, entry)), `${name} runs ${entry}, which exists`)
      const storeUrl = service.environment?.DUBAN_STORE_URL
      if (storeUrl) {
        const host = new URL(String(storeUrl).replace(/\$\{[^}]*\}/g, 'x')).hostname
        t.ok(names.has(host), `${name}'s store is the compose service ${host}`)
      }
      for (const seed of String(service.environment?.EVENTSTORE_GOSSIP_SEED ?? '')
        .split(',')
        .filter(Boolean))
        t.ok(names.has(seed.split(':')[0]!), `${name} gossips with ${seed}`)
    }
  })

  t.test('then the schedulers run as services on PostgreSQL, where the leader lock is', async (t) => {
    for (const name of ['scheduler1', 'scheduler2']) {
      const env = services[name]!.environment
      t.match(env.DUBAN_SCHEDULER_EVERY, /^\d+(ms|s|m|h)$/, `${name} runs every interval`)
      t.match(env.DUBAN_STORE_URL, /^postgres:\/\//, `${name} is on PostgreSQL`)
      t.equal(entryOf(services[name]!.command), 'services/scheduler/src/main.ts')
    }
  })

  t.test('then the API checks its readiness on /health/ready, a route the API has', async (t) => {
    const health = readFileSync(join(ROOT, 'services/api/src/routes/health.ts'), 'utf8')
    t.match(health, /'\/health\/ready'/)
    for (const name of ['api1', 'api2'])
      t.match(services[name]!.healthcheck.test.join(' '), /\/health\/ready'/)
  })

  t.test('then every variable given to a Duban service is one it reads, and documented', async (t) => {
    for (const [name, service] of Object.entries(services)) {
      if (!entryOf(service.command)) continue
      for (const variable of Object.keys(service.environment ?? {})) {
        t.ok(knownVariable(variable), `${name}: ${variable} is read by a service`)
        t.ok(documented(variable), `${name}: ${variable} is in infra/README.md`)
      }
    }
  })
})

t.test('given the Kubernetes manifests', async (t) => {
  const dir = join(INFRA, 'k8s')
  const [kustomization] = load(join(dir, 'kustomization.yaml')) as [Doc]
  const listed = kustomization.resources as string[]
  const files = readdirSync(dir).filter((file) => file !== 'kustomization.yaml' && file.endsWith('.yaml'))
  t.same([...listed].sort(), files.sort(), 'then the kustomization lists every manifest and only those')
  const docs = files.flatMap((file) => load(join(dir, file)))
  const ofKind = (kind: string) => docs.filter((doc) => doc.kind === kind)
  const workloads = [...ofKind('Deployment'), ...ofKind('StatefulSet')]
  const configMaps = new Map(ofKind('ConfigMap').map((doc) => [doc.metadata.name, doc.data ?? {}]))
  const secrets = new Map(
    ofKind('Secret').map((doc) => [doc.metadata.name, doc.stringData ?? doc.data ?? {}]),
  )
  const services = new Set(ofKind('Service').map((doc) => doc.metadata.name as string))

  t.test('then every Service selects pods that have the port it targets', async (t) => {
    for (const service of ofKind('Service')) {
      const selector = Object.entries(service.spec.selector as Record<string, string>)
      const selected = workloads.filter((workload) =>
        selector.every(([key, value]) => workload.spec.template.metadata.labels?.[key] === value),
      )
      t.ok(selected.length > 0, `Service ${service.metadata.name} selects a workload`)
      for (const port of service.spec.ports) {
        const ports = selected.flatMap((w) =>
          w.spec.template.spec.containers.flatMap((c: Doc) => c.ports ?? []),
        )
        t.ok(
          ports.some((p: Doc) => p.name === port.targetPort || p.containerPort === port.targetPort),
          `Service ${service.metadata.name} targets ${port.targetPort}, a port of its pods`,
        )
      }
    }
  })

  t.test('then workloads refer to what exists', async (t) => {
    for (const workload of workloads) {
      const name = `${workload.kind} ${workload.metadata.name}`
      const selector = workload.spec.selector.matchLabels as Record<string, string>
      for (const [key, value] of Object.entries(selector))
        t.equal(workload.spec.template.metadata.labels[key], value, `${name}'s pods match its selector`)
      if (workload.kind === 'StatefulSet')
        t.ok(services.has(workload.spec.serviceName), `${name}'s service ${workload.spec.serviceName} exists`)
      const volumes = new Set([
        ...(workload.spec.template.spec.volumes ?? []).map((v: Doc) => v.name),
        ...(workload.spec.volumeClaimTemplates ?? []).map((v: Doc) => v.metadata.name),
      ])
      for (const container of workload.spec.template.spec.containers as Doc[]) {
        for (const from of container.envFrom ?? []) {
          if (from.configMapRef)
            t.ok(configMaps.has(from.configMapRef.name), `${name} reads ConfigMap ${from.configMapRef.name}`)
          if (from.secretRef)
            t.ok(secrets.has(from.secretRef.name), `${name} reads Secret ${from.secretRef.name}`)
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef
          if (ref) t.ok(ref.key in (secrets.get(ref.name) ?? {}), `${name} reads ${ref.name}/${ref.key}`)
        }
        for (const mount of container.volumeMounts ?? [])
          t.ok(volumes.has(mount.name), `${name} mounts the volume ${mount.name}, which it declares`)
        const entry = entryOf(container.command)
        if (entry) t.ok(existsSync(join(ROOT, entry)), `${name} runs ${entry}, which exists`)
      }
    }
  })

  t.test(
    'then the API is ready on /health/ready, alive on /health, two replicas; the scheduler too',
    async (t) => {
      const api = ofKind('Deployment').find((doc) => doc.metadata.name === 'duban-api')!
      const scheduler = ofKind('Deployment').find((doc) => doc.metadata.name === 'duban-scheduler')!
      t.equal(api.spec.template.spec.containers[0].readinessProbe.httpGet.path, '/health/ready')
      t.equal(api.spec.template.spec.containers[0].livenessProbe.httpGet.path, '/health')
      t.equal(api.spec.replicas, 2)
      t.equal(scheduler.spec.replicas, 2, 'two schedulers, one active by the leader lock')
    },
  )

  t.test(
    'then every variable of the ConfigMap and the Secret is read by a service and documented',
    async (t) => {
      const given = [...configMaps.values(), ...secrets.values()].flatMap((data) => Object.keys(data))
      for (const variable of given) {
        if (variable === 'POSTGRES_PASSWORD') continue
        t.ok(knownVariable(variable), `${variable} is read by a service`)
        t.ok(documented(variable), `${variable} is in infra/README.md`)
      }
    },
  )
})

t.test('given the Dockerfile', async (t) => {
  const dockerfile = readFileSync(join(INFRA, 'Dockerfile'), 'utf8')
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    packageManager: string
    scripts: Record<string, string>
  }
  t.match(dockerfile, /^FROM node:20\S* AS deps$/m, 'then it builds on Node 20')
  t.ok(dockerfile.includes(`corepack prepare ${pkg.packageManager}`), 'then it uses the pnpm of package.json')
  t.match(dockerfile, /pnpm install --frozen-lockfile/, 'then it installs from the lockfile')
  const cmd = JSON.parse(/^CMD (.*)$/m.exec(dockerfile)![1]!) as string[]
  t.ok(existsSync(join(ROOT, entryOf(cmd)!)), 'then its command runs an entry that exists')
  for (const [, script] of dockerfile.matchAll(/pnpm (?:--silent |run )+([a-z][\w-]*)/g))
    t.ok(script! in pkg.scripts, `then pnpm ${script} is a script of package.json`)
})
