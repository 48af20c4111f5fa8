import { runReplay } from '#anomaly/replay'
import { ODD_GROUPS } from '#tests/support/anomaly/scenario_generator'
import type { ReplaySummary } from '#anomaly/replay'
import type { SignalName } from '#anomaly/signal_names'
import type { OddGroup, Scenario } from '#tests/support/anomaly/scenario_generator'

/**
 * How the detector did on a labelled scenario: recall on incidents, false alerts on everything
 * that is not an incident, and the alert rate of each odd-but-normal group.
 */
export interface QualityReport {
  seed: number
  summary: ReplaySummary
  incidents: number
  recall: number
  missed: string[]
  falseAlerts: number
  falseAlertsPerPersonMonth: number
  groups: Record<OddGroup, { accesses: number; alerts: number; rate: number }>
  worstGroup: { group: OddGroup; rate: number }
  alerts: Map<string, string>
}

/**
 * Replays a scenario through the detector and measures it against the labels.
 */
export async function evaluateScenario(
  scenario: Scenario,
  options: { threshold?: number; signals?: Iterable<SignalName> } = {}
): Promise<QualityReport> {
  const alerts = new Map<string, string>()
  const summary = await runReplay(scenario.lines, {
    ...options,
    write: (line) => {
      const alert = JSON.parse(line)
      alerts.set(alert.event, line)
    },
  })

  return {
    seed: scenario.seed,
    summary,
    ...incidentRecall(scenario, alerts),
    ...falseAlerts(scenario, alerts),
    alerts,
  }
}

function incidentRecall(scenario: Scenario, alerts: Map<string, string>) {
  const missed = scenario.incidents
    .filter((incident) => !incident.accessIds.some((id) => alerts.has(id)))
    .map((incident) => incident.id)

  return {
    incidents: scenario.incidents.length,
    recall: 1 - missed.length / Math.max(scenario.incidents.length, 1),
    missed,
  }
}

function falseAlerts(scenario: Scenario, alerts: Map<string, string>) {
  const groups = Object.fromEntries(
    ODD_GROUPS.map((group) => [group, { accesses: 0, alerts: 0, rate: 0 }])
  ) as QualityReport['groups']
  for (const [id, label] of scenario.labels) {
    if (label.group) {
      groups[label.group].accesses++
      groups[label.group].alerts += alerts.has(id) ? 1 : 0
    }
  }
  let worstGroup = { group: ODD_GROUPS[0] as OddGroup, rate: 0 }
  for (const group of ODD_GROUPS) {
    groups[group].rate = groups[group].alerts / Math.max(groups[group].accesses, 1)
    if (groups[group].rate >= worstGroup.rate) {
      worstGroup = { group, rate: groups[group].rate }
    }
  }
  const count = [...alerts.keys()].filter((id) => !scenario.labels.get(id)?.incident).length

  return {
    falseAlerts: count,
    falseAlertsPerPersonMonth: count / (scenario.people * (scenario.days / 30)),
    groups,
    worstGroup,
  }
}
