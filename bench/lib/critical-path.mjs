/**
 * The longest chain of step durations through a plan's DAG: each step ends
 * at the latest end among the steps it needs plus its own duration. An
 * `always` step (diagnostics) is run by the runner after every other step,
 * so it is taken to need them all. Steps that did not run count 0 ms.
 * @param {{ id: string, needs: string[], always?: boolean }[]} steps in plan order (needs come first)
 * @param {Record<string, number>} durations ms per step id
 * @returns {{ ms: number, steps: string[] }}
 */
export function criticalPath(steps, durations) {
  const end = new Map();
  const via = new Map();
  const ordinary = steps.filter((s) => !s.always).map((s) => s.id);
  const endOf = (id, seen = new Set()) => {
    if (end.has(id)) return end.get(id);
    if (seen.has(id)) throw new Error(`the plan's needs form a cycle at ${id}`);
    seen.add(id);
    const step = steps.find((s) => s.id === id);
    if (!step) throw new Error(`a step needs ${id}, which is not in the plan`);
    const needs = step.always ? ordinary : step.needs;
    let start = 0;
    let before = null;
    for (const need of needs) {
      const e = endOf(need, seen);
      if (before === null || e > start) {
        start = e;
        before = need;
      }
    }
    end.set(id, start + (durations[id] ?? 0));
    via.set(id, before);
    return end.get(id);
  };
  let last = null;
  for (const s of steps) if (last === null || endOf(s.id) > endOf(last)) last = s.id;
  const chain = [];
  for (let id = last; id !== null; id = via.get(id)) chain.unshift(id);
  return { ms: last === null ? 0 : end.get(last), steps: chain };
}
