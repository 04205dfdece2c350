// A connector's report (ConnectorReport: its own command's answer, or a card it posts with the
// daily summary) as a card. One renderer for both, so a connector's command answered in chat and
// its morning card look the same. Labels and values are outside text (escaped); notes are the
// connector's own Markdown (kept).
import type { ConnectorReport } from '../../engine/types.js';
import type { Card } from '../messenger.js';
import { card, markdown, type HeaderColour } from './card-parts.js';
import { safeText } from './mask.js';

const TONES: Record<NonNullable<ConnectorReport['tone']>, HeaderColour> = { info: 'blue', success: 'green', warning: 'orange' };

export function reportCard(r: ConnectorReport): Card {
  return card(r.title, TONES[r.tone ?? 'info'], [
    ...(r.figures.length ? [markdown(r.figures.map((f) => `**${safeText(f.label)}**: ${safeText(f.value)}`).join('\n'))] : []),
    ...(r.notes ?? []).map((n) => markdown(n)),
  ]);
}
