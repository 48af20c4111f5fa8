import type BenchDatabase from './database.js'
import type { StatusCounters } from './database.js'
import type { Meter, PhaseResult } from './load.js'
import { findDatabasePid, machineCpuMs, ownCpuMs, processCpuMs } from './cpu.js'

/** Where the time of a phase went: CPU of each process, the machine, database statements. */
export interface Reading {
  serverCpuMs: number
  databaseCpuMs: number
  clientCpuMs: number
  machine: { busy: number; total: number }
  counters: StatusCounters
}

/** Per answered request, over a phase's counted window. */
export interface CostPerRequest {
  serverCpuMs: number
  databaseCpuMs: number
  clientCpuMs: number
  /** Share of the machine's CPU (all cores) that was busy, 0 to 1. */
  machineBusy: number
  /** Share of the machine's CPU used by anything but the server, MariaDB and this client. */
  othersBusy: number
  statements: number
  selects: number
  inserts: number
}

/**
 * Reads the server's, MariaDB's and our own CPU time and MariaDB's statement counters. The
 * machine-wide figures include anything else running on it, other people's tests included.
 */
export function costMeter(serverPid: number, database: BenchDatabase): Meter<Reading> {
  const databasePid = findDatabasePid()

  return {
    async read() {
      const counters = await database.status()

      return {
        serverCpuMs: processCpuMs(serverPid),
        databaseCpuMs: databasePid ? processCpuMs(databasePid) : Number.NaN,
        clientCpuMs: ownCpuMs(),
        machine: machineCpuMs(),
        counters,
      }
    },
  }
}

/** Divides the window's deltas by the number of answers counted in it. */
export function costPerRequest(result: PhaseResult<Reading>): CostPerRequest {
  const { before, after, completed } = result
  const per = (delta: number) => delta / Math.max(1, completed)
  const machineTotal = Math.max(1, after.machine.total - before.machine.total)
  const ours = [after.serverCpuMs - before.serverCpuMs, after.databaseCpuMs - before.databaseCpuMs]
  ours.push(after.clientCpuMs - before.clientCpuMs)
  const machineBusy = after.machine.busy - before.machine.busy
  const others = machineBusy - ours.reduce((sum, value) => sum + (value || 0), 0)

  return {
    serverCpuMs: per(after.serverCpuMs - before.serverCpuMs),
    databaseCpuMs: per(after.databaseCpuMs - before.databaseCpuMs),
    clientCpuMs: per(after.clientCpuMs - before.clientCpuMs),
    machineBusy: machineBusy / machineTotal,
    othersBusy: Math.max(0, others) / machineTotal,
    // The meter itself sends one SHOW STATUS per reading; it is left in, a rounding error.
    statements: per(after.counters.Questions - before.counters.Questions),
    selects: per(after.counters.Com_select - before.counters.Com_select),
    inserts: per(after.counters.Com_insert - before.counters.Com_insert),
  }
}
