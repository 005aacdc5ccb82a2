/**
 * A plan as shown to people (Review page, `winjoin plan`): every parameter
 * exactly as the script receives it, except secrets, which are masked. The
 * secrets are the answers' proxy credentials, the bootstrap token and values read from
 * references wherever they appear.
 */
import type { Answers } from '../../shared/answers.js';
import type { Plan } from '../../shared/plan.js';
import { bootstrapTokenSecrets } from '../../shared/redact.js';
import { maskProxyUrl } from '../../shared/validation/proxy-url.js';

export function secretsOf(answers: Answers): string[] {
  const secrets: string[] = [];
  for (const url of [answers.proxy?.http, answers.proxy?.https]) {
    if (!url) continue;
    try {
      const parsed = new URL(url);
      if (parsed.password) secrets.push(parsed.password, decodeURIComponent(parsed.password));
      if (parsed.username && parsed.password) secrets.push(`${parsed.username}:${parsed.password}`);
    } catch {
      // Invalid URLs never reach a plan: the schema refuses them.
    }
  }
  if (answers.join.token) secrets.push(...bootstrapTokenSecrets(answers.join.token));
  return [...new Set(secrets.filter((s) => s.length >= 3))];
}

/** resolved: values read from { fromFile } / { fromEnv } references, masked whole (the operator marked them secret). */
export function maskPlan(plan: Plan, answers: Answers, resolved: readonly string[] = []): Plan {
  const secrets = [...new Set([...resolved.filter((s) => s.length >= 3), ...secretsOf(answers)])].sort((a, b) => b.length - a.length);
  const mask = (value: unknown): unknown => {
    if (typeof value === 'string') {
      let out = maskProxyUrl(value);
      for (const secret of secrets) out = out.split(secret).join('***');
      return out;
    }
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    return value;
  };
  return {
    ...plan,
    downloadSettings: mask(plan.downloadSettings) as Plan['downloadSettings'],
    steps: plan.steps.map((step) => ({ ...step, params: mask(step.params) as Record<string, unknown> })),
  };
}
