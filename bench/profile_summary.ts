/*
 * Reads a CPU profile of the server written by `BENCH_PROFILE=true npm run bench` (into
 * tmp/bench-profile, the main thread's file ends in .0.001.cpuprofile) and prints where the
 * time went between two moments of the run:
 *
 *   node --import=@poppinss/ts-exec bench/profile_summary.ts <file> [from-s] [to-s] [function]
 *
 * Without a time range it covers the whole run and its last line, the busy share of each
 * second, shows where the phases start and end. With a function name prefix it also lists
 * the call stacks that lead into that function.
 */
import CpuProfile, { type Tally } from './lib/cpu_profile.js'

const ROWS = Number(process.env.PROFILE_ROWS ?? 25)

function print(title: string, counts: Tally, total: number) {
  console.log(`\n${title}`)
  for (const [name, count] of [...counts].slice(0, ROWS)) {
    console.log(`  ${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}`)
  }
}

const [file, fromText = '0', toText = 'Infinity', callee] = process.argv.slice(2)
if (!file) {
  console.error('usage: bench/profile_summary.ts <file.cpuprofile> [from-s] [to-s] [function]')
  process.exit(2)
}
const profile = new CpuProfile(file)
const samples = profile.samplesBetween(Number(fromText), Number(toText))
const working = profile.working(samples)
const busyShare = (100 * working.length) / Math.max(1, samples.length)

console.log(`${samples.length} samples of a ${profile.seconds.toFixed(1)} s profile`)
console.log(`main thread busy in ${busyShare.toFixed(0)} % of them; shares below are of those`)
print('Self time by area', profile.selfTime(working, 'area'), working.length)
print('Self time by function', profile.selfTime(working, 'function'), working.length)
print('Samples with the area anywhere on the stack', profile.throughArea(working), working.length)
if (callee) {
  print(`Stacks leading into ${callee}`, profile.callersOf(working, callee, 10), working.length)
}
const perSecond = profile
  .busyBySecond()
  .map((share, second) => `${second}:${Math.round(100 * share)}`)
console.log(`\nBusy % by second of the profile\n  ${perSecond.join(' ')}`)
