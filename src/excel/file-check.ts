// Checks a file is an .xlsx we can safely unpack (or a CSV export), before any parsing: the
// magic bytes (zip vs. the OLE/CFB container of old .xls and of password-protected .xlsx), the
// size, and the zip's central directory (every part's declared uncompressed size, against a limit and a
// compression ratio, so a zip bomb is refused before a byte is inflated).
import { open } from 'node:fs/promises';
import { PassThrough, Readable, Transform } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { TongbuError } from '../errors.js';

export interface ByteSource {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  /** Reads into `into` (reused by the caller, so no buffer is left behind per piece); resolves with the bytes read. */
  readInto?(into: Buffer, position: number): Promise<number>;
  close(): Promise<void>;
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: async (pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len)),
    close: async () => undefined,
  };
}

export async function fileSource(path: string): Promise<ByteSource> {
  const fh = await open(path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    read: async (pos, len) => {
      const out = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      if (out.length) await fh.read(out, 0, out.length, pos);
      return out;
    },
    readInto: async (into, pos) => (pos >= size ? 0 : (await fh.read(into, 0, Math.min(into.length, size - pos), pos)).bytesRead),
    close: () => fh.close(),
  };
}

export interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  encrypted: boolean;
  method: number;
  localHeaderOffset: number;
}

export interface CheckLimits {
  maxBytes: number;
  maxUncompressedBytes: number;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// Deflate tops out near 1032:1; XML sheets compress 5-30:1. Far beyond that is a crafted file.
const MAX_RATIO = 200;
// Small parts (styles, rels) can compress extremely well legitimately; judge the ratio above this size.
const RATIO_FLOOR_BYTES = 10 * 1024 * 1024;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export type ImportFormat = { kind: 'xlsx'; entries: ZipEntry[] } | { kind: 'csv' };

/** Names that say "text export": read as CSV unless the bytes say zip or OLE. */
export const CSV_NAME = /\.(csv|tsv|txt)$/i;

/**
 * What the file is, by its bytes first: a zip is an .xlsx (checked as below), an OLE container
 * an old .xls or an encrypted workbook (refused); other bytes are a CSV when the name says so
 * (.csv, .tsv, .txt), and refused as not a workbook otherwise.
 */
export async function checkImportFile(src: ByteSource, limits: CheckLimits, fileName: string): Promise<ImportFormat> {
  if (src.size > 0 && src.size <= limits.maxBytes && CSV_NAME.test(fileName)) {
    const head = await src.read(0, 512);
    if (!head.subarray(0, 4).equals(ZIP_MAGIC) && !head.subarray(0, 8).equals(CFB_MAGIC)) {
      // UTF-16 text has NULs; any other NUL in the first bytes means a binary file.
      const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
      if (!utf16 && head.includes(0)) throw new TongbuError('EXCEL_NOT_XLSX', `it is named like a CSV export but holds binary data (it starts with ${describeHead(head)})`);
      return { kind: 'csv' };
    }
  }
  return { kind: 'xlsx', entries: await checkWorkbookFile(src, limits) };
}

/** Throws the TongbuError naming what is wrong; returns the zip's entries when it is a plausible xlsx. */
export async function checkWorkbookFile(src: ByteSource, limits: CheckLimits): Promise<ZipEntry[]> {
  if (src.size > limits.maxBytes) {
    throw new TongbuError('EXCEL_TOO_LARGE', `${mb(src.size)}, the limit is ${mb(limits.maxBytes)} (MAX_IMPORT_MB)`);
  }
  if (src.size === 0) throw new TongbuError('EXCEL_NOT_XLSX', 'the file is empty');
  const head = await src.read(0, 512);
  if (head.subarray(0, 8).equals(CFB_MAGIC)) throw await classifyCfb(src);
  if (!head.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new TongbuError('EXCEL_NOT_XLSX', `it starts with ${describeHead(head)}`);
  }
  const entries = await readCentralDirectory(src);
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) {
    throw new TongbuError('EXCEL_NOT_XLSX', 'it is a zip archive without an Excel workbook (xl/workbook.xml) inside');
  }
  if (entries.some((e) => e.encrypted)) throw new TongbuError('EXCEL_ENCRYPTED', 'its parts are zip-encrypted');
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize > e.compressedSize * MAX_RATIO) {
      throw new TongbuError('EXCEL_ZIP_BOMB', `${e.name} declares ${mb(e.uncompressedSize)} from ${mb(e.compressedSize)} compressed (over ${MAX_RATIO}:1)`);
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new TongbuError('EXCEL_ZIP_BOMB', `it declares ${mb(total)} uncompressed, the limit is ${mb(limits.maxUncompressedBytes)} (MAX_IMPORT_UNCOMPRESSED_MB)`);
  }
  return entries;
}

function describeHead(head: Buffer): string {
  if (head.toString('latin1').startsWith('%PDF')) return '"%PDF" (a PDF document)';
  if (!head.includes(0)) {
    try {
      // A cut in the middle of a multi-byte character is fine; anything else is not UTF-8 text.
      const text = new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(head));
      return `text ("${text.split(/\r?\n/)[0]?.slice(0, 40)}…"), perhaps a CSV export`;
    } catch {
      /* binary */
    }
  }
  return `bytes ${head.subarray(0, 4).toString('hex')}`;
}

function trimPartialUtf8(b: Buffer): Buffer {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
    const c = b[i] as number;
    if ((c & 0xc0) === 0x80) continue; // continuation byte
    if (c >= 0xc0) {
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return b.length - i < need ? b.subarray(0, i) : b;
    }
    return b;
  }
  return b;
}

/** Where an entry's compressed bytes start (after its local header). */
async function dataStart(src: ByteSource, entry: ZipEntry): Promise<number> {
  const lh = await src.read(entry.localHeaderOffset, 30);
  if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) throw new TongbuError('EXCEL_CORRUPT', `the local header of ${entry.name} is damaged`);
  return entry.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
}

/** One small part of the zip, inflated (for workbook.xml and its rels; capped at `maxBytes`). */
export async function readZipEntry(src: ByteSource, entry: ZipEntry, maxBytes = 8 * 1024 * 1024): Promise<Buffer> {
  if (entry.uncompressedSize > maxBytes || entry.compressedSize > maxBytes) throw new TongbuError('EXCEL_ZIP_BOMB', `${entry.name} is unexpectedly large`);
  const data = await src.read(await dataStart(src, entry), entry.compressedSize);
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new TongbuError('EXCEL_CORRUPT', `${entry.name} cannot be unpacked (${(e as Error).message})`, { cause: e });
  }
  throw new TongbuError('EXCEL_CORRUPT', `${entry.name} uses an unknown compression method ${entry.method}`);
}

/**
 * One part of the zip as text, inflated and decoded as it is read (worksheets: too big to
 * hold). The compressed bytes are read in pieces as the consumer asks for them, so memory
 * stays flat. The stream yields one string per inflated 64 KB, never splitting a character
 * (a character cut in two would come out garbled). A part that
 * inflates past the size the central directory declared is refused (a crafted file).
 */
export function zipEntryText(src: ByteSource, entry: ZipEntry, pieceBytes = 256 * 1024): Readable {
  async function* compressed(): AsyncGenerator<Buffer> {
    const start = await dataStart(src, entry);
    for (let pos = 0; pos < entry.compressedSize; pos += pieceBytes) {
      const piece = await src.read(start + pos, Math.min(pieceBytes, entry.compressedSize - pos));
      if (!piece.length) throw new TongbuError('EXCEL_CORRUPT', `${entry.name} is cut short`);
      yield piece;
    }
  }
  // Bytes of a character cut at the end of the last chunk, carried to the next one. Each piece
  // is decoded whole (not with a StringDecoder, whose joined strings are ropes: the XML parser
  // reads them character by character and fell to a fraction of its speed).
  let carry: Buffer | undefined;
  let seen = 0;
  const out = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > entry.uncompressedSize) return done(new TongbuError('EXCEL_ZIP_BOMB', `${entry.name} inflates past the ${mb(entry.uncompressedSize)} it declares`));
      const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = trimPartialUtf8(bytes);
      carry = whole.length < bytes.length ? Buffer.from(bytes.subarray(whole.length)) : undefined;
      done(null, whole.length ? whole.toString('utf8') : undefined);
    },
    flush(done) {
      done(null, carry ? carry.toString('utf8') : undefined);
    },
  });
  if (entry.method !== 0 && entry.method !== 8) {
    process.nextTick(() => out.destroy(new TongbuError('EXCEL_CORRUPT', `${entry.name} uses an unknown compression method ${entry.method}`)));
    return out;
  }
  const input = Readable.from(compressed(), { objectMode: false });
  const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: 64 * 1024 }) : new PassThrough();
  const fail = (e: Error) => out.destroy(e instanceof TongbuError ? e : new TongbuError('EXCEL_CORRUPT', `${entry.name} cannot be unpacked (${e.message})`, { cause: e }));
  input.on('error', fail);
  inflate.on('error', fail);
  // Stop reading the file when the consumer gives up early (an error in a row, a missing column).
  out.on('close', () => {
    input.destroy();
    inflate.destroy();
  });
  input.pipe(inflate).pipe(out);
  return out;
}

/**
 * Old .xls files and password-protected .xlsx files share the CFB container; an encrypted
 * xlsx holds streams named EncryptionInfo/EncryptedPackage (names are UTF-16LE in the directory).
 */
async function classifyCfb(src: ByteSource): Promise<TongbuError> {
  const all = await src.read(0, src.size);
  const has = (name: string) => all.includes(Buffer.from(name, 'utf16le'));
  if (has('EncryptionInfo') || has('EncryptedPackage')) {
    return new TongbuError('EXCEL_ENCRYPTED', 'it is an encrypted Office container (EncryptionInfo)');
  }
  if (has('Workbook') || has('Book')) return new TongbuError('EXCEL_OLD_XLS', 'the .xls (BIFF) format is not read; save it as .xlsx or as CSV');
  return new TongbuError('EXCEL_OLD_XLS', 'it is an old Office (OLE) container, not an .xlsx workbook');
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CDH_SIG = 0x02014b50;

async function readCentralDirectory(src: ByteSource): Promise<ZipEntry[]> {
  const tailLen = Math.min(src.size, 0xffff + 22);
  const tailStart = src.size - tailLen;
  const tail = await src.read(tailStart, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new TongbuError('EXCEL_CORRUPT', 'the zip directory is missing (the file is truncated or not a real zip)');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits just before the EOCD record.
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw new TongbuError('EXCEL_CORRUPT', 'a damaged ZIP64 directory');
    const z64 = await src.read(Number(tail.readBigUInt64LE(loc + 8)), 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new TongbuError('EXCEL_CORRUPT', 'a damaged ZIP64 directory');
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > src.size || count > 100_000) throw new TongbuError('EXCEL_CORRUPT', 'the zip directory points outside the file');
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new TongbuError('EXCEL_CORRUPT', 'the zip directory is damaged');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // ZIP64 extended information extra field (0x0001): sizes in this order when saturated.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressedSize === 0xffffffff) { uncompressedSize = Number(cd.readBigUInt64LE(q)); q += 8; }
          if (compressedSize === 0xffffffff) { compressedSize = Number(cd.readBigUInt64LE(q)); q += 8; }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(cd.readBigUInt64LE(q));
          break;
        }
        e += 4 + len;
      }
    }
    entries.push({ name, compressedSize, uncompressedSize, encrypted: (flags & 1) === 1, method, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
