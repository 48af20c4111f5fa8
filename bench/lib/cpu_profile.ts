import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface RawProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

/** Sample counts by name, largest first when listed. */
export type Tally = Map<string, number>

const NOT_WORK = new Set(['(idle)', '(program)'])

/**
 * A V8 CPU profile (`node --cpu-prof`) read back for the benchmark: which samples fall in a
 * stretch of time, and how they spread over code areas, functions and call stacks. Times of
 * asynchronous work count where the work resumes, not where it was started.
 */
export default class CpuProfile {
  #raw: RawProfile
  #byId: Map<number, ProfileNode>
  #parentOf = new Map<number, number>()

  constructor(path: string) {
    this.#raw = JSON.parse(readFileSync(path, 'utf8'))
    this.#byId = new Map(this.#raw.nodes.map((node) => [node.id, node]))
    for (const node of this.#raw.nodes) {
      node.children?.forEach((child) => this.#parentOf.set(child, node.id))
    }
  }

  get seconds() {
    return (this.#raw.endTime - this.#raw.startTime) / 1e6
  }

  /** The leaf node of every sample taken between `from` and `to` seconds into the profile. */
  samplesBetween(from: number, to: number) {
    const kept: number[] = []
    let at = 0
    this.#raw.samples.forEach((id, index) => {
      at += this.#raw.timeDeltas[index] / 1e6
      if (at >= from && at <= to) {
        kept.push(id)
      }
    })

    return kept
  }

  /** Samples in which the main thread was running code (garbage collection included). */
  working(samples: number[]) {
    return samples.filter((id) => !NOT_WORK.has(this.#node(id).callFrame.functionName))
  }

  /** Where the samples' leaf frames are: self time by area or by function. */
  selfTime(samples: number[], by: 'area' | 'function'): Tally {
    const name = (id: number) => (by === 'area' ? area(this.#node(id)) : frameName(this.#node(id)))

    return tally(samples.map(name))
  }

  /** How many samples have each area anywhere on their stack. */
  throughArea(samples: number[]): Tally {
    const areas = (id: number) =>
      new Set(
        this.#stack(id)
          .map(area)
          .filter((a) => a !== '(root)')
      )

    return tally(samples.flatMap((id) => [...areas(id)]))
  }

  /** The call stacks, `depth` frames up, that lead into functions whose name starts so. */
  callersOf(samples: number[], prefix: string, depth: number): Tally {
    const matching = samples.filter((id) => frameName(this.#node(id)).startsWith(prefix))

    return tally(
      matching.map((id) =>
        this.#stack(id)
          .slice(1, depth + 1)
          .map(frameName)
          .join('\n    <- ')
      )
    )
  }

  /** The share of working samples in each second of the profile, to find a run's phases. */
  busyBySecond() {
    const seconds: { all: number; working: number }[] = []
    let at = 0
    this.#raw.samples.forEach((id, index) => {
      at += this.#raw.timeDeltas[index] / 1e6
      const second = (seconds[Math.floor(at)] ??= { all: 0, working: 0 })
      second.all++
      second.working += this.#node(id).callFrame.functionName === '(idle)' ? 0 : 1
    })

    return seconds.map((second) => (second ? second.working / second.all : 0))
  }

  #node(id: number) {
    return this.#byId.get(id)!
  }

  #stack(id: number) {
    const frames: ProfileNode[] = []
    for (let at: number | undefined = id; at !== undefined; at = this.#parentOf.get(at)) {
      frames.push(this.#node(at))
    }

    return frames
  }
}

/** An npm package, an application folder, Node's own code, or a V8 pseudo-frame. */
function area(node: ProfileNode) {
  const { url, functionName } = node.callFrame
  if (functionName.startsWith('(') && url === '') {
    return functionName === '(anonymous)' ? '(native)' : functionName
  }
  const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  const appFolder = /\/((?:app|start|config)\/.+)\.[jt]s$/.exec(url)?.[1]
  if (packageName || appFolder) {
    return packageName ?? appFolder!
  }

  return url.startsWith('node:') ? 'node internals' : url === '' ? '(native)' : url
}

function frameName(node: ProfileNode) {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url.replace(/^.*node_modules\//, '').replace(/^.*\/((?:app|start|config)\/)/, '$1')

  return `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`
}

function tally(names: string[]): Tally {
  const counts = new Map<string, number>()
  names.forEach((name) => counts.set(name, (counts.get(name) ?? 0) + 1))

  return new Map([...counts].sort((a, b) => b[1] - a[1]))
}
