// IM part of the Feishu emulator: send, reply, card update, file upload and resource download,
// with Feishu's limits and error codes (contract §3, §4):
// - cards and posts ≤ 30 KB of content (230025); 5 sends a second per chat (230020);
// - unknown chat / bot not in chat (230002); unknown message (230001);
// - a file_key that does not belong to the message (234003); uploads ≤ 30 MB and not empty;
// - `uuid` makes a send idempotent for an hour (a retried send returns the first message).
// Every message is kept per chat (cards parsed) so tests, and people in sandbox mode
// (GET /sandbox), can see what the bot said.
import { randomBytes } from 'node:crypto';
import type { FeishuEmulator } from './emulator.js';
import { parseMultipart } from './multipart.js';
import { sandboxPage } from './page.js';

export interface EmuChat {
  chatId: string;
  name: string;
  type: 'group' | 'p2p';
}

export interface EmuMessage {
  messageId: string;
  chatId: string;
  sender: 'bot' | 'user';
  /** The user's open_id for user messages. */
  openId?: string;
  msgType: string;
  /** As sent: a JSON string. */
  content: string;
  /** Parsed card for interactive messages (the latest version after updates). */
  card?: Record<string, unknown>;
  /** Every version of the card, first to last. */
  cardHistory: Record<string, unknown>[];
  text?: string;
  file?: { fileKey: string; fileName: string };
  parentId?: string;
  rootId?: string;
  createdAt: number;
  updatedAt?: number;
}

export interface EmuFile {
  fileKey: string;
  name: string;
  data: Buffer;
  /** The message the file was sent in (downloads need the pair). */
  messageId?: string;
}

export interface ImEmulator {
  chats: Map<string, EmuChat>;
  messages: Map<string, EmuMessage>;
  files: Map<string, EmuFile>;
  bot: { openId: string; name: string };
  addChat(chatId: string, opts?: { name?: string; type?: 'group' | 'p2p' }): EmuChat;
  /** Messages in a chat (or every chat), oldest first. */
  list(chatId?: string): EmuMessage[];
  /** The bot's messages in a chat (or every chat), oldest first. */
  botMessages(chatId?: string): EmuMessage[];
  /** Record a message a user sent (the event helper calls this). */
  addUserMessage(input: { chatId: string; openId: string; msgType: string; content: string; parentId?: string }): EmuMessage;
  /** A file attached to a user's message, served by the resource endpoint. */
  registerFile(messageId: string, name: string, data: Buffer, fileKey?: string): EmuFile;
  /** Resolves once `predicate` holds for the bot messages of the chat (polls every 10 ms). */
  waitForBotMessages(chatId: string, predicate: (msgs: EmuMessage[]) => boolean, timeoutMs?: number): Promise<EmuMessage[]>;
  /** Per-chat send rate limit (default 5 a second); tests of the limiter can lower it. */
  limits: { perChatPerSecond: number; cardBytes: number; uploadBytes: number };
}

const CARD_LIMIT = 30 * 1024;
const UPLOAD_LIMIT = 30 * 1024 * 1024;
const UUID_TTL_MS = 3600_000;

const newId = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export function installImEmulator(emu: FeishuEmulator, opts: { botName?: string; botOpenId?: string } = {}): ImEmulator {
  const sends = new Map<string, number[]>();
  const patches = new Map<string, number[]>();
  const uuids = new Map<string, { messageId: string; at: number }>();

  const im: ImEmulator = {
    chats: new Map(),
    messages: new Map(),
    files: new Map(),
    bot: { openId: opts.botOpenId ?? newId('ou_'), name: opts.botName ?? 'Tongbu' },
    limits: { perChatPerSecond: 5, cardBytes: CARD_LIMIT, uploadBytes: UPLOAD_LIMIT },
    addChat(chatId, o = {}) {
      const chat: EmuChat = { chatId, name: o.name ?? chatId, type: o.type ?? 'group' };
      im.chats.set(chatId, chat);
      return chat;
    },
    list(chatId) {
      return [...im.messages.values()].filter((m) => !chatId || m.chatId === chatId);
    },
    botMessages(chatId) {
      return im.list(chatId).filter((m) => m.sender === 'bot');
    },
    addUserMessage(input) {
      if (!im.chats.has(input.chatId)) im.addChat(input.chatId);
      const msg: EmuMessage = {
        messageId: newId('om_'),
        chatId: input.chatId,
        sender: 'user',
        openId: input.openId,
        msgType: input.msgType,
        content: input.content,
        cardHistory: [],
        parentId: input.parentId,
        rootId: input.parentId ? (im.messages.get(input.parentId)?.rootId ?? input.parentId) : undefined,
        createdAt: Date.now(),
      };
      if (input.msgType === 'text') msg.text = (JSON.parse(input.content) as { text?: string }).text;
      im.messages.set(msg.messageId, msg);
      return msg;
    },
    registerFile(messageId, name, data, fileKey = `file_v3_${randomBytes(12).toString('hex')}`) {
      const file: EmuFile = { fileKey, name, data, messageId };
      im.files.set(fileKey, file);
      return file;
    },
    async waitForBotMessages(chatId, predicate, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const msgs = im.botMessages(chatId);
        if (predicate(msgs)) return msgs;
        if (Date.now() > until) throw new Error(`timed out waiting for bot messages in ${chatId}; have ${msgs.length}: ${JSON.stringify(msgs.map((m) => m.card ?? m.content))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
  emu.state.im = im;

  /** Sliding one-second window; true when the send is over the limit. */
  const overRate = (stamps: Map<string, number[]>, key: string, limit: number) => {
    const now = Date.now();
    const recent = (stamps.get(key) ?? []).filter((t) => t > now - 1000);
    if (recent.length >= limit) {
      stamps.set(key, recent);
      return true;
    }
    recent.push(now);
    stamps.set(key, recent);
    return false;
  };

  /** Validates content for msg_type; returns an error [code, msg] or the parsed parts. */
  const checkContent = (msgType: string, content: unknown): [number, string] | { card?: Record<string, unknown>; text?: string; file?: { fileKey: string; fileName: string } } => {
    if (typeof content !== 'string') return [230001, 'content must be a JSON string'];
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(content) as Record<string, unknown>;
    } catch {
      return [230001, 'content is not valid JSON'];
    }
    if (msgType === 'interactive') {
      if (Buffer.byteLength(content) > im.limits.cardBytes) return [230025, 'The message exceeds the maximum size limit (30 KB for cards)'];
      return { card: parsed };
    }
    if (msgType === 'text') {
      if (Buffer.byteLength(content) > 150 * 1024) return [230025, 'The message exceeds the maximum size limit (150 KB for text)'];
      return { text: String(parsed.text ?? '') };
    }
    if (msgType === 'file') {
      const file = im.files.get(String(parsed.file_key ?? ''));
      if (!file) return [230001, 'invalid file_key'];
      return { file: { fileKey: file.fileKey, fileName: file.name } };
    }
    return [230001, `msg_type ${msgType} is not supported by the emulator`];
  };

  const messageView = (m: EmuMessage) => ({
    message_id: m.messageId,
    root_id: m.rootId,
    parent_id: m.parentId,
    msg_type: m.msgType,
    create_time: String(m.createdAt),
    update_time: String(m.updatedAt ?? m.createdAt),
    deleted: false,
    updated: Boolean(m.updatedAt),
    chat_id: m.chatId,
    sender: { id: emu.appId, id_type: 'app_id', sender_type: 'app', tenant_key: 'sandbox' },
    body: { content: m.content },
  });

  const send = (chatId: string, body: { msg_type?: string; content?: unknown; uuid?: string }, parent?: EmuMessage) => {
    if (body.uuid) {
      const seen = uuids.get(body.uuid);
      if (seen && Date.now() - seen.at < UUID_TTL_MS) return { message: im.messages.get(seen.messageId) as EmuMessage };
    }
    const checked = checkContent(String(body.msg_type ?? ''), body.content);
    if (Array.isArray(checked)) return { error: checked };
    if (overRate(sends, chatId, im.limits.perChatPerSecond)) return { error: [230020, 'This chat is receiving messages too fast (5 per second): request trigger frequency limit'] as [number, string] };
    const msg: EmuMessage = {
      messageId: newId('om_'),
      chatId,
      sender: 'bot',
      msgType: String(body.msg_type),
      content: body.content as string,
      card: checked.card,
      cardHistory: checked.card ? [checked.card] : [],
      text: checked.text,
      file: checked.file,
      parentId: parent?.messageId,
      rootId: parent ? (parent.rootId ?? parent.messageId) : undefined,
      createdAt: Date.now(),
    };
    im.messages.set(msg.messageId, msg);
    if (body.uuid) uuids.set(body.uuid, { messageId: msg.messageId, at: msg.createdAt });
    return { message: msg };
  };

  emu.app.get('/open-apis/bot/v3/info', async (_req, reply) =>
    reply.send({ code: 0, msg: 'ok', bot: { activate_status: 2, app_name: im.bot.name, avatar_url: '', ip_white_list: [], open_id: im.bot.openId } }),
  );

  emu.app.post('/open-apis/im/v1/messages', async (req, reply) => {
    const q = req.query as { receive_id_type?: string };
    const body = (req.body ?? {}) as { receive_id?: string; msg_type?: string; content?: unknown; uuid?: string };
    if (q.receive_id_type !== 'chat_id') return emu.fail(reply, 230001, 'the emulator supports receive_id_type=chat_id only', 400);
    if (!body.receive_id || !im.chats.has(body.receive_id)) return emu.fail(reply, 230002, 'Bot/User can NOT be out of the chat.', 400);
    const res = send(body.receive_id, body);
    if (res.error) return emu.fail(reply, res.error[0], res.error[1], 400);
    return emu.ok(reply, messageView(res.message as EmuMessage));
  });

  emu.app.post('/open-apis/im/v1/messages/:id/reply', async (req, reply) => {
    const { id } = req.params as { id: string };
    const parent = im.messages.get(id);
    if (!parent) return emu.fail(reply, 230001, 'invalid message_id', 400);
    if (!im.chats.has(parent.chatId)) return emu.fail(reply, 230002, 'Bot/User can NOT be out of the chat.', 400);
    const res = send(parent.chatId, (req.body ?? {}) as { msg_type?: string; content?: unknown; uuid?: string }, parent);
    if (res.error) return emu.fail(reply, res.error[0], res.error[1], 400);
    return emu.ok(reply, messageView(res.message as EmuMessage));
  });

  emu.app.patch('/open-apis/im/v1/messages/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const msg = im.messages.get(id);
    if (!msg || msg.sender !== 'bot') return emu.fail(reply, 230001, 'invalid message_id (only cards the bot sent can be updated)', 400);
    if (msg.msgType !== 'interactive') return emu.fail(reply, 230001, 'only interactive messages can be updated', 400);
    if (Date.now() - msg.createdAt > 14 * 86400_000) return emu.fail(reply, 230031, 'The message has been sent for more than 14 days', 400);
    const checked = checkContent('interactive', (req.body as { content?: unknown } | undefined)?.content);
    if (Array.isArray(checked)) return emu.fail(reply, checked[0], checked[1], 400);
    if (overRate(patches, id, 5)) return emu.fail(reply, 230020, 'This message is being updated too fast (5 per second)', 400);
    msg.content = (req.body as { content: string }).content;
    msg.card = checked.card;
    msg.cardHistory.push(checked.card as Record<string, unknown>);
    msg.updatedAt = Date.now();
    return emu.ok(reply, {});
  });

  emu.app.get('/open-apis/im/v1/messages/:id/resources/:fileKey', async (req, reply) => {
    const { id, fileKey } = req.params as { id: string; fileKey: string };
    const q = req.query as { type?: string };
    if (q.type !== 'file' && q.type !== 'image') return emu.fail(reply, 234001, 'Invalid request param: type must be file or image', 400);
    const msg = im.messages.get(id);
    if (!msg) return emu.fail(reply, 234003, 'File not in msg.', 400);
    if (!im.chats.has(msg.chatId)) return emu.fail(reply, 234004, 'App not in chat.', 400);
    const file = im.files.get(fileKey);
    if (!file || file.messageId !== id) return emu.fail(reply, 234003, 'File not in msg.', 400);
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
      .send(file.data);
  });

  emu.app.post('/open-apis/im/v1/files', async (req, reply) => {
    const ct = String(req.headers['content-type'] ?? '');
    if (!Buffer.isBuffer(req.body) || !ct.startsWith('multipart/form-data')) return emu.fail(reply, 234001, 'Invalid request param: multipart/form-data expected', 400);
    const parts = parseMultipart(req.body, ct);
    const field = (name: string) => parts.find((p) => p.name === name);
    const file = field('file');
    const name = field('file_name')?.data.toString('utf8') ?? file?.filename;
    if (!file || !name || !field('file_type')) return emu.fail(reply, 234001, 'Invalid request param: file_type, file_name and file are required', 400);
    if (file.data.length === 0) return emu.fail(reply, 234010, 'File size cannot be 0.', 400);
    if (file.data.length > im.limits.uploadBytes) return emu.fail(reply, 234006, 'The file size exceed the max value (30 MB).', 400);
    const uploaded: EmuFile = { fileKey: `file_v3_${randomBytes(12).toString('hex')}`, name, data: Buffer.from(file.data) };
    im.files.set(uploaded.fileKey, uploaded);
    return emu.ok(reply, { file_key: uploaded.fileKey });
  });

  // What a person sees in sandbox mode: the chats and every message, newest last.
  emu.app.get('/sandbox/messages', async () => ({
    chats: [...im.chats.values()].map((c) => ({
      ...c,
      messages: im.list(c.chatId).map((m) => ({
        messageId: m.messageId,
        sender: m.sender,
        openId: m.openId,
        msgType: m.msgType,
        text: m.text,
        card: m.card,
        file: m.file,
        parentId: m.parentId,
        createdAt: new Date(m.createdAt).toISOString(),
        updatedAt: m.updatedAt ? new Date(m.updatedAt).toISOString() : undefined,
        updates: Math.max(0, m.cardHistory.length - 1),
      })),
    })),
  }));
  emu.app.get('/sandbox', async (_req, reply) => reply.type('text/html; charset=utf-8').send(sandboxPage()));

  return im;
}

export function imOf(emu: FeishuEmulator): ImEmulator {
  const im = emu.state.im as ImEmulator | undefined;
  if (!im) throw new Error('the IM emulator is not installed (installImEmulator)');
  return im;
}
