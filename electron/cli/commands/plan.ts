/** `winjoin plan --answers FILE [--json]`: validate, then show every step with its exact script and parameters. */
import { EXIT } from '../../../shared/exit-codes.js';
import { imageReference, type DownloadSpec, type ImageSpec, type Plan } from '../../../shared/plan.js';
import { verificationOf } from '../../join/download-verification.js';
import { maskPlan } from '../../service/mask-plan.js';
import { writeLine, type CliIo } from '../io.js';
import { loadAnswersOrExit } from '../load-answers.js';
import type { ServiceFactory } from '../service-factory.js';

export async function runPlanCommand(
  options: { answers?: string; json: boolean; rehearsal: boolean; scenario?: string },
  io: CliIo,
  open: ServiceFactory,
): Promise<number> {
  if (!options.answers) {
    writeLine(io.stderr, io.t('cli.usage.plan'));
    return EXIT.invalidInput;
  }
  const loaded = loadAnswersOrExit(options.answers, io);
  if (!loaded) return EXIT.invalidInput;
  const service = await open({
    rehearsal: options.rehearsal ? { scenario: options.scenario ?? 'happy', recipe: loaded.answers.recipe, unattended: true } : null,
  });
  try {
    // match-cluster reads the server's version with the answers' kubeconfig first (server-version.ts).
    const plan = maskPlan(await service.plan(loaded.answers), loaded.answers, loaded.secrets);
    writeLine(io.stdout, options.json ? JSON.stringify(plan, null, 2) : formatPlan(plan, io));
    return EXIT.ok;
  } finally {
    await service.close();
  }
}

function formatPlan(plan: Plan, io: CliIo): string {
  const lines = [io.t('cli.planHeader', { recipe: plan.recipe, count: plan.steps.length })];
  plan.steps.forEach((step, index) => {
    const needs = step.needs.length ? ` (${io.t('cli.needs')}: ${step.needs.join(', ')})` : '';
    lines.push(`${String(index + 1).padStart(2)}. ${step.id} - ${io.t(step.titleKey)}${needs}`);
    lines.push(`    script: ${step.script}`);
    lines.push(`    params: ${JSON.stringify(step.params)}`);
    for (const download of step.downloads) lines.push(`    download: ${download.url} ${verificationText(download)}`);
    for (const image of step.images ?? []) lines.push(`    image: ${imageReference(image, io.t('cli.hostTag'))} ${imageText(image)}`);
  });
  return lines.join('\n');
}

/** The digest an image is pulled by and where it is recorded, or why it is pulled by tag. */
function imageText(image: ImageSpec): string {
  if (image.digest) return `${image.digest}, from ${image.digestSource ?? '?'}`;
  return image.noDigestReason ? `(no digest: ${image.noDigestReason})` : '(NO DIGEST AND NO REASON)';
}

/** How the file is checked, and where the digest comes from (a pinned one's source, a published file, or why none exists). */
function verificationText(download: DownloadSpec): string {
  const verification = verificationOf(download);
  const source = download.checksumSource ? `, from ${download.checksumSource}` : '';
  switch (verification?.kind) {
    case 'digest':
      return download.sha256 ? `sha256=${download.sha256}${source}` : `sha512=${download.sha512!.slice(0, 16)}...${source}`;
    case 'published':
      return `(${verification.algorithm} published${source})`;
    case 'archive-entries':
      return `(sha256 of ${verification.files} files inside${source})`;
    case 'none':
      return `(no digest: ${verification.reason})`;
    default:
      return '(NO DIGEST AND NO REASON: refused at download)';
  }
}
