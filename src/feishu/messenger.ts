// The bot's way to put cards into chats. Implemented over @larksuiteoapi/node-sdk by
// src/feishu/client.ts (with retries, 429 handling and the 5-per-second-per-chat limit);
// notifications and command replies only see this interface (cards, and files such as a
// report's .xlsx).

/** A Feishu card (JSON 2.0: `{schema:'2.0', config, header, body:{elements}}`). */
export type Card = Record<string, unknown>;

/** Where a file goes: a chat, or a reply to a message (in its thread). */
export type FileTarget = { chatId: string } | { replyTo: string };

export interface FeishuMessenger {
  /** Post a card to a chat (`receive_id_type=chat_id`); resolves to the new message_id. */
  sendCard(chatId: string, card: Card): Promise<string>;
  /** Reply to a message (in its thread); resolves to the new message_id. */
  replyCard(messageId: string, card: Card): Promise<string>;
  /** Replace a card the bot sent (PATCH /im/v1/messages/:id). */
  updateCard(messageId: string, card: Card): Promise<void>;
  /** Upload a file (≤ 30 MB, not empty) for sending; resolves to its file_key. */
  uploadFile(name: string, buffer: Buffer): Promise<string>;
  /** Send an uploaded file (msg_type file); resolves to the new message_id. */
  sendFile(target: FileTarget, fileKey: string): Promise<string>;
}
