import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())

/** CPU time a process has used so far, user and system together, in milliseconds. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 14 and 15 of proc(5), counted from the state, which is field 3.
    const ticks = Number(fields[11]) + Number(fields[12])

    return (ticks * 1000) / TICKS_PER_SECOND
  } catch {
    return Number.NaN
  }
}

/** This process's own CPU time in milliseconds. */
export function ownCpuMs() {
  const usage = process.cpuUsage()

  return (usage.user + usage.system) / 1000
}

/** Busy and total CPU time of the whole machine, in milliseconds, from /proc/stat. */
export function machineCpuMs() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]
  // user nice system idle iowait irq softirq steal; guest time is already inside user.
  const ticks = line.split(/\s+/).slice(1, 9).map(Number)
  const idle = ticks[3] + (ticks[4] ?? 0)
  const total = ticks.reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0)

  return {
    busy: ((total - idle) * 1000) / TICKS_PER_SECOND,
    total: (total * 1000) / TICKS_PER_SECOND,
  }
}

/** The process id of the local MariaDB server, or null when it runs elsewhere. */
export function findDatabasePid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue
    }
    try {
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      if (name === 'mariadbd' || name === 'mysqld') {
        return Number(entry)
      }
    } catch {
      // The process ended while we looked.
    }
  }

  return null
}
