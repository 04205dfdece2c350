// The Feishu sandbox: the emulator with its IM plugin, an encrypt key and verification token
// of its own, and an event pusher aimed at the bot once its URL is known. Sandbox mode and the
// tests use it the same way: `sandbox.say(chatId, '/help')` → a signed, encrypted event to the
// bot → the bot's reply card lands in `sandbox.im.botMessages(chatId)`.
import { randomBytes } from 'node:crypto';
import { createFeishuEmulator, type FeishuEmulator, type FeishuEmulatorOptions } from './emulator.js';
import { FeishuEventPusher, type PushResult, type SayOptions } from './events.js';
import { installImEmulator, type EmuMessage, type ImEmulator } from './im.js';

export interface FeishuSandbox {
  emulator: FeishuEmulator;
  im: ImEmulator;
  encryptKey: string;
  verificationToken: string;
  /** Set by connect(). */
  pusher?: FeishuEventPusher;
  /** Aim events at the bot (its /feishu/events and /feishu/cards URLs). */
  connect(urls: { eventsUrl: string; cardsUrl?: string }): FeishuEventPusher;
  say(chatId: string, text: string, o?: SayOptions): Promise<PushResult & { message: EmuMessage }>;
  sendFile(chatId: string, fileName: string, data: Buffer, o?: { openId?: string; chatType?: 'group' | 'p2p' }): Promise<PushResult & { message: EmuMessage; fileKey: string }>;
  click(messageId: string, value: Record<string, unknown>, o?: { openId?: string }): Promise<PushResult>;
}

export interface FeishuSandboxOptions extends FeishuEmulatorOptions {
  encryptKey?: string;
  verificationToken?: string;
  botName?: string;
}

export function createFeishuSandbox(opts: FeishuSandboxOptions = {}): FeishuSandbox {
  const emulator = createFeishuEmulator(opts);
  const im = installImEmulator(emulator, { botName: opts.botName });
  const sandbox: FeishuSandbox = {
    emulator,
    im,
    encryptKey: opts.encryptKey ?? randomBytes(16).toString('hex'),
    verificationToken: opts.verificationToken ?? randomBytes(16).toString('hex'),
    connect(urls) {
      sandbox.pusher = new FeishuEventPusher({ emulator, im, ...urls, encryptKey: sandbox.encryptKey, verificationToken: sandbox.verificationToken });
      return sandbox.pusher;
    },
    say: (chatId, text, o) => pusherOf().say(chatId, text, o),
    sendFile: (chatId, name, data, o) => pusherOf().sendFile(chatId, name, data, o),
    click: (messageId, value, o) => pusherOf().click(messageId, value, o),
  };
  const pusherOf = () => {
    if (!sandbox.pusher) throw new Error('the sandbox is not connected to a bot yet (sandbox.connect)');
    return sandbox.pusher;
  };

  // The sandbox page's "send" box: a person types as a user in an emulated chat.
  emulator.app.post('/sandbox/say', async (req, reply) => {
    const body = (req.body ?? {}) as { chatId?: string; text?: string; chatType?: 'group' | 'p2p'; openId?: string };
    if (!sandbox.pusher) return reply.code(409).send({ error: 'the bot is not connected yet' });
    if (!body.chatId || !body.text?.trim()) return reply.code(400).send({ error: 'chatId and text are required' });
    const res = await sandbox.pusher.say(body.chatId, body.text, { chatType: body.chatType, openId: body.openId });
    return reply.code(res.status === 200 ? 200 : 502).send({ status: res.status });
  });
  return sandbox;
}
