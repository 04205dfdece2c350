// The chat door of the Excel import: a file sent to the bot is downloaded through the
// message-resource API, imported like any other, and answered with the summary card.
import type { FeishuBot } from './bot.js';
import type { Services } from '../services.js';
import { importFile } from '../excel/import-service.js';
import { importFailureCard, importOutcomeCard } from '../excel/import-summary.js';

export function registerChatImport(bot: FeishuBot, services: Services): void {
  bot.onFile(async (file) => {
    try {
      const { buffer } = await bot.api.downloadResource(file.messageId, file.fileKey);
      const outcome = await importFile(services, { source: 'chat', fileName: file.fileName, buffer, requestedBy: file.senderOpenId, admin: file.isAdmin });
      return { ...importOutcomeCard(outcome) };
    } catch (e) {
      services.log.warn({ fileName: file.fileName, err: e }, 'Excel import from chat refused');
      return { ...importFailureCard(file.fileName, e) };
    }
  });
}
