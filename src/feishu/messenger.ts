// The bot's way to put cards into chats. Implemented over @larksuiteoapi/node-sdk by
// src/feishu/client.ts (with retries, 429 handling and the 5-per-second-per-chat limit);
// notifications and command replies only see this interface.

/** A Feishu card (JSON 2.0: `{schema:'2.0', config, header, body:{elements}}`). */
export type Card = Record<string, unknown>;

export interface FeishuMessenger {
  /** Post a card to a chat (`receive_id_type=chat_id`); resolves to the new message_id. */
  sendCard(chatId: string, card: Card): Promise<string>;
  /** Reply to a message (in its thread); resolves to the new message_id. */
  replyCard(messageId: string, card: Card): Promise<string>;
  /** Replace a card the bot sent (PATCH /im/v1/messages/:id). */
  updateCard(messageId: string, card: Card): Promise<void>;
}
