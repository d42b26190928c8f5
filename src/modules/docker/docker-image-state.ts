// docker_image's pure half. An imported image carries a label with a digest of what it was imported from
// (the archive's sha256 and the --change instructions), so the image is imported again only when the
// archive or the instructions changed — `docker import` itself would make a new image every time.

import { createHash } from 'node:crypto';
import { argv } from '../../engine/quote.js';
import type { CommandChange, Plan } from '../../engine/module-api/module.js';
import { noop } from '../../engine/module-api/plan-helpers.js';

export const SOURCE_LABEL = 'io.runbook.import-digest';

export interface ImageState {
  id: string;
  labels: Record<string, string>;
}

/** `docker image inspect --format '{{.Id}} {{json .Config.Labels}}'` output, or null for ''. */
export function parseImageInspect(text: string): ImageState | null {
  const t = text.trim();
  if (!t) return null;
  const sp = t.indexOf(' ');
  const id = sp === -1 ? t : t.slice(0, sp);
  const labels = sp === -1 ? null : (JSON.parse(t.slice(sp + 1)) as Record<string, string> | null);
  return { id, labels: labels ?? {} };
}

export function importDigest(archiveSha256: string, changes: readonly string[]): string {
  return createHash('sha256').update(`${archiveSha256}\n${changes.join('\n')}`).digest('hex').slice(0, 32);
}

export interface ImageParams {
  name: string;
  source: 'import' | 'pull';
  archive?: string;
  changes: string[];
  state: 'present' | 'absent';
}

/** `archiveSha256`: sha256 of the archive on the host, null when it is missing. */
export function planImage(have: ImageState | null, archiveSha256: string | null, p: ImageParams, check: boolean): Plan {
  if (p.state === 'absent') {
    if (!have) return noop(`image ${p.name} is not on the host`);
    return { changes: [{ summary: `remove image ${p.name}`, run: argv(['docker', 'rmi', p.name]) }] };
  }
  if (p.source === 'pull') {
    if (have) return noop(`image ${p.name} is on the host (${have.id.slice(0, 19)})`);
    return { changes: [{ summary: `pull image ${p.name}`, run: argv(['docker', 'pull', p.name]) }] };
  }
  if (!p.archive) throw new Error('archive is required when source is import');
  if (archiveSha256 === null) {
    if (!check) throw new Error(`archive ${p.archive} does not exist on the host`);
    return { changes: [{ summary: `import image ${p.name} from ${p.archive} (the archive is not there yet)`, run: '' }] };
  }
  const digest = importDigest(archiveSha256, p.changes);
  const wasFrom = have?.labels[SOURCE_LABEL];
  if (have && wasFrom === digest) return noop(`image ${p.name} was imported from this archive and changes`, { image_id: have.id });
  const run = argv(['docker', 'import', ...[`LABEL ${SOURCE_LABEL}=${digest}`, ...p.changes].flatMap((c) => ['--change', c]), p.archive, p.name]);
  const why = !have ? '' : wasFrom ? ' again (the archive or changes differ)' : ' again (it was not imported by runbook)';
  return {
    changes: [{ summary: `import image ${p.name} from ${p.archive}${why}`, run, diff: { header: `docker image ${p.name}`, before: wasFrom ? `${SOURCE_LABEL}: ${wasFrom}\n` : '', after: `${SOURCE_LABEL}: ${digest}\n` } }],
  };
}
