/** How the Review page shows a plan: one row per step, its script and parameters as readable text. */
import type { Plan } from '../../../shared/plan.js';

export interface PlanRow {
  id: string;
  titleKey: string;
  script: string;
  paramsText: string;
  needs: string[];
  downloads: string[];
  changesMachine: boolean;
}

export function planRows(plan: Plan): PlanRow[] {
  return plan.steps.map((step) => ({
    id: step.id,
    titleKey: step.titleKey,
    script: step.script,
    // Secrets are already masked by plan:preview; this is the exact JSON the script receives.
    paramsText: JSON.stringify(step.params, null, 2),
    needs: step.needs,
    downloads: step.downloads.map((d) => d.url),
    changesMachine: step.changesMachine,
  }));
}

/** Which page fixes a field ("network.masterIp" -> network), for the links next to errors. */
export function pageForField(field: string): 'proxy' | 'cluster' | 'network' | null {
  const section = field.split('.')[0];
  return section === 'proxy' || section === 'cluster' || section === 'network' ? section : null;
}
