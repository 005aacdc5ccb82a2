/**
 * The answers being edited, kept for the whole session so nothing typed is
 * lost when the user goes back and forth between pages.
 */
import { create } from 'zustand';
import type { CallResponse } from '../../shared/ipc/contract.js';
import { RECIPE_TOPOLOGIES, type RecipeId } from '../../shared/answers.js';
import { initialDraft, networkDefaults, type Draft } from './draft.js';

/** A connection test of one kubeconfig and context; stale once either changes. */
export interface ProbeRecord {
  kubeconfigPath: string;
  context: string;
  result: CallResponse<'cluster:probe'>;
}

interface DraftStore {
  draft: Draft;
  setProxy(patch: Partial<Draft['proxy']>): void;
  setCluster(patch: Partial<Draft['cluster']>): void;
  setNetwork(patch: Partial<Draft['network']>): void;
  setAdvanced(patch: Partial<Draft['advanced']>): void;
  /** Another recipe: the network fields the user has not typed take that recipe's defaults. */
  setRecipe(recipe: RecipeId): void;
  setJoin(patch: Partial<Draft['join']>): void;
  /** Fields the user has left at least once: their errors show from then on, not while first typing. */
  touched: Record<string, true>;
  touch(field: string): void;
  probe: ProbeRecord | null;
  /** Network fields the probe filled in, so the Network page can say where their values came from. */
  prefilled: string[];
  setProbe(probe: ProbeRecord | null, prefilled?: string[]): void;
  /** Network adapters the prerequisites found on this machine (Get-NetAdapter), offered on the Network page. */
  adapters: string[];
  setAdapters(adapters: string[]): void;
}

export const useDraftStore = create<DraftStore>((set) => ({
  draft: initialDraft(),
  setProxy: (patch) => set((s) => ({ draft: { ...s.draft, proxy: { ...s.draft.proxy, ...patch } } })),
  setCluster: (patch) => set((s) => ({ draft: { ...s.draft, cluster: { ...s.draft.cluster, ...patch } } })),
  setNetwork: (patch) => set((s) => ({ draft: { ...s.draft, network: { ...s.draft.network, ...patch } } })),
  setAdvanced: (patch) => set((s) => ({ draft: { ...s.draft, advanced: { ...s.draft.advanced, ...patch } } })),
  setRecipe: (recipe) =>
    set((s) => {
      if (s.draft.recipe === recipe) return s;
      const defaults = networkDefaults(recipe);
      const network = { ...s.draft.network };
      for (const key of Object.keys(defaults) as (keyof Draft['network'])[])
        if (!s.touched[`network.${key}`] && !s.prefilled.includes(key)) (network as Record<string, string>)[key] = defaults[key];
      // A topology the recipe cannot build is never kept, typed or not.
      if (!RECIPE_TOPOLOGIES[recipe].includes(network.topology)) network.topology = defaults.topology;
      return { draft: { ...s.draft, recipe, network } };
    }),
  setJoin: (patch) => set((s) => ({ draft: { ...s.draft, join: { ...s.draft.join, ...patch } } })),
  touched: {},
  touch: (field) => set((s) => (s.touched[field] ? s : { touched: { ...s.touched, [field]: true } })),
  probe: null,
  prefilled: [],
  setProbe: (probe, prefilled) => set((s) => ({ probe, prefilled: prefilled ?? s.prefilled })),
  adapters: [],
  setAdapters: (adapters) => set({ adapters }),
}));
