import { describe, expect, it } from 'vitest';
import { PAGE_IDS } from '../../renderer/app/pages.js';
import { catalogues } from '../i18n/index.js';
import { KNOWN_PROBLEMS } from './catalogue.js';
import { fixTargetProblems, isAnswerField, type Catalogue } from './fix-targets.js';
import { KnownProblemSchema, type KnownProblem } from './schema.js';

const context = { pageIds: PAGE_IDS, catalogues: catalogues as unknown as Record<string, Catalogue> };

describe('known-problem fixes point at something the user can act on', () => {
  it('every entry names a wizard control or a command, and its texts quote it in en and ja', () => {
    const broken = KNOWN_PROBLEMS.map((p) => [p.code, fixTargetProblems(p, context)] as const).filter(([, problems]) => problems.length);
    expect(broken).toEqual([]);
  });

  it('the schema refuses an entry with no fix metadata', () => {
    const bare = { code: 'KP-WJ-BARE', source: 'WinJoin', matchers: [{ errorCodes: ['E_INTERNAL'] }] };
    expect(KnownProblemSchema.safeParse(bare).success).toBe(false);
    expect(KnownProblemSchema.safeParse({ ...bare, machineCommand: 'winjoin state' }).success).toBe(true);
  });

  it('resolves answer fields through optional, nullable and defaulted objects', () => {
    for (const path of ['installDir', 'downloads.offlineSource', 'proxy.addClusterRanges', 'join.token', 'network.interfaceAlias'])
      expect(isAnswerField(path), path).toBe(true);
    for (const path of ['installDirectory', 'downloads', 'downloads.offline', 'network.interfaceAlias.x', 'proxy.username'])
      expect(isAnswerField(path), path).toBe(path === 'downloads');
  });

  describe('catches a broken entry', () => {
    // A real entry, so its texts exist; each case breaks one thing.
    const good = KNOWN_PROBLEMS.find((p) => p.code === 'KP-WJ-DIR-NOT-OWNED')!;
    const cases: [string, Partial<KnownProblem>, RegExp][] = [
      ['no metadata', { fixIn: undefined }, /no fixIn, clusterCommand or machineCommand/],
      ['an unknown page', { fixIn: { ...good.fixIn!, page: 'advanced' } }, /"advanced" is not a wizard page/],
      ['an unknown field', { fixIn: { ...good.fixIn!, field: 'install.dir' } }, /"install.dir" is not an answer field/],
      [
        'a label key with no text',
        { fixIn: { ...good.fixIn!, label: 'pages.network.advanced.nope' } },
        /en: fixIn.label .* is not an i18n text/,
      ],
      [
        'a control the text does not name',
        { fixIn: { ...good.fixIn!, label: 'pages.network.advanced.nodeName.label' } },
        /ja: the fix does not name the control "ノード名"/,
      ],
      [
        'a command the text does not quote',
        { clusterCommand: 'kubectl get nodes' },
        /en: the fix does not quote the command "kubectl get nodes"/,
      ],
    ];
    it.each(cases)('%s', (_name, change, expected) => {
      expect(fixTargetProblems(good, context)).toEqual([]);
      expect(fixTargetProblems({ ...good, ...change }, context).join('\n')).toMatch(expected);
    });
  });
});
