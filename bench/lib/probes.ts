import type { Probe, Verdict } from './load.js'

/**
 * The yardstick: the bench-only route that writes one audit record behind the same
 * middleware as Show and does nothing else. A good answer says the record was written.
 */
export const bareInsert: Probe = {
  name: 'bare insert  POST /bench/audit-insert/:id',
  async call({ http, grant }) {
    const answer = await http.postJson(`/bench/audit-insert/${grant.secretId}`)
    if (answer.status !== 200) {
      return { kind: 'status', status: answer.status }
    }

    return judge(parseJson(answer.body).recorded === true)
  },
}

/** Copy: the JSON answer of the read path, which must carry the session's secret value. */
export const copyValue: Probe = {
  name: 'Show (Copy)  POST /secrets/:id/copy',
  async call({ http, grant, expectedValue }) {
    const answer = await http.postJson(`/secrets/${grant.secretId}/copy`)
    if (answer.status !== 200) {
      return { kind: 'status', status: answer.status }
    }

    return judge(parseJson(answer.body).value === expectedValue)
  },
}

/**
 * Show: the full HTML page with the value revealed, posted as the page's form posts it. A
 * 200 that shows the confirmation form instead of the value counts as invalid.
 */
export const showPage: Probe = {
  name: 'Show (page)  POST /secrets/:id/show',
  async call({ http, grant, expectedValue }) {
    const answer = await http.postForm(`/secrets/${grant.secretId}/show`)
    if (answer.status !== 200) {
      return { kind: 'status', status: answer.status }
    }

    return judge(revealedValue(answer.body) === expectedValue)
  },
}

function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text)
  } catch {
    return {}
  }
}

function judge(valid: boolean): Verdict {
  return valid ? { kind: 'ok' } : { kind: 'invalid' }
}

/** The text of the page's revealed value, with HTML escapes undone; null when absent. */
export function revealedValue(html: string): string | null {
  const match = /<pre class="value revealed"[^>]*>([\s\S]*?)<\/pre>/.exec(html)
  if (!match || match[1] === '') {
    return null
  }

  return match[1]
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16))
    )
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
