import { generateScenario } from '#tests/support/anomaly/scenario_generator'
import { evaluateScenario } from '#tests/support/anomaly/scenario_quality'
const seed = Number(process.argv[2] ?? 1)
let t = performance.now()
const s = generateScenario({ seed })
console.log('gen ms', Math.round(performance.now() - t), 'lines', s.lines.length, 'accesses', s.accesses, 'people', s.people)
const r = await evaluateScenario(s)
console.log(r.summary, 'eps', Math.round(r.summary.eventsRead / r.summary.millis * 1000))
console.log('recall', r.recall, 'missed', r.missed, 'false', r.falseAlerts, 'per person-month', r.falseAlertsPerPersonMonth.toFixed(3))
console.log(r.groups)
const byKind = new Map<string, number>()
for (const [id, line] of r.alerts) { const l = s.labels.get(id); if (l?.incident) continue; const a = JSON.parse(line); const k = (l?.group ?? 'normal') + ':' + a.reasons.map((x: any) => x.signal).join('+'); byKind.set(k, (byKind.get(k) ?? 0) + 1) }
console.log([...byKind].sort((a, b) => b[1] - a[1]).slice(0, 25))
if (process.argv[3]) { for (const [id, line] of r.alerts) { const l = s.labels.get(id); if (!l?.incident && (process.argv[3] === 'all' || (l?.group ?? 'normal') === process.argv[3])) console.log(line.trim()) } }
for (const inc of s.incidents) { const scores = inc.accessIds.map((id) => r.alerts.get(id)).filter(Boolean).map((l) => JSON.parse(l!)); const best = scores.sort((a, b) => b.score - a.score)[0]; console.log(inc.id, inc.accessIds.length, scores.length, best?.score, best?.reasons.map((x: any) => x.signal).join('+')) }
