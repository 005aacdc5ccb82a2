/** Topology, ranges and addresses, prefilled with the guide's defaults and checked as they are typed. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../../components/ChoiceGroup.js';
import { Field } from '../../components/Field.js';
import { errorFor } from '../../components/field-errors.js';
import { useDraftStore } from '../../state/answers-store.js';
import { networkDefaults, sectionErrors } from '../../state/draft.js';
import { clusterHints, type HintField } from './cluster-hints.js';
import { AdvancedSection } from './AdvancedSection.js';
import { diagramModel } from './diagram-model.js';
import { HintNote } from './HintNote.js';
import { NetworkDiagram } from './NetworkDiagram.js';
import { networkFields, topologyChoices, topologyKeys } from './topologies.js';

export function NetworkPage() {
  const { t } = useTranslation();
  const { draft, setNetwork, touched, touch, probe, prefilled, setProbe, adapters } = useDraftStore();
  const network = draft.network;
  // The hints quote the defaults of the recipe the connection test chose.
  const defaults = networkDefaults(draft.recipe);
  const errors = sectionErrors(draft, 'network');
  // Hints only from a test of the kubeconfig now chosen.
  const current = probe && probe.kubeconfigPath === draft.cluster.kubeconfigPath ? probe.result : null;
  const kubeconfigServer = draft.cluster.inspection?.server ?? null;
  const hints = clusterHints(current, kubeconfigServer);

  // With no connection test run, the kubeconfig still names the API server: the master IP comes from it.
  const masterHint = hints.masterIp?.value;
  useEffect(() => {
    if (draft.recipe === 'docker-sdn' && network.masterIp === '' && masterHint) {
      setNetwork({ masterIp: masterHint });
      setProbe(probe, [...new Set([...prefilled, 'masterIp'])]);
    }
    // Only when the page opens or the kubeconfig changes; never over what the user typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [masterHint]);

  return (
    <section className="page" aria-labelledby="network-title">
      <h1 id="network-title">{t('pages.network.title')}</h1>
      <p>{t('pages.network.intro')}</p>
      <NetworkDiagram
        model={diagramModel({ recipe: draft.recipe, probe: current, kubeconfigServer, network, nodeName: draft.advanced.nodeName })}
      />
      <ChoiceGroup
        label={t('pages.network.topology')}
        value={network.topology}
        choices={topologyChoices(draft.recipe).map((topology) => {
          const keys = topologyKeys(topology);
          return { value: topology, label: t(keys.label), explain: t(keys.explain) };
        })}
        onChange={(topology) => setNetwork({ topology })}
      />
      <div className="form">
        {networkFields(draft.recipe).map((field) => (
          <div key={field}>
            <Field
              label={t(`pages.network.fields.${field}.label`)}
              hint={t(`pages.network.fields.${field}.hint`, { default: defaults[field] })}
              value={network[field]}
              error={errorFor(errors, `network.${field}`, touched)}
              onChange={(value) => setNetwork({ [field]: value })}
              onBlur={() => touch(`network.${field}`)}
              spellCheck={false}
              // The adapters the prerequisites found are offered as a list; any other name can still be typed.
              {...(field === 'interfaceAlias' && adapters.length ? { list: 'detected-adapters' } : {})}
            />
            {field === 'interfaceAlias' && adapters.length > 0 && (
              <>
                <datalist id="detected-adapters">
                  {adapters.map((name) => (
                    <option key={name} value={name} />
                  ))}
                </datalist>
                <p className="hint">{t('pages.network.adaptersFound', { adapters: adapters.join(', ') })}</p>
              </>
            )}
            <HintNote
              label={t(`pages.network.fields.${field}.label`)}
              value={network[field]}
              hint={hints[field as HintField]}
              prefilled={prefilled.includes(field)}
              onUse={(value) => setNetwork({ [field]: value })}
            />
          </div>
        ))}
      </div>
      <AdvancedSection />
    </section>
  );
}
