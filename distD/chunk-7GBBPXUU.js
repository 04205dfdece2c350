import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  require_pg_copy_streams
} from "./chunk-DIUG7UWK.js";
import {
  isConnectionLost
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  describeError,
  isTongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name,
  __toESM
} from "./chunk-RZBAZSCI.js";

// src/excel/import-service.ts
import { createHash } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";

// src/excel/csv-rows.ts
var PIECE_BYTES = 32 * 1024;
async function* pieces(src) {
  const into = src.readInto ? Buffer.allocUnsafeSlow(PIECE_BYTES) : void 0;
  for (let pos = 0; pos < src.size; pos += PIECE_BYTES) {
    const piece = into && src.readInto ? into.subarray(0, await src.readInto(into, pos)) : await src.read(pos, PIECE_BYTES);
    if (!piece.length) return;
    yield piece;
  }
}
__name(pieces, "pieces");
async function detectCsvEncoding(src) {
  const head = await src.read(0, 4);
  if (head[0] === 239 && head[1] === 187 && head[2] === 191) return "utf-8";
  if (head[0] === 255 && head[1] === 254) return "utf-16le";
  if (head[0] === 254 && head[1] === 255) return "utf-16be";
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const piece of pieces(src)) utf8.decode(piece, { stream: true });
    utf8.decode();
    return "utf-8";
  } catch {
    return "gb18030";
  }
}
__name(detectCsvEncoding, "detectCsvEncoding");
function separatorOf(firstText) {
  const counts = /* @__PURE__ */ new Map([[44, 0], [9, 0], [59, 0]]);
  let quoted = false;
  for (let i = 0; i < firstText.length; i++) {
    const c = firstText.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c) + 1);
  }
  let best = 44;
  for (const [c, n2] of counts) if (n2 > counts.get(best)) best = c;
  return best;
}
__name(separatorOf, "separatorOf");
var CsvParser = class {
  constructor(sep) {
    this.sep = sep;
  }
  sep;
  static {
    __name(this, "CsvParser");
  }
  state = 0 /* FieldStart */;
  field = "";
  values = [];
  col = 1;
  rowNumber = 0;
  skipLf = false;
  touched = false;
  endField(text2) {
    if (text2 !== "") this.values[this.col] = text2.includes("\0") ? text2.split("\0").join("") : text2;
    this.col++;
    this.field = "";
  }
  endRow(out) {
    out.push({ number: ++this.rowNumber, values: this.values });
    this.values = [];
    this.col = 1;
    this.touched = false;
  }
  push(s, out) {
    const sep = this.sep;
    const n2 = s.length;
    let start = 0;
    let i = 0;
    if (this.skipLf && n2 > 0) {
      this.skipLf = false;
      if (s.charCodeAt(0) === 10) i = start = 1;
    }
    for (; i < n2; i++) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case 0 /* FieldStart */:
          this.touched = true;
          if (c === 34) {
            this.state = 2 /* Quoted */;
            start = i + 1;
            break;
          }
          this.state = 1 /* Unquoted */;
          start = i--;
          break;
        case 1 /* Unquoted */:
          if (c === sep) {
            this.endField(this.field + s.slice(start, i));
            this.state = 0 /* FieldStart */;
          } else if (c === 10 || c === 13) {
            this.endField(this.field + s.slice(start, i));
            this.endRow(out);
            this.state = 0 /* FieldStart */;
            if (c === 13) {
              if (i + 1 < n2) {
                if (s.charCodeAt(i + 1) === 10) i++;
              } else this.skipLf = true;
            }
          }
          break;
        case 2 /* Quoted */:
          if (c === 34) {
            this.field += s.slice(start, i);
            this.state = 3 /* QuoteInQuoted */;
          }
          break;
        case 3 /* QuoteInQuoted */:
          if (c === 34) {
            this.field += '"';
            start = i + 1;
            this.state = 2 /* Quoted */;
          } else if (c === sep) {
            this.endField(this.field);
            this.state = 0 /* FieldStart */;
          } else if (c === 10 || c === 13) {
            this.endField(this.field);
            this.endRow(out);
            this.state = 0 /* FieldStart */;
            if (c === 13) {
              if (i + 1 < n2) {
                if (s.charCodeAt(i + 1) === 10) i++;
              } else this.skipLf = true;
            }
          } else {
            this.state = 1 /* Unquoted */;
            start = i;
          }
          break;
      }
    }
    if (this.state === 1 /* Unquoted */ || this.state === 2 /* Quoted */) this.field += s.slice(start, n2);
  }
  end(out) {
    if (this.state === 2 /* Quoted */) throw new TongbuError("EXCEL_CORRUPT", `a quoted field opened in record ${this.rowNumber + 1} is never closed (the file is cut short)`);
    if (this.state !== 0 /* FieldStart */ || this.touched || this.col > 1) {
      this.endField(this.field);
      this.endRow(out);
    }
  }
};
function csvSheet(src, name, encoding) {
  return {
    name,
    textCells: true,
    async *rows() {
      const decoder = new TextDecoder(encoding);
      let parser;
      let pending = "";
      let read = 0;
      for await (const piece of pieces(src)) {
        read += piece.length;
        const text2 = decoder.decode(piece, { stream: true });
        const out2 = [];
        if (!parser) {
          pending += text2;
          if (!/[\r\n]/.test(pending) && read < src.size) continue;
          parser = new CsvParser(separatorOf(pending));
          parser.push(pending, out2);
          pending = "";
        } else parser.push(text2, out2);
        if (out2.length) yield out2;
      }
      parser ??= new CsvParser(separatorOf(pending));
      const out = [];
      if (pending) parser.push(pending, out);
      parser.push(decoder.decode(), out);
      parser.end(out);
      if (out.length) yield out;
    }
  };
}
__name(csvSheet, "csvSheet");

// src/excel/file-check.ts
import { open } from "node:fs/promises";
import { PassThrough, Readable, Transform } from "node:stream";
import { createInflateRaw, inflateRawSync } from "node:zlib";
function bufferSource(buf) {
  return {
    size: buf.length,
    read: /* @__PURE__ */ __name(async (pos, len) => buf.subarray(pos, Math.min(buf.length, pos + len)), "read"),
    close: /* @__PURE__ */ __name(async () => void 0, "close")
  };
}
__name(bufferSource, "bufferSource");
async function fileSource(path) {
  const fh = await open(path, "r");
  const { size } = await fh.stat();
  return {
    size,
    read: /* @__PURE__ */ __name(async (pos, len) => {
      const out = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      if (out.length) await fh.read(out, 0, out.length, pos);
      return out;
    }, "read"),
    readInto: /* @__PURE__ */ __name(async (into, pos) => pos >= size ? 0 : (await fh.read(into, 0, Math.min(into.length, size - pos), pos)).bytesRead, "readInto"),
    close: /* @__PURE__ */ __name(() => fh.close(), "close")
  };
}
__name(fileSource, "fileSource");
var ZIP_MAGIC = Buffer.from([80, 75, 3, 4]);
var CFB_MAGIC = Buffer.from([208, 207, 17, 224, 161, 177, 26, 225]);
var MAX_RATIO = 200;
var RATIO_FLOOR_BYTES = 10 * 1024 * 1024;
var mb = /* @__PURE__ */ __name((n2) => `${(n2 / 1024 / 1024).toFixed(1)} MB`, "mb");
var CSV_NAME = /\.(csv|tsv|txt)$/i;
async function checkImportFile(src, limits, fileName) {
  if (src.size > 0 && src.size <= limits.maxBytes && CSV_NAME.test(fileName)) {
    const head = await src.read(0, 512);
    if (!head.subarray(0, 4).equals(ZIP_MAGIC) && !head.subarray(0, 8).equals(CFB_MAGIC)) {
      const utf16 = head[0] === 255 && head[1] === 254 || head[0] === 254 && head[1] === 255;
      if (!utf16 && head.includes(0)) throw new TongbuError("EXCEL_NOT_XLSX", `it is named like a CSV export but holds binary data (it starts with ${describeHead(head)})`);
      return { kind: "csv" };
    }
  }
  return { kind: "xlsx", entries: await checkWorkbookFile(src, limits) };
}
__name(checkImportFile, "checkImportFile");
async function checkWorkbookFile(src, limits) {
  if (src.size > limits.maxBytes) {
    throw new TongbuError("EXCEL_TOO_LARGE", `${mb(src.size)}, the limit is ${mb(limits.maxBytes)} (MAX_IMPORT_MB)`);
  }
  if (src.size === 0) throw new TongbuError("EXCEL_NOT_XLSX", "the file is empty");
  const head = await src.read(0, 512);
  if (head.subarray(0, 8).equals(CFB_MAGIC)) throw await classifyCfb(src);
  if (!head.subarray(0, 4).equals(ZIP_MAGIC)) {
    throw new TongbuError("EXCEL_NOT_XLSX", `it starts with ${describeHead(head)}`);
  }
  const entries = await readCentralDirectory(src);
  if (!entries.some((e) => e.name === "xl/workbook.xml")) {
    throw new TongbuError("EXCEL_NOT_XLSX", "it is a zip archive without an Excel workbook (xl/workbook.xml) inside");
  }
  if (entries.some((e) => e.encrypted)) throw new TongbuError("EXCEL_ENCRYPTED", "its parts are zip-encrypted");
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize > e.compressedSize * MAX_RATIO) {
      throw new TongbuError("EXCEL_ZIP_BOMB", `${e.name} declares ${mb(e.uncompressedSize)} from ${mb(e.compressedSize)} compressed (over ${MAX_RATIO}:1)`);
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new TongbuError("EXCEL_ZIP_BOMB", `it declares ${mb(total)} uncompressed, the limit is ${mb(limits.maxUncompressedBytes)} (MAX_IMPORT_UNCOMPRESSED_MB)`);
  }
  return entries;
}
__name(checkWorkbookFile, "checkWorkbookFile");
function describeHead(head) {
  if (head.toString("latin1").startsWith("%PDF")) return '"%PDF" (a PDF document)';
  if (!head.includes(0)) {
    try {
      const text2 = new TextDecoder("utf-8", { fatal: true }).decode(trimPartialUtf8(head));
      return `text ("${text2.split(/\r?\n/)[0]?.slice(0, 40)}\u2026"), perhaps a CSV export`;
    } catch {
    }
  }
  return `bytes ${head.subarray(0, 4).toString("hex")}`;
}
__name(describeHead, "describeHead");
function trimPartialUtf8(b) {
  for (let i = b.length - 1; i >= Math.max(0, b.length - 4); i--) {
    const c = b[i];
    if ((c & 192) === 128) continue;
    if (c >= 192) {
      const need = c >= 240 ? 4 : c >= 224 ? 3 : 2;
      return b.length - i < need ? b.subarray(0, i) : b;
    }
    return b;
  }
  return b;
}
__name(trimPartialUtf8, "trimPartialUtf8");
async function dataStart(src, entry) {
  const lh = await src.read(entry.localHeaderOffset, 30);
  if (lh.length < 30 || lh.readUInt32LE(0) !== 67324752) throw new TongbuError("EXCEL_CORRUPT", `the local header of ${entry.name} is damaged`);
  return entry.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
}
__name(dataStart, "dataStart");
async function readZipEntry(src, entry, maxBytes = 8 * 1024 * 1024) {
  if (entry.uncompressedSize > maxBytes || entry.compressedSize > maxBytes) throw new TongbuError("EXCEL_ZIP_BOMB", `${entry.name} is unexpectedly large`);
  const data = await src.read(await dataStart(src, entry), entry.compressedSize);
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new TongbuError("EXCEL_CORRUPT", `${entry.name} cannot be unpacked (${e.message})`, { cause: e });
  }
  throw new TongbuError("EXCEL_CORRUPT", `${entry.name} uses an unknown compression method ${entry.method}`);
}
__name(readZipEntry, "readZipEntry");
function zipEntryText(src, entry, pieceBytes = 256 * 1024) {
  async function* compressed() {
    const start = await dataStart(src, entry);
    for (let pos = 0; pos < entry.compressedSize; pos += pieceBytes) {
      const piece = await src.read(start + pos, Math.min(pieceBytes, entry.compressedSize - pos));
      if (!piece.length) throw new TongbuError("EXCEL_CORRUPT", `${entry.name} is cut short`);
      yield piece;
    }
  }
  __name(compressed, "compressed");
  let carry;
  let seen = 0;
  const out = new Transform({
    readableObjectMode: true,
    transform(chunk, _enc, done) {
      seen += chunk.length;
      if (seen > entry.uncompressedSize) return done(new TongbuError("EXCEL_ZIP_BOMB", `${entry.name} inflates past the ${mb(entry.uncompressedSize)} it declares`));
      const bytes = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = trimPartialUtf8(bytes);
      carry = whole.length < bytes.length ? Buffer.from(bytes.subarray(whole.length)) : void 0;
      done(null, whole.length ? whole.toString("utf8") : void 0);
    },
    flush(done) {
      done(null, carry ? carry.toString("utf8") : void 0);
    }
  });
  if (entry.method !== 0 && entry.method !== 8) {
    process.nextTick(() => out.destroy(new TongbuError("EXCEL_CORRUPT", `${entry.name} uses an unknown compression method ${entry.method}`)));
    return out;
  }
  const input2 = Readable.from(compressed(), { objectMode: false });
  const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: 64 * 1024 }) : new PassThrough();
  const fail = /* @__PURE__ */ __name((e) => out.destroy(e instanceof TongbuError ? e : new TongbuError("EXCEL_CORRUPT", `${entry.name} cannot be unpacked (${e.message})`, { cause: e })), "fail");
  input2.on("error", fail);
  inflate.on("error", fail);
  out.on("close", () => {
    input2.destroy();
    inflate.destroy();
  });
  input2.pipe(inflate).pipe(out);
  return out;
}
__name(zipEntryText, "zipEntryText");
async function classifyCfb(src) {
  const all = await src.read(0, src.size);
  const has = /* @__PURE__ */ __name((name) => all.includes(Buffer.from(name, "utf16le")), "has");
  if (has("EncryptionInfo") || has("EncryptedPackage")) {
    return new TongbuError("EXCEL_ENCRYPTED", "it is an encrypted Office container (EncryptionInfo)");
  }
  if (has("Workbook") || has("Book")) return new TongbuError("EXCEL_OLD_XLS", "the .xls (BIFF) format is not read; save it as .xlsx or as CSV");
  return new TongbuError("EXCEL_OLD_XLS", "it is an old Office (OLE) container, not an .xlsx workbook");
}
__name(classifyCfb, "classifyCfb");
var EOCD_SIG = 101010256;
var ZIP64_LOCATOR_SIG = 117853008;
var ZIP64_EOCD_SIG = 101075792;
var CDH_SIG = 33639248;
async function readCentralDirectory(src) {
  const tailLen = Math.min(src.size, 65535 + 22);
  const tailStart = src.size - tailLen;
  const tail = await src.read(tailStart, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new TongbuError("EXCEL_CORRUPT", "the zip directory is missing (the file is truncated or not a real zip)");
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 4294967295 || count === 65535) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw new TongbuError("EXCEL_CORRUPT", "a damaged ZIP64 directory");
    const z64 = await src.read(Number(tail.readBigUInt64LE(loc + 8)), 56);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new TongbuError("EXCEL_CORRUPT", "a damaged ZIP64 directory");
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > src.size || count > 1e5) throw new TongbuError("EXCEL_CORRUPT", "the zip directory points outside the file");
  const cd = await src.read(cdOffset, cdSize);
  const entries = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG) throw new TongbuError("EXCEL_CORRUPT", "the zip directory is damaged");
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    if (uncompressedSize === 4294967295 || compressedSize === 4294967295 || localHeaderOffset === 4294967295) {
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          if (uncompressedSize === 4294967295) {
            uncompressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 4294967295) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localHeaderOffset === 4294967295) localHeaderOffset = Number(cd.readBigUInt64LE(q));
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
__name(readCentralDirectory, "readCentralDirectory");

// src/excel/report-types.ts
var money = /* @__PURE__ */ __name((header, column) => ({ header, column, kind: "money", pgType: "numeric(14,2)", required: true }), "money");
var text = /* @__PURE__ */ __name((header, column, required = true) => ({ header, column, kind: "text", pgType: "text", required }), "text");
var SALES = {
  type: "sales",
  label: "\u552E\u5356\u660E\u7EC6",
  table: "orders_excel",
  key: "sub_order_id",
  fileNamePattern: /售卖明细/,
  columns: [
    { header: "\u6240\u5C5E\u8BA2\u5355ID", column: "order_id", kind: "id", pgType: "text", required: true },
    // The back office has written this header both ways (the seed's log shows 子单ID).
    { header: "\u5B50\u8BA2\u5355ID", aliases: ["\u5B50\u5355ID"], column: "sub_order_id", kind: "id", pgType: "text", required: true },
    text("\u5238\u7801\u72B6\u6001", "coupon_status"),
    { header: "\u6838\u9500\u65F6\u95F4", column: "verification_time", kind: "time", pgType: "timestamptz", required: true },
    money("\u8BA2\u5355\u5B9E\u6536", "actual_receipt"),
    money("\u552E\u5356\u91D1\u989D", "sale_amount"),
    money("\u5546\u5BB6\u8D27\u6B3E\u51FA\u8D44\u8865\u8D34", "merchant_subsidy"),
    money("\u5546\u54C1\u5B9E\u4ED8", "product_payment"),
    money("\u5E73\u53F0\u8865\u8D34", "platform_subsidy"),
    text("\u5E73\u53F0\u8865\u8D34\u4F18\u60E0\u660E\u7EC6", "platform_discount_detail"),
    money("\u8F6F\u4EF6\u670D\u52A1\u8D39", "software_fee"),
    money("\u8FBE\u4EBA\u4F63\u91D1", "talent_commission"),
    money("\u589E\u91CF\u5B9D\u4F63\u91D1", "increment_commission"),
    money("\u9884\u552E\u4EF7(\u53EA\u9488\u5BF9\u9152\u65C5\u5546\u5BB6)", "preset_price"),
    money("\u9884\u7EA6\u52A0\u4EF7(\u53EA\u9488\u5BF9\u9152\u65C5\u5546\u5BB6)", "booking_surcharge"),
    text("\u8F6F\u4EF6\u670D\u52A1\u8D39\u7387", "software_fee_rate"),
    text("\u5E26\u8D27\u89D2\u8272", "sales_role"),
    text("\u6210\u4EA4\u6E20\u9053", "deal_channel"),
    text("\u8BA2\u5355\u5F52\u5C5E\u4EBA\u6635\u79F0", "owner_nickname"),
    { header: "\u8BA2\u5355\u5F52\u5C5E\u4EBAuid", column: "owner_uid", kind: "id", pgType: "text", required: true }
  ]
};
var BOOKINGS = {
  type: "bookings",
  label: "\u65C5\u884C\u793E\u9884\u7EA6\u660E\u7EC6",
  table: "travel_bookings",
  key: "order_number",
  fileNamePattern: /旅行社预约明细/,
  columns: [
    { header: "\u8BA2\u5355\u7F16\u53F7", column: "order_number", kind: "id", pgType: "text", required: true },
    // Required by the seed but kept only in raw_excel (the table has no columns for them).
    { header: "\u5546\u54C1\u540D\u79F0", column: "", kind: "text", pgType: "text", required: true },
    { header: "\u5546\u54C1\u54C1\u7C7B", column: "", kind: "text", pgType: "text", required: true },
    { header: "\u5546\u54C1\u7C7B\u578B", column: "", kind: "text", pgType: "text", required: true },
    { header: "\u8D2D\u4E70\u4EFD\u6570", column: "", kind: "text", pgType: "text", required: true },
    { header: "\u51FA\u884C\u65E5\u671F", aliases: ["\u51FA\u884C\u65F6\u95F4", "\u9884\u7EA6\u65E5\u671F"], column: "travel_date", kind: "date", pgType: "date", required: false }
  ]
};
var REPORTS = [SALES, BOOKINGS];
var BOOKING_STATES = ["\u672A\u9884\u7EA6", "\u5F85\u63A5\u5355", "\u5DF2\u9884\u7EA6", "\u5DF2\u5B8C\u6210", "\u5DF2\u62D2\u5355"];
var BOOKING_STATE_RANK = { \u672A\u9884\u7EA6: 1, \u5F85\u63A5\u5355: 2, \u5DF2\u9884\u7EA6: 3, \u5DF2\u5B8C\u6210: 4, \u5DF2\u62D2\u5355: 4 };
function bookingStateOfSheet(name) {
  const m = /^\s*(未预约|待接单|已预约|已完成|已拒单)\s*(?:[-_－—(（]\s*\d+\s*[)）]?)?\s*$/.exec(name);
  return m?.[1];
}
__name(bookingStateOfSheet, "bookingStateOfSheet");
function isInstructionSheet(name) {
  return /说明|注意事项|readme|instruction/i.test(name);
}
__name(isInstructionSheet, "isInstructionSheet");
function typeFromFileName(fileName) {
  return REPORTS.find((r) => r.fileNamePattern.test(fileName));
}
__name(typeFromFileName, "typeFromFileName");
function normalizeHeader(h) {
  return h.replace(/[\u200b\ufeff]/g, "").replace(/（/g, "(").replace(/）/g, ")").replace(/\s*\(\s*/g, "(").replace(/\s*\)\s*/g, ")").trim().toLowerCase();
}
__name(normalizeHeader, "normalizeHeader");

// src/excel/cell-values.ts
function plainValue(v) {
  if (v === null || v === void 0) return null;
  if (typeof v === "string") return v.includes("\0") ? v.split("\0").join("") : v;
  if (typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v;
    if ("sharedString" in o) throw new TongbuError("EXCEL_CORRUPT", "a cell refers to a shared string the workbook does not hold");
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? "").join("");
    if ("formula" in o || "sharedFormula" in o) return plainValue(o.result);
    if (o.text !== void 0) return plainValue(o.text);
    if (o.error !== void 0) return String(o.error);
  }
  return String(v);
}
__name(plainValue, "plainValue");
var EMPTY_MARKS = /* @__PURE__ */ new Set(["", "-", "--", "\u2014", "/", "null", "NULL", "\u65E0"]);
function isBlank(v) {
  return v === null || typeof v === "string" && EMPTY_MARKS.has(v.trim());
}
__name(isBlank, "isBlank");
function numberToDecimal(n2) {
  const s = String(n2);
  if (!/e/i.test(s)) return s;
  const [mant = "0", expPart = "0"] = s.toLowerCase().split("e");
  const exp = Number(expPart);
  const neg = mant.startsWith("-");
  const [int = "0", frac = ""] = mant.replace("-", "").split(".");
  const digits = int + frac;
  const point = int.length + exp;
  let out;
  if (point <= 0) out = `0.${"0".repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? "-" : "") + out;
}
__name(numberToDecimal, "numberToDecimal");
function roundMoney(decimal) {
  const dot = decimal.indexOf(".");
  if (dot > 0 && decimal.length - dot <= 3 && decimal[0] !== "-" && decimal[0] !== "+") return decimal + "00".slice(decimal.length - dot - 1);
  if (dot < 0 && /^\d+$/.test(decimal)) return `${decimal.replace(/^0+(?=\d)/, "")}.00`;
  const neg = decimal.startsWith("-");
  const [int = "0", frac = ""] = decimal.replace(/^[-+]/, "").split(".");
  const cents = BigInt((int || "0") + (frac + "00").slice(0, 2)) + ((frac[2] ?? "0") >= "5" ? 1n : 0n);
  const s = cents.toString().padStart(3, "0");
  const out = `${s.slice(0, -2)}.${s.slice(-2)}`;
  return neg && cents !== 0n ? `-${out}` : out;
}
__name(roundMoney, "roundMoney");
function parseMoney(v) {
  const m = parseAmount(v);
  return typeof m === "string" && m.replace("-", "").indexOf(".") > 12 ? void 0 : m;
}
__name(parseMoney, "parseMoney");
function parseAmount(v) {
  if (isBlank(v)) return null;
  if (typeof v === "number") return Number.isFinite(v) ? roundMoney(numberToDecimal(v)) : void 0;
  if (typeof v !== "string") return void 0;
  const s = v.trim().replace(/^[¥￥]/, "").replace(/元$/, "").replace(/,/g, "").trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return void 0;
  return roundMoney(s.startsWith(".") || s.startsWith("-.") ? s.replace(".", "0.") : s);
}
__name(parseAmount, "parseAmount");
var pad2 = /* @__PURE__ */ __name((n2) => String(n2).padStart(2, "0"), "pad2");
function wallClock(y, mo, d, h, mi, s) {
  return `${y}-${pad2(mo)}-${pad2(d)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}+08`;
}
__name(wallClock, "wallClock");
var EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
function fromWallDate(d) {
  return wallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}
__name(fromWallDate, "fromWallDate");
var TIME_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/;
function parseShanghaiTime(v) {
  if (isBlank(v)) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? void 0 : fromWallDate(v);
  if (typeof v === "number") {
    if (!(v > 0 && v < 2958466)) return void 0;
    return fromWallDate(new Date(EXCEL_EPOCH_MS + Math.round(v * 864e5 / 1e3) * 1e3));
  }
  if (typeof v !== "string") return void 0;
  const m = TIME_RE.exec(v.trim());
  if (!m) return void 0;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return void 0;
  return wallClock(y, mo, d, h, mi, s);
}
__name(parseShanghaiTime, "parseShanghaiTime");
function parseDate(v) {
  if (isBlank(v)) return null;
  const t = typeof v === "string" ? v.trim().split(/\s*(?:至|~|～|—|到)\s*/)[0] ?? "" : v;
  const instant = parseShanghaiTime(t);
  return instant ? instant.slice(0, 10) : null;
}
__name(parseDate, "parseDate");
var EXCEL_DIGITS = 15;
function parseId(v, fromText = false) {
  if (v === null) return { ok: true, id: null };
  if (typeof v === "number") {
    if (Number.isSafeInteger(v) && v >= 0) return { ok: true, id: String(v) };
    return { ok: false, reason: `id stored as a number lost precision (${numberToDecimal(v)})` };
  }
  const s = String(v).replace(/^[\s'\u200b\ufeff]+|[\s\u200b\ufeff]+$/g, "");
  if (/^[-+]?\d+(?:\.\d+)?[eE][-+]?\d+$/.test(s)) return { ok: false, reason: `id written as a rounded number lost its digits (${s})` };
  if (fromText && s.length > EXCEL_DIGITS && /^\d+$/.test(s) && /^0{3,}$/.test(s.slice(EXCEL_DIGITS))) {
    return { ok: false, reason: `id rounded to 15 digits lost precision (${s})` };
  }
  return { ok: true, id: s === "" ? null : s };
}
__name(parseId, "parseId");
function parseText(v) {
  if (v === null) return null;
  const s = v instanceof Date ? fromWallDate(v).slice(0, 19) : typeof v === "number" ? numberToDecimal(v) : String(v).trim();
  return s === "" ? null : s;
}
__name(parseText, "parseText");
function rawValue(v) {
  if (v instanceof Date) return fromWallDate(v).slice(0, 19);
  return v;
}
__name(rawValue, "rawValue");

// src/excel/report-rows.ts
var HEADER_SCAN_ROWS = 30;
function columnLetter(index) {
  let s = "";
  for (let n2 = index; n2 > 0; n2 = Math.floor((n2 - 1) / 26)) s = String.fromCharCode(65 + (n2 - 1) % 26) + s;
  return s;
}
__name(columnLetter, "columnLetter");
function matchHeader(cells, spec) {
  const byName = /* @__PURE__ */ new Map();
  cells.forEach((c, i) => {
    if (c !== null && !byName.has(normalizeHeader(c))) byName.set(normalizeHeader(c), i);
  });
  const bound = [];
  const used = /* @__PURE__ */ new Map();
  const missing = [];
  for (const col of spec.columns) {
    const idx = [col.header, ...col.aliases ?? []].map((h) => byName.get(normalizeHeader(h))).find((i) => i !== void 0);
    if (idx === void 0) {
      if (col.required) missing.push(col.header);
    } else used.set(idx, col);
  }
  const seen = /* @__PURE__ */ new Map();
  cells.forEach((c, i) => {
    if (c === null) return;
    let header = c.trim();
    const n2 = (seen.get(header) ?? 0) + 1;
    seen.set(header, n2);
    if (n2 > 1) header = `${header}_${n2}`;
    bound.push({ index: i, header, jsonKey: `${JSON.stringify(header)}:`, spec: used.get(i) });
  });
  return { bound, missing };
}
__name(matchHeader, "matchHeader");
function headerCells(values) {
  const out = [];
  for (let i = 0; i < values.length; i++) {
    const v = plainValue(values[i]);
    out[i] = v === null || String(v).trim() === "" ? null : String(v);
  }
  return out;
}
__name(headerCells, "headerCells");
function filledHeaderCells(row, above, merges) {
  const cells = headerCells(row.values);
  for (const m of merges) {
    if (m.top >= row.number || m.bottom < row.number || cells[m.left] != null) continue;
    const top = above.find((r) => r.number === m.top);
    const v = top ? headerCells(top.values)[m.left] : null;
    if (v != null) cells[m.left] = v;
  }
  return cells;
}
__name(filledHeaderCells, "filledHeaderCells");
async function* readReport(sources, opts) {
  let spec = opts.spec;
  if (spec) yield { kind: "spec", spec };
  let best;
  let imported = 0;
  let stateSheets = 0;
  for await (const source of sources) {
    const name = source.name;
    const note = { name, rows: 0 };
    opts.sheets.push(note);
    const state = bookingStateOfSheet(name);
    let skipReason;
    if (isInstructionSheet(name)) skipReason = "instructions sheet";
    else if (spec?.type === "bookings" && !state) skipReason = "not a booking-state sheet";
    if (state && (!spec || spec.type === "bookings")) stateSheets++;
    let bound;
    let sheetSpec;
    let scanned = 0;
    let firstRow2;
    let partial = false;
    const headRows = [];
    const tryHeader = /* @__PURE__ */ __name((cells) => {
      const candidates = spec ? [spec] : state ? [BOOKINGS] : REPORTS;
      for (const s of candidates) {
        const m = matchHeader(cells, s);
        const found = s.columns.filter((c) => c.required).length - m.missing.length;
        if (m.missing.length === 0) {
          bound = m.bound;
          sheetSpec = s;
          return true;
        }
        if (found > 0) partial = true;
        if (found > 0 && (!best || found > best.found)) best = { sheet: name, missing: m.missing, found, spec: s };
      }
      return false;
    }, "tryHeader");
    let headerRow = 0;
    let pass = skipReason ? "done" : "plain";
    while (pass !== "done") {
      const merges = pass === "merged" ? await source.mergedRanges() : [];
      pass = "done";
      let stop = false;
      for await (const batch of source.rows()) {
        for (const row of batch) {
          if (!bound) {
            if (merges.length) {
              if (row.number > headRows[headRows.length - 1].number) {
                stop = true;
                break;
              }
              if (tryHeader(filledHeaderCells(row, headRows, merges))) headerRow = row.number;
              if (sheetSpec && !spec) {
                spec = sheetSpec;
                yield { kind: "spec", spec };
              }
              continue;
            }
            if (++scanned > HEADER_SCAN_ROWS) {
              stop = true;
              break;
            }
            const cells = headerCells(row.values);
            if (!cells.some((c) => c !== null)) continue;
            firstRow2 ??= cells.filter((c) => c !== null).slice(0, 6).join(", ");
            headRows.push(row);
            if (tryHeader(cells)) headerRow = row.number;
            if (sheetSpec && !spec) {
              spec = sheetSpec;
              yield { kind: "spec", spec };
            }
            continue;
          }
          if (row.number <= headerRow) continue;
          const r = readRow(row.values, bound, name, row.number, sheetSpec, state, source.textCells === true);
          if (r === "empty") {
            opts.onEmptyRow?.();
            continue;
          }
          note.rows++;
          yield r;
        }
        if (stop) break;
      }
      if (!bound && partial && merges.length === 0 && headRows.length > 1 && source.mergedRanges) {
        const found = await source.mergedRanges();
        if (found.some((m) => m.top < m.bottom && m.top <= headRows[headRows.length - 1].number)) pass = "merged";
      }
    }
    if (skipReason) note.skipped = skipReason;
    else if (!bound) note.skipped = scanned === 0 ? "empty sheet" : `no ${spec?.label ?? "report"} header row`;
    else imported++;
    if (state) note.state = state;
    if (spec?.type === "bookings" && state && !bound && scanned > 0) {
      const m = best?.sheet === name ? best.missing : BOOKINGS.columns.filter((c) => c.required).map((c) => c.header);
      throw new TongbuError("EXCEL_MISSING_COLUMNS", `sheet "${name}" lacks ${m.join(", ")} (its first row reads: ${firstRow2 ?? "nothing"})`);
    }
  }
  if (!spec) {
    if (best) throw new TongbuError("EXCEL_MISSING_COLUMNS", `sheet "${best.sheet}" looks like ${best.spec.label} but lacks ${best.missing.join(", ")}`);
    throw new TongbuError("EXCEL_UNKNOWN_TYPE", "the file name says neither \u552E\u5356\u660E\u7EC6 nor \u65C5\u884C\u793E\u9884\u7EA6\u660E\u7EC6, and no sheet has either header row");
  }
  if (imported === 0) {
    if (spec.type === "bookings" && stateSheets === 0) {
      throw new TongbuError("EXCEL_NO_SHEET", `no sheet is named for a booking state (${Object.keys(BOOKING_STATE_RANK).join(", ")})`);
    }
    if (best && best.spec === spec) throw new TongbuError("EXCEL_MISSING_COLUMNS", `sheet "${best.sheet}" lacks ${best.missing.join(", ")}`);
    if (spec.type === "sales") throw new TongbuError("EXCEL_NO_SHEET", `no sheet has the ${spec.label} header row (${spec.columns.filter((c) => c.required).map((c) => c.header).slice(0, 4).join(", ")}, \u2026)`);
  }
}
__name(readReport, "readReport");
function describeCell(sheet, b, rowNumber, v) {
  return `sheet "${sheet}", cell ${columnLetter(b.index)}${rowNumber} (${b.header}): ${JSON.stringify(typeof v === "string" ? v : String(v))}`;
}
__name(describeCell, "describeCell");
function readRow(values, bound, sheet, rowNumber, spec, state, textCells) {
  let rawJson = "{";
  const out = {};
  let any = false;
  let problem;
  for (const b of bound) {
    const v = plainValue(values[b.index]);
    if (v !== null && !(typeof v === "string" && v.trim() === "")) any = true;
    const rv = rawValue(v);
    rawJson += (rawJson.length > 1 ? "," : "") + b.jsonKey + (rv === null ? "null" : typeof rv === "number" && !Number.isFinite(rv) ? "null" : JSON.stringify(rv));
    const col = b.spec;
    if (!col || col.column === "") continue;
    switch (col.kind) {
      case "id": {
        const r = parseId(v, textCells);
        if (!r.ok) problem ??= { sheet, row: rowNumber, column: b.header, message: `${b.header}: ${r.reason}` };
        else out[col.column] = r.id;
        break;
      }
      case "money": {
        const m = parseMoney(v);
        if (m === void 0) throw new TongbuError("EXCEL_BAD_MONEY", describeCell(sheet, b, rowNumber, v));
        out[col.column] = m;
        break;
      }
      case "time": {
        const t = parseShanghaiTime(v);
        if (t === void 0) throw new TongbuError("EXCEL_BAD_TIME", describeCell(sheet, b, rowNumber, v));
        out[col.column] = t;
        break;
      }
      case "date":
        out[col.column] = parseDate(v);
        break;
      case "text":
        out[col.column] = parseText(v);
        break;
    }
  }
  if (!any) return "empty";
  if (problem) return { kind: "rejected", problem };
  if (!out[spec.key]) {
    const keyCol = spec.columns.find((c) => c.column === spec.key);
    return { kind: "rejected", problem: { sheet, row: rowNumber, column: keyCol.header, message: `no ${keyCol.header}` } };
  }
  if (spec.type === "bookings") out.booking_status = state ?? null;
  return { kind: "row", row: { sheet, rowNumber, values: out, rawJson: rawJson + "}", rank: state ? BOOKING_STATE_RANK[state] ?? 0 : 0 } };
}
__name(readRow, "readRow");

// node_modules/saxen/dist/index.js
var fromCharCode = String.fromCharCode;
var hasOwnProperty = Object.prototype.hasOwnProperty;
var ENTITY_PATTERN = /&#(\d+);|&#x([0-9a-f]+);|&(\w+);/ig;
var ENTITY_MAPPING = {
  "amp": "&",
  "apos": "'",
  "gt": ">",
  "lt": "<",
  "quot": '"'
};
Object.keys(ENTITY_MAPPING).forEach(function(k) {
  ENTITY_MAPPING[k.toUpperCase()] = ENTITY_MAPPING[k];
});
function replaceEntities(_, d, x, z) {
  if (z) {
    if (hasOwnProperty.call(ENTITY_MAPPING, z)) {
      return ENTITY_MAPPING[z];
    } else {
      return "&" + z + ";";
    }
  }
  if (d) {
    return fromCharCode(d);
  }
  return fromCharCode(parseInt(x, 16));
}
__name(replaceEntities, "replaceEntities");
function decodeEntities(s) {
  if (s.length > 3 && s.indexOf("&") !== -1) {
    return s.replace(ENTITY_PATTERN, replaceEntities);
  }
  return s;
}
__name(decodeEntities, "decodeEntities");
var NON_WHITESPACE_OUTSIDE_ROOT_NODE = "non-whitespace outside of root node";
function error(msg) {
  return new Error(msg);
}
__name(error, "error");
function missingNamespaceForPrefix(prefix) {
  return "missing namespace for prefix <" + prefix + ">";
}
__name(missingNamespaceForPrefix, "missingNamespaceForPrefix");
function getter(getFn) {
  return {
    "get": getFn,
    "enumerable": true
  };
}
__name(getter, "getter");
function setNsEntry(nsMatrix, changes, key, value) {
  if (!(key in changes)) {
    changes[key] = key in nsMatrix ? nsMatrix[key] : null;
  }
  nsMatrix[key] = value;
}
__name(setNsEntry, "setNsEntry");
function restoreNsMatrix(nsMatrix, changes) {
  var key, value;
  for (key in changes) {
    value = changes[key];
    if (value === null) {
      delete nsMatrix[key];
    } else {
      nsMatrix[key] = value;
    }
  }
}
__name(restoreNsMatrix, "restoreNsMatrix");
function uriPrefix(prefix) {
  return prefix + "$uri";
}
__name(uriPrefix, "uriPrefix");
function buildNsMatrix(nsUriToPrefix) {
  var nsMatrix = /* @__PURE__ */ Object.create(null), uri, prefix;
  for (uri in nsUriToPrefix) {
    prefix = nsUriToPrefix[uri];
    nsMatrix[prefix] = prefix;
    nsMatrix[uriPrefix(prefix)] = uri;
  }
  return nsMatrix;
}
__name(buildNsMatrix, "buildNsMatrix");
function noopGetContext() {
  return { line: 0, column: 0 };
}
__name(noopGetContext, "noopGetContext");
function throwFunc(err) {
  throw err;
}
__name(throwFunc, "throwFunc");
function Parser(options) {
  if (!this) {
    return new Parser(options);
  }
  var proxy = options && options["proxy"];
  var onText, onOpenTag, onCloseTag, onCDATA, onError = throwFunc, onWarning, onComment, onQuestion, onAttention;
  var getContext = noopGetContext;
  var streaming = false;
  var rootTagFound = false;
  var leftoverXml = "";
  var maybeNS = false;
  var isNamespace = false;
  var returnError = null;
  var parseStop = false;
  var nsChangesStack, nsMatrix, nodeStack;
  var nsUriToPrefix;
  function handleError(err) {
    if (!(err instanceof Error)) {
      err = error(err);
    }
    returnError = err;
    onError(err, getContext);
  }
  __name(handleError, "handleError");
  function handleWarning(err) {
    if (!onWarning) {
      return;
    }
    if (!(err instanceof Error)) {
      err = error(err);
    }
    onWarning(err, getContext);
  }
  __name(handleWarning, "handleWarning");
  this["on"] = function(name, cb) {
    if (typeof cb !== "function") {
      throw error("required args <name, cb>");
    }
    switch (name) {
      case "openTag":
        onOpenTag = cb;
        break;
      case "text":
        onText = cb;
        break;
      case "closeTag":
        onCloseTag = cb;
        break;
      case "error":
        onError = cb;
        break;
      case "warn":
        onWarning = cb;
        break;
      case "cdata":
        onCDATA = cb;
        break;
      case "attention":
        onAttention = cb;
        break;
      // <!XXXXX zzzz="eeee">
      case "question":
        onQuestion = cb;
        break;
      // <? ....  ?>
      case "comment":
        onComment = cb;
        break;
      default:
        throw error("unsupported event: " + name);
    }
    return this;
  };
  this["ns"] = function(nsMap) {
    if (typeof nsMap === "undefined") {
      nsMap = {};
    }
    if (typeof nsMap !== "object") {
      throw error("required args <nsMap={}>");
    }
    var _nsUriToPrefix = /* @__PURE__ */ Object.create(null), k;
    for (k in nsMap) {
      _nsUriToPrefix[k] = nsMap[k];
    }
    isNamespace = true;
    nsUriToPrefix = _nsUriToPrefix;
    return this;
  };
  function resetState() {
    nsChangesStack = isNamespace ? [] : null;
    nsMatrix = isNamespace ? buildNsMatrix(nsUriToPrefix) : null;
    nodeStack = [];
    getContext = noopGetContext;
    parseStop = false;
    returnError = null;
    rootTagFound = false;
    leftoverXml = "";
  }
  __name(resetState, "resetState");
  this["parse"] = function(xml) {
    if (typeof xml !== "string") {
      throw error("required args <xml=string>");
    }
    if (streaming) {
      throw error("parse during stream; call end() first");
    }
    resetState();
    parse(xml);
    getContext = noopGetContext;
    parseStop = false;
    return returnError;
  };
  this["write"] = function(xml) {
    if (typeof xml !== "string") {
      throw error("required args <xml=string>");
    }
    if (!streaming) {
      resetState();
      streaming = true;
    }
    if (!returnError) {
      leftoverXml = parse(leftoverXml + xml, true) || "";
    }
    return this;
  };
  this["end"] = function() {
    if (!streaming) {
      resetState();
    }
    streaming = false;
    if (!returnError) {
      parse(leftoverXml);
    }
    leftoverXml = "";
    getContext = noopGetContext;
    parseStop = false;
    return returnError;
  };
  this["stop"] = function() {
    parseStop = true;
  };
  function parse(xml, streaming2 = false) {
    var elNameCache = null;
    var nsChanges, nsSnapshot, anonymousNsCount = 0, tagStart = false, tagEnd = false, i = 0, j = 0, x, y, q, w, v, xmlns, elementName, _elementName, elementProxy;
    var attrsString = "", attrsStart = 0, cachedAttrs;
    function normalizeAttrName(name, defaultAlias) {
      var w2 = name.indexOf(":");
      if (w2 === -1) {
        return name;
      }
      var nsName = nsMatrix[name.substring(0, w2)];
      if (!nsName) {
        handleWarning(missingNamespaceForPrefix(name.substring(0, w2)));
        return null;
      }
      return defaultAlias === nsName ? name.substr(w2 + 1) : nsName + name.substr(w2);
    }
    __name(normalizeAttrName, "normalizeAttrName");
    function getAttrs() {
      if (cachedAttrs !== null) {
        return cachedAttrs;
      }
      var nsUri, nsUriPrefix, defaultAlias = isNamespace && nsMatrix["xmlns"], attrList = isNamespace && maybeNS ? [] : null, i2 = attrsStart, s = attrsString, l = s.length, newalias, value, alias, name, attrs2 = {}, seenAttrs = /* @__PURE__ */ new Set(), skipAttr, w2, j2;
      parseAttr:
        for (; i2 < l; i2++) {
          skipAttr = false;
          w2 = s.charCodeAt(i2);
          if (w2 === 32 || w2 < 14 && w2 > 8) {
            continue;
          }
          if (w2 < 65 || w2 > 122 || w2 > 90 && w2 < 97) {
            if (w2 !== 95 && w2 !== 58) {
              handleWarning("illegal first char attribute name");
              skipAttr = true;
            }
          }
          for (j2 = i2 + 1; j2 < l; j2++) {
            w2 = s.charCodeAt(j2);
            if (w2 > 96 && w2 < 123 || w2 > 64 && w2 < 91 || w2 > 47 && w2 < 59 || w2 === 46 || // '.'
            w2 === 45 || // '-'
            w2 === 95) {
              continue;
            }
            if (w2 === 32 || w2 < 14 && w2 > 8) {
              handleWarning("missing attribute value");
              i2 = j2;
              continue parseAttr;
            }
            if (w2 === 61) {
              break;
            }
            handleWarning("illegal attribute name char");
            skipAttr = true;
          }
          name = s.substring(i2, j2);
          if (name === "xmlns:xmlns") {
            handleWarning("illegal declaration of xmlns");
            skipAttr = true;
          }
          w2 = s.charCodeAt(j2 + 1);
          if (w2 === 34) {
            j2 = s.indexOf('"', i2 = j2 + 2);
            if (j2 === -1) {
              j2 = s.indexOf("'", i2);
              if (j2 !== -1) {
                handleWarning("attribute value quote missmatch");
                skipAttr = true;
              }
            }
          } else if (w2 === 39) {
            j2 = s.indexOf("'", i2 = j2 + 2);
            if (j2 === -1) {
              j2 = s.indexOf('"', i2);
              if (j2 !== -1) {
                handleWarning("attribute value quote missmatch");
                skipAttr = true;
              }
            }
          } else {
            handleWarning("missing attribute value quotes");
            skipAttr = true;
            for (j2 = j2 + 1; j2 < l; j2++) {
              w2 = s.charCodeAt(j2 + 1);
              if (w2 === 32 || w2 < 14 && w2 > 8) {
                break;
              }
            }
          }
          if (j2 === -1) {
            handleWarning("missing closing quotes");
            j2 = l;
            skipAttr = true;
          }
          if (!skipAttr) {
            value = s.substring(i2, j2);
          }
          if (name === "xmlns:xml" && value !== "http://www.w3.org/XML/1998/namespace") {
            handleError("illegal value of xmlns:xml");
          }
          i2 = j2;
          for (; j2 + 1 < l; j2++) {
            w2 = s.charCodeAt(j2 + 1);
            if (w2 === 32 || w2 < 14 && w2 > 8) {
              break;
            }
            if (i2 === j2) {
              handleWarning("illegal character after attribute end");
              skipAttr = true;
            }
          }
          i2 = j2 + 1;
          if (skipAttr) {
            continue parseAttr;
          }
          if (seenAttrs.has(name)) {
            handleWarning("attribute <" + name + "> already defined");
            continue;
          }
          seenAttrs.add(name);
          if (!isNamespace) {
            attrs2[name] = value;
            continue;
          }
          if (maybeNS) {
            newalias = name === "xmlns" ? "xmlns" : name.charCodeAt(0) === 120 && name.substr(0, 6) === "xmlns:" ? name.substr(6) : null;
            if (newalias !== null) {
              nsUri = decodeEntities(value);
              nsUriPrefix = uriPrefix(newalias);
              alias = nsUriToPrefix[nsUri];
              if (!alias) {
                if (newalias === "xmlns" || nsUriPrefix in nsMatrix && nsMatrix[nsUriPrefix] !== nsUri) {
                  do {
                    alias = "ns" + anonymousNsCount++;
                  } while (typeof nsMatrix[alias] !== "undefined");
                } else {
                  alias = newalias;
                }
                nsUriToPrefix[nsUri] = alias;
              }
              if (nsMatrix[newalias] !== alias) {
                if (!nsChanges) {
                  nsChanges = /* @__PURE__ */ Object.create(null);
                }
                elNameCache = null;
                nsSnapshot = null;
                setNsEntry(nsMatrix, nsChanges, newalias, alias);
                if (newalias === "xmlns") {
                  setNsEntry(nsMatrix, nsChanges, uriPrefix(alias), nsUri);
                  defaultAlias = alias;
                }
                setNsEntry(nsMatrix, nsChanges, nsUriPrefix, nsUri);
              }
              attrs2[name] = value;
              continue;
            }
            attrList.push(name, value);
            continue;
          }
          name = normalizeAttrName(name, defaultAlias);
          if (name === null) {
            continue;
          }
          attrs2[name] = value;
        }
      if (maybeNS) {
        for (i2 = 0, l = attrList.length; i2 < l; i2++) {
          name = normalizeAttrName(attrList[i2++], defaultAlias);
          value = attrList[i2];
          if (name === null) {
            continue;
          }
          attrs2[name] = value;
        }
      }
      return cachedAttrs = attrs2;
    }
    __name(getAttrs, "getAttrs");
    function getParseContext() {
      var splitsRe = /(\r\n|\r|\n)/g;
      var line = 0;
      var column = 0;
      var startOfLine = 0;
      var endOfLine = j;
      var match;
      var data;
      while (i >= startOfLine) {
        match = splitsRe.exec(xml);
        if (!match) {
          break;
        }
        endOfLine = match[0].length + match.index;
        if (endOfLine > i) {
          break;
        }
        line += 1;
        startOfLine = endOfLine;
      }
      if (i == -1) {
        column = endOfLine;
        data = xml.substring(j);
      } else if (j === 0) {
        data = xml.substring(j, i);
      } else {
        column = i - startOfLine;
        data = j == -1 ? xml.substring(i) : xml.substring(i, j + 1);
      }
      return {
        "data": data,
        "line": line,
        "column": column
      };
    }
    __name(getParseContext, "getParseContext");
    getContext = getParseContext;
    if (proxy) {
      elementProxy = Object.create({}, {
        "name": getter(function() {
          return elementName;
        }),
        "originalName": getter(function() {
          return _elementName;
        }),
        "attrs": getter(getAttrs),
        "ns": getter(function() {
          if (!nsSnapshot) {
            nsSnapshot = Object.assign(/* @__PURE__ */ Object.create(null), nsMatrix);
          }
          return nsSnapshot;
        })
      });
    }
    while (j !== -1) {
      if (xml.charCodeAt(j) === 60) {
        i = j;
      } else {
        i = xml.indexOf("<", j);
      }
      if (i === -1) {
        if (streaming2) {
          return xml.substring(j);
        }
        if (nodeStack.length) {
          return handleError("unexpected end of file");
        }
        if (!rootTagFound) {
          return handleError("missing start tag");
        }
        if (j < xml.length) {
          if (xml.substring(j).trim()) {
            handleWarning(NON_WHITESPACE_OUTSIDE_ROOT_NODE);
          }
        }
        return;
      }
      if (!rootTagFound) {
        rootTagFound = true;
      }
      if (j !== i) {
        if (nodeStack.length) {
          if (onText) {
            onText(xml.substring(j, i), decodeEntities, getContext);
            if (parseStop) {
              return;
            }
          }
        } else {
          if (xml.substring(j, i).trim()) {
            handleWarning(NON_WHITESPACE_OUTSIDE_ROOT_NODE);
            if (parseStop) {
              return;
            }
          }
        }
      }
      w = xml.charCodeAt(i + 1);
      if (w === 33) {
        q = xml.charCodeAt(i + 2);
        if (q === 91 && xml.substr(i + 3, 6) === "CDATA[") {
          j = xml.indexOf("]]>", i);
          if (j === -1) {
            if (streaming2) {
              return xml.substring(i);
            }
            return handleError("unclosed cdata");
          }
          if (onCDATA) {
            onCDATA(xml.substring(i + 9, j), getContext);
            if (parseStop) {
              return;
            }
          }
          j += 3;
          continue;
        }
        if (q === 45 && xml.charCodeAt(i + 3) === 45) {
          j = xml.indexOf("-->", i);
          if (j === -1) {
            if (streaming2) {
              return xml.substring(i);
            }
            return handleError("unclosed comment");
          }
          if (onComment) {
            onComment(xml.substring(i + 4, j), decodeEntities, getContext);
            if (parseStop) {
              return;
            }
          }
          j += 3;
          continue;
        }
      }
      if (w === 63) {
        j = xml.indexOf("?>", i);
        if (j === -1) {
          if (streaming2) {
            return xml.substring(i);
          }
          return handleError("unclosed question");
        }
        if (onQuestion) {
          onQuestion(xml.substring(i, j + 2), getContext);
          if (parseStop) {
            return;
          }
        }
        j += 2;
        continue;
      }
      for (x = i + 1; ; x++) {
        v = xml.charCodeAt(x);
        if (isNaN(v)) {
          if (streaming2) {
            return xml.substring(i);
          }
          j = -1;
          return handleError("unclosed tag");
        }
        if (v === 34) {
          q = xml.indexOf('"', x + 1);
          x = q !== -1 ? q : x;
        } else if (v === 39) {
          q = xml.indexOf("'", x + 1);
          x = q !== -1 ? q : x;
        } else if (v === 62) {
          j = x;
          break;
        }
      }
      if (w === 33) {
        if (onAttention) {
          onAttention(xml.substring(i, j + 1), decodeEntities, getContext);
          if (parseStop) {
            return;
          }
        }
        j += 1;
        continue;
      }
      cachedAttrs = {};
      if (w === 47) {
        tagStart = false;
        tagEnd = true;
        if (!nodeStack.length) {
          return handleError("missing open tag");
        }
        x = elementName = nodeStack.pop();
        q = i + 2 + x.length;
        if (xml.substring(i + 2, q) !== x) {
          return handleError("closing tag mismatch");
        }
        for (; q < j; q++) {
          w = xml.charCodeAt(q);
          if (w === 32 || w > 8 && w < 14) {
            continue;
          }
          return handleError("close tag");
        }
      } else {
        if (xml.charCodeAt(j - 1) === 47) {
          x = elementName = xml.substring(i + 1, j - 1);
          tagStart = true;
          tagEnd = true;
        } else {
          x = elementName = xml.substring(i + 1, j);
          tagStart = true;
          tagEnd = false;
        }
        if (!(w > 96 && w < 123 || w > 64 && w < 91 || w === 95 || w === 58)) {
          return handleError("illegal first char nodeName");
        }
        for (q = 1, y = x.length; q < y; q++) {
          w = x.charCodeAt(q);
          if (w > 96 && w < 123 || w > 64 && w < 91 || w > 47 && w < 59 || w === 45 || w === 95 || w == 46) {
            continue;
          }
          if (w === 32 || w < 14 && w > 8) {
            elementName = x.substring(0, q);
            cachedAttrs = null;
            break;
          }
          return handleError("invalid nodeName");
        }
        if (!tagEnd) {
          nodeStack.push(elementName);
        }
      }
      if (isNamespace) {
        if (tagStart) {
          nsChanges = null;
          if (cachedAttrs === null) {
            if (maybeNS = x.indexOf("xmlns", q) !== -1) {
              attrsStart = q;
              attrsString = x;
              getAttrs();
              maybeNS = false;
            }
          }
          if (!tagEnd) {
            nsChangesStack.push(nsChanges);
          }
        }
        _elementName = elementName;
        if (elNameCache === null) {
          elNameCache = /* @__PURE__ */ Object.create(null);
        }
        var _cachedName = elNameCache[elementName];
        if (_cachedName !== void 0) {
          elementName = _cachedName;
        } else {
          w = elementName.indexOf(":");
          if (w !== -1) {
            xmlns = nsMatrix[elementName.substring(0, w)];
            if (!xmlns) {
              return handleError("missing namespace on <" + _elementName + ">");
            }
            elementName = elementName.substr(w + 1);
          } else {
            xmlns = nsMatrix["xmlns"];
          }
          if (xmlns) {
            elementName = xmlns + ":" + elementName;
          }
          elNameCache[_elementName] = elementName;
        }
      }
      if (tagStart) {
        attrsStart = q;
        attrsString = x;
        if (onOpenTag) {
          if (proxy) {
            onOpenTag(elementProxy, decodeEntities, tagEnd, getContext);
          } else {
            onOpenTag(elementName, getAttrs, decodeEntities, tagEnd, getContext);
          }
          if (parseStop) {
            return;
          }
        }
      }
      if (tagEnd) {
        if (onCloseTag) {
          onCloseTag(proxy ? elementProxy : elementName, decodeEntities, tagStart, getContext);
          if (parseStop) {
            return;
          }
        }
        if (isNamespace) {
          if (!tagStart) {
            nsChanges = nsChangesStack.pop();
          }
          if (nsChanges) {
            restoreNsMatrix(nsMatrix, nsChanges);
            nsChanges = null;
            elNameCache = null;
            nsSnapshot = null;
          }
        }
      }
      j += 1;
    }
  }
  __name(parse, "parse");
}
__name(Parser, "Parser");

// src/excel/sheet-xml.ts
var SharedStrings = class {
  static {
    __name(this, "SharedStrings");
  }
  data;
  ends = new Uint32Array(1024);
  pos = 0;
  length = 0;
  cacheKeys = new Int32Array(4096).fill(-1);
  cacheValues = new Array(4096);
  /** `maxBytes`: the part's XML size, which its text cannot exceed (pages never written take no memory). */
  constructor(maxBytes) {
    this.data = Buffer.allocUnsafeSlow(Math.max(64, maxBytes + 16));
  }
  push(s) {
    if (this.length === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    if (this.pos + s.length * 3 > this.data.length && this.pos + Buffer.byteLength(s) > this.data.length) {
      throw new TongbuError("EXCEL_CORRUPT", "the shared-strings table holds more text than its part");
    }
    this.pos += this.data.write(s, this.pos);
    this.ends[this.length++] = this.pos;
  }
  get(i) {
    if (!(i >= 0 && i < this.length)) return void 0;
    const slot = i & 4095;
    if (this.cacheKeys[slot] === i) return this.cacheValues[slot];
    const s = this.data.toString("utf8", i === 0 ? 0 : this.ends[i - 1], this.ends[i]);
    this.cacheKeys[slot] = i;
    this.cacheValues[slot] = s;
    return s;
  }
};
var UNIX_EPOCH_SERIAL = 25569;
var DAY_MS = 864e5;
function serialToDate(serial, date1904 = false) {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - UNIX_EPOCH_SERIAL) * DAY_MS));
}
__name(serialToDate, "serialToDate");
var localName = /* @__PURE__ */ __name((name) => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}, "localName");
function columnOf(ref) {
  let n2 = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n2 = n2 * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n2 = n2 * 26 + (c - 96);
    else break;
  }
  return n2;
}
__name(columnOf, "columnOf");
function corrupt(part, e) {
  return e instanceof TongbuError ? e : new TongbuError("EXCEL_CORRUPT", `${part} is not readable XML (${e?.message ?? String(e)})`, { cause: e });
}
__name(corrupt, "corrupt");
function isoCellDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?/.exec(s);
  if (!m) return s;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map((x) => Number(x ?? 0));
  return new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
}
__name(isoCellDate, "isoCellDate");
async function* readSheetRows(xml, ctx, part) {
  const { sharedStrings, dateStyles, date1904 } = ctx;
  let batch = [];
  let inSheetData = false;
  let row;
  let rowNumber = 0;
  let col = 0;
  let type = "";
  let style = 0;
  let value = "";
  let hasValue = false;
  let capture = 0;
  let inInline = false;
  let inPhonetic = false;
  const finishCell = /* @__PURE__ */ __name(() => {
    if (!row || col === 0) return;
    let v = null;
    switch (type) {
      case "s": {
        if (!hasValue) break;
        if (!sharedStrings) throw new TongbuError("EXCEL_CORRUPT", `${part} refers to a shared string the workbook does not hold`);
        const s = sharedStrings.get(Number(value));
        if (s === void 0) throw new TongbuError("EXCEL_CORRUPT", `${part} refers to shared string ${value}, beyond the table's ${sharedStrings.length}`);
        v = s;
        break;
      }
      case "inlineStr":
      case "str":
        v = hasValue ? value : null;
        break;
      case "b":
        v = hasValue ? value.trim() === "1" || value.trim() === "true" : null;
        break;
      case "e":
        v = hasValue ? value : null;
        break;
      case "d":
        v = hasValue ? isoCellDate(value.trim()) : null;
        break;
      default: {
        if (!hasValue) break;
        const t = value.trim();
        if (t === "") break;
        const n2 = Number(t);
        if (Number.isNaN(n2)) v = t;
        else v = dateStyles[style] ? serialToDate(n2, date1904) : n2;
      }
    }
    if (v !== null) row.values[col] = v;
  }, "finishCell");
  const parser = new Parser();
  parser.on("error", (e) => {
    throw corrupt(part, e);
  });
  parser.on("openTag", (rawName, attrs2, _decode, selfClosing) => {
    const name = rawName.includes(":") ? localName(rawName) : rawName;
    if (!inSheetData) {
      if (name === "sheetData") inSheetData = !selfClosing;
      return;
    }
    switch (name) {
      case "row": {
        const r = attrs2().r;
        rowNumber = r ? Number(r) : rowNumber + 1;
        row = { number: rowNumber, values: [] };
        col = 0;
        if (selfClosing) {
          batch.push(row);
          row = void 0;
        }
        return;
      }
      case "c": {
        const a = attrs2();
        col = a.r ? columnOf(a.r) || col + 1 : col + 1;
        type = a.t ?? "";
        style = a.s ? Number(a.s) : 0;
        value = "";
        hasValue = false;
        inInline = false;
        return;
      }
      case "v":
        if (!selfClosing && !inInline) {
          capture = 1;
          hasValue = true;
        }
        return;
      case "is":
        inInline = true;
        hasValue = true;
        return;
      case "rPh":
        inPhonetic = true;
        return;
      case "t":
        if (inInline && !inPhonetic && !selfClosing) capture = 2;
        return;
    }
  });
  parser.on("closeTag", (rawName) => {
    const name = rawName.includes(":") ? localName(rawName) : rawName;
    if (!inSheetData) return;
    switch (name) {
      case "v":
      case "t":
        capture = 0;
        return;
      case "rPh":
        inPhonetic = false;
        return;
      case "is":
        inInline = false;
        return;
      case "c":
        finishCell();
        type = "";
        return;
      case "row":
        if (row) batch.push(row);
        row = void 0;
        return;
      case "sheetData":
        inSheetData = false;
        return;
    }
  });
  parser.on("text", (text2, decode) => {
    if (capture) value += text2.includes("&") ? decode(text2) : text2;
  });
  parser.on("cdata", (text2) => {
    if (capture) value += text2;
  });
  try {
    for await (const piece of xml) {
      parser.write(piece);
      if (batch.length) {
        const out = batch;
        batch = [];
        yield out;
      }
    }
    parser.end();
  } catch (e) {
    throw corrupt(part, e);
  }
  if (row) batch.push(row);
  if (batch.length) yield batch;
}
__name(readSheetRows, "readSheetRows");
async function readSharedStrings(xml, xmlBytes, part = "xl/sharedStrings.xml") {
  const out = new SharedStrings(xmlBytes);
  let current = "";
  let inItem = false;
  let capture = false;
  let inPhonetic = false;
  const parser = new Parser();
  parser.on("error", (e) => {
    throw corrupt(part, e);
  });
  parser.on("openTag", (rawName, _attrs, _decode, selfClosing) => {
    const name = rawName.includes(":") ? localName(rawName) : rawName;
    if (name === "si") {
      current = "";
      inItem = !selfClosing;
      if (selfClosing) out.push("");
    } else if (name === "t") capture = inItem && !inPhonetic && !selfClosing;
    else if (name === "rPh") inPhonetic = true;
  });
  parser.on("closeTag", (rawName) => {
    const name = rawName.includes(":") ? localName(rawName) : rawName;
    if (name === "t") capture = false;
    else if (name === "rPh") inPhonetic = false;
    else if (name === "si" && inItem) {
      out.push(current.includes("_x") ? unescapeOoxml(current) : current);
      inItem = false;
    }
  });
  parser.on("text", (text2, decode) => {
    if (capture) current += text2.includes("&") ? decode(text2) : text2;
  });
  parser.on("cdata", (text2) => {
    if (capture) current += text2;
  });
  try {
    for await (const piece of xml) parser.write(piece);
    parser.end();
  } catch (e) {
    throw corrupt(part, e);
  }
  return out;
}
__name(readSharedStrings, "readSharedStrings");
function unescapeOoxml(s) {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
}
__name(unescapeOoxml, "unescapeOoxml");
var BUILTIN_DATE_FORMATS = /* @__PURE__ */ new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
function isDateFormatCode(code) {
  const bare = code.replace(/"[^"]*"/g, "").replace(/\\./g, "").replace(/_./g, "").replace(/\*./g, "").replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, "");
  if (/^general$/i.test(bare.trim())) return false;
  const first = bare.split(";")[0] ?? "";
  return /[ymdhs]/i.test(first) && !/^[#0.,%\s]*$/.test(first);
}
__name(isDateFormatCode, "isDateFormatCode");
function readDateStyles(xml, part = "xl/styles.xml") {
  const custom = /* @__PURE__ */ new Map();
  const styles = [];
  let inCellXfs = false;
  const parser = new Parser();
  parser.on("error", (e) => {
    throw corrupt(part, e);
  });
  parser.on("openTag", (rawName, attrs2, _decode, selfClosing) => {
    const name = rawName.includes(":") ? localName(rawName) : rawName;
    if (name === "numFmt") {
      const a = attrs2();
      if (a.numFmtId !== void 0 && a.formatCode !== void 0) custom.set(Number(a.numFmtId), a.formatCode);
    } else if (name === "cellXfs") inCellXfs = !selfClosing;
    else if (name === "xf" && inCellXfs) {
      const id = Number(attrs2().numFmtId ?? 0);
      const code = custom.get(id);
      styles.push(code !== void 0 ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
    }
  });
  parser.on("closeTag", (rawName) => {
    if ((rawName.includes(":") ? localName(rawName) : rawName) === "cellXfs") inCellXfs = false;
  });
  try {
    parser.parse(xml);
  } catch (e) {
    throw corrupt(part, e);
  }
  return styles;
}
__name(readDateStyles, "readDateStyles");
async function readMergedRanges(xml, part) {
  const out = [];
  const re = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"/g;
  let carry = "";
  try {
    for await (const piece of xml) {
      const text2 = carry + piece;
      let last = 0;
      for (const m of text2.matchAll(re)) {
        const [, c1 = "", r1 = "0", c2, r2] = m;
        out.push({ top: Number(r1), left: columnOf(c1), bottom: Number(r2 ?? r1), right: columnOf(c2 ?? c1) });
        last = (m.index ?? 0) + m[0].length;
      }
      const tail = text2.slice(Math.max(last, text2.length - 200));
      carry = tail;
    }
  } catch (e) {
    throw corrupt(part, e);
  }
  return out;
}
__name(readMergedRanges, "readMergedRanges");

// src/excel/sheet-names.ts
var decodeXml = /* @__PURE__ */ __name((s) => s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e) => {
  const named = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  const low = e.toLowerCase();
  if (low in named) return named[low];
  return String.fromCodePoint(low.startsWith("#x") ? parseInt(low.slice(2), 16) : parseInt(low.slice(1), 10));
}), "decodeXml");
function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1]] = decodeXml(m[2]);
  return out;
}
__name(attrs, "attrs");
async function readWorkbookModel(src, entries) {
  const find = /* @__PURE__ */ __name((name) => entries.find((e) => e.name === name), "find");
  const wbEntry = find("xl/workbook.xml");
  const relsEntry = find("xl/_rels/workbook.xml.rels");
  const model = { sheets: [], rels: [], worksheets: [], dateStyles: [], date1904: false };
  if (!wbEntry || !relsEntry) return model;
  const wb = (await readZipEntry(src, wbEntry)).toString("utf8");
  const rels = (await readZipEntry(src, relsEntry)).toString("utf8");
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) model.rels.push({ Id: a.Id, Target: a.Target.replace(/^\/?xl\//, ""), Type: a.Type });
  }
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const rId = Object.entries(a).find(([k]) => k === "r:id" || k.endsWith(":id"))?.[1];
    if (rId && a.name !== void 0) model.sheets.push({ id: Number(a.sheetId ?? model.sheets.length + 1), name: a.name, rId, state: a.state });
  }
  for (const sheet of model.sheets) {
    const target = model.rels.find((r) => r.Id === sheet.rId)?.Target;
    if (!target || !/^worksheets\//.test(target)) continue;
    const entry = find(`xl/${target}`);
    if (!entry) throw new TongbuError("EXCEL_CORRUPT", `sheet "${sheet.name}" is listed but its part xl/${target} is missing`);
    model.worksheets.push({ id: sheet.id, name: sheet.name, state: sheet.state, entry });
  }
  const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(wb);
  model.date1904 = !!pr && /\bdate1904="(1|true)"/.test(pr[0]);
  const partOf = /* @__PURE__ */ __name((type, usual) => {
    const rel = model.rels.find((r) => r.Type?.endsWith(`/${type}`));
    return find(rel ? `xl/${rel.Target}` : usual) ?? find(usual);
  }, "partOf");
  model.sharedStrings = partOf("sharedStrings", "xl/sharedStrings.xml");
  const styles = partOf("styles", "xl/styles.xml");
  if (styles) model.dateStyles = readDateStyles((await readZipEntry(src, styles)).toString("utf8"), styles.name);
  if (!model.sheets.length && /<(?:\w+:)?sheet\b/.test(wb)) throw new TongbuError("EXCEL_CORRUPT", "the workbook lists sheets that cannot be read");
  return model;
}
__name(readWorkbookModel, "readWorkbookModel");

// src/excel/staging-load.ts
var import_pg_copy_streams = __toESM(require_pg_copy_streams(), 1);
import { once } from "node:events";
function copyText(v) {
  if (v === null) return "\\N";
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => c === "\\" ? "\\\\" : c === "	" ? "\\t" : c === "\n" ? "\\n" : "\\r") : v;
}
__name(copyText, "copyText");
function dataColumnsOf(spec) {
  const cols = spec.columns.filter((c) => c.column !== "").map((c) => ({ name: c.column, pgType: c.pgType, plain: c.kind === "money" || c.kind === "time" || c.kind === "date" }));
  if (spec.type === "bookings") cols.push({ name: "booking_status", pgType: "text", plain: false }, { name: "sheet_name", pgType: "text", plain: false });
  return cols;
}
__name(dataColumnsOf, "dataColumnsOf");
var BLOCK_BYTES = 256 * 1024;
var StagingLoad = class {
  constructor(client, spec, fileName, chunkRows) {
    this.client = client;
    this.spec = spec;
    this.fileName = fileName;
    this.chunkRows = chunkRows;
    this.columns = dataColumnsOf(spec);
  }
  client;
  spec;
  fileName;
  chunkRows;
  static {
    __name(this, "StagingLoad");
  }
  columns;
  blocks = [];
  free = [];
  block = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  pos = 0;
  rowsInChunk = 0;
  seq = 0;
  worker = Promise.resolve();
  queued = 0;
  failure;
  copy;
  upsertSql = "";
  counts = { staged: 0, duplicates: 0, inserted: 0, updated: 0, unchanged: 0 };
  async open() {
    const cols = this.columns.map((c) => `${c.name} ${c.pgType}`).join(", ");
    await this.client.query(`CREATE TEMP TABLE excel_stage (seq integer NOT NULL, rank integer NOT NULL, ${cols}, raw_excel jsonb NOT NULL) ON COMMIT DROP`);
    await this.client.query(`CREATE TEMP TABLE excel_seen (key text PRIMARY KEY, rank integer NOT NULL) ON COMMIT DROP`);
    const { table, key } = this.spec;
    const names = this.columns.map((c) => c.name);
    const compared = [...names, "raw_excel"];
    this.upsertSql = `
      WITH cand AS (
        SELECT DISTINCT ON (${key}) * FROM excel_stage ORDER BY ${key}, rank DESC, seq DESC
      ), win AS (
        SELECT c.*, (s.key IS NOT NULL) AS again FROM cand c LEFT JOIN excel_seen s ON s.key = c.${key}
        WHERE s.key IS NULL OR c.rank >= s.rank
      ), up AS (
        INSERT INTO ${table} (${names.join(", ")}, raw_excel, file_name, import_time)
        SELECT ${names.join(", ")}, raw_excel, ${this.client.escapeLiteral(this.fileName)}, now() FROM win
        ON CONFLICT (${key}) DO UPDATE SET
          ${[...names.filter((c) => c !== key), "raw_excel", "file_name", "import_time"].map((c) => `${c} = EXCLUDED.${c}`).join(", ")}
        WHERE (${compared.map((c) => `${table}.${c}`).join(", ")}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(", ")})
        RETURNING ${key} AS key, (xmax = 0) AS inserted
      ), mark AS (
        INSERT INTO excel_seen (key, rank) SELECT ${key}, rank FROM win
        ON CONFLICT (key) DO UPDATE SET rank = EXCLUDED.rank
      )
      SELECT (SELECT count(*) FROM excel_stage)::int AS staged,
             (SELECT count(*) FROM cand)::int AS keys,
             (SELECT count(*) FROM win WHERE NOT again)::int AS fresh,
             (SELECT count(*) FROM up WHERE inserted)::int AS inserted,
             (SELECT count(*) FROM up JOIN win ON win.${key} = up.key WHERE NOT up.inserted AND NOT win.again)::int AS updated`;
  }
  /**
   * Queues one row. Returns a promise only when a chunk was handed to PostgreSQL and another
   * is still waiting (await it: backpressure); otherwise nothing, so the per-row path stays
   * free of promises.
   */
  add(row) {
    if (this.failure) throw this.failure;
    const values = row.values;
    let line = `${++this.seq}	${row.rank}`;
    for (const c of this.columns) {
      const v = c.name === "sheet_name" ? row.sheet : values[c.name] ?? null;
      line += "	" + (c.plain ? v ?? "\\N" : copyText(v));
    }
    const json = row.rawJson;
    line += "	" + (json.includes("\\") ? json.replace(/\\/g, "\\\\") : json) + "\n";
    if (this.pos + line.length * 3 > this.block.length) {
      this.takeBlock();
      if (line.length * 3 > this.block.length) this.block = Buffer.allocUnsafeSlow(line.length * 3);
    }
    this.pos += this.block.write(line, this.pos);
    return ++this.rowsInChunk >= this.chunkRows ? this.submit() : void 0;
  }
  takeBlock() {
    if (this.pos === 0) return;
    this.blocks.push(this.block.subarray(0, this.pos));
    this.block = this.free.pop() ?? Buffer.allocUnsafeSlow(BLOCK_BYTES);
    this.pos = 0;
  }
  async submit() {
    this.takeBlock();
    const chunk = this.blocks;
    this.blocks = [];
    this.rowsInChunk = 0;
    if (!chunk.length) return;
    while (this.queued >= 2) await this.worker.catch(() => void 0);
    this.queued++;
    this.worker = this.worker.then(async () => {
      try {
        if (!this.failure) await this.loadChunk(chunk);
      } catch (e) {
        this.failure ??= e;
      } finally {
        this.queued--;
      }
    });
  }
  async loadChunk(chunk) {
    const copy = this.client.query((0, import_pg_copy_streams.from)("COPY excel_stage FROM STDIN"));
    copy.on("error", () => void 0);
    this.copy = copy;
    const done = Promise.race([once(copy, "finish"), once(copy, "error").then(([e]) => Promise.reject(e))]);
    for (const block of chunk) {
      if (!copy.write(block)) await Promise.race([once(copy, "drain"), done]);
    }
    copy.end();
    await done;
    this.copy = void 0;
    for (const b of chunk) if (b.buffer.byteLength === BLOCK_BYTES && this.free.length < 16) this.free.push(Buffer.from(b.buffer, b.byteOffset, BLOCK_BYTES));
    const results = await this.client.query(`${this.upsertSql};
TRUNCATE excel_stage`);
    const r = results[0]?.rows[0] ?? { staged: 0, keys: 0, fresh: 0, inserted: 0, updated: 0 };
    this.counts.staged += r.staged;
    this.counts.duplicates += r.staged - r.fresh;
    this.counts.inserted += r.inserted;
    this.counts.updated += r.updated;
    this.counts.unchanged += r.fresh - r.inserted - r.updated;
  }
  /** Loads what is left and waits for PostgreSQL; the counts cover the whole file. */
  async finish() {
    await this.submit();
    await this.worker;
    if (this.failure) throw this.failure;
    return { ...this.counts };
  }
  /** After a failure: stops a COPY in flight and waits for the chunk worker to settle. */
  async abort() {
    this.failure ??= new Error("import aborted");
    const copy = this.copy;
    if (copy && !copy.writableFinished && !copy.destroyed) copy.destroy(new Error("import aborted"));
    await this.worker.catch(() => void 0);
  }
};

// src/excel/xlsx-sheets.ts
async function xlsxSheets(src, model) {
  const ctx = { dateStyles: model.dateStyles, date1904: model.date1904 };
  if (model.sharedStrings) ctx.sharedStrings = await readSharedStrings(zipEntryText(src, model.sharedStrings), model.sharedStrings.uncompressedSize, model.sharedStrings.name);
  return model.worksheets.map((ws) => ({
    name: ws.name,
    rows: /* @__PURE__ */ __name(() => readSheetRows(zipEntryText(src, ws.entry), ctx, `sheet "${ws.name}" (${ws.entry.name})`), "rows"),
    mergedRanges: /* @__PURE__ */ __name(() => readMergedRanges(zipEntryText(src, ws.entry), ws.entry.name), "mergedRanges")
  }));
}
__name(xlsxSheets, "xlsxSheets");

// src/excel/declared-sheets.ts
import { Readable as Readable2 } from "node:stream";
import { createReadStream } from "node:fs";
import ExcelJS from "exceljs";
var WORKBOOK = /\.(xlsx|xlsm)$/i;
function plain(v) {
  if (v && typeof v === "object") {
    if ("result" in v) return v.result;
    if ("richText" in v) return v.richText.map((r) => r.text).join("");
    if ("text" in v) return v.text;
  }
  return v;
}
__name(plain, "plain");
function rowValues(row) {
  return (Array.isArray(row.values) ? row.values.slice(1) : []).map(plain);
}
__name(rowValues, "rowValues");
function headerHas(sheet, header) {
  const names = new Set(header.map((h) => String(h ?? "").trim()).filter(Boolean));
  return sheet.requiredHeaders.length > 0 && sheet.requiredHeaders.every((group) => group.some((n2) => names.has(n2)));
}
__name(headerHas, "headerHas");
function input(file) {
  return file.buffer ? Readable2.from([file.buffer]) : createReadStream(file.path);
}
__name(input, "input");
async function firstRow(file) {
  const stream = input(file);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore" });
    for await (const ws of reader) {
      for await (const row of ws) return rowValues(row);
      return [];
    }
    return [];
  } catch {
    return [];
  } finally {
    stream.destroy();
  }
}
__name(firstRow, "firstRow");
async function findDeclaredSheet(connectors, fileName, file, opts = {}) {
  if (!WORKBOOK.test(fileName)) return void 0;
  const all = connectors.flatMap((connector) => (connector.sheets ?? []).map((sheet) => ({ connector, sheet })));
  if (!all.length) return void 0;
  const byName = all.find(({ sheet }) => sheet.fileNamePattern?.test(fileName));
  if (byName) return byName;
  if (opts.readHeader === false) return void 0;
  const header = await firstRow(file);
  return all.find(({ sheet }) => headerHas(sheet, header));
}
__name(findDeclaredSheet, "findDeclaredSheet");
async function readSheetRows2(file) {
  const book = new ExcelJS.Workbook();
  if (file.buffer) await book.xlsx.load(file.buffer);
  else await book.xlsx.readFile(file.path);
  const ws = book.worksheets[0];
  const rows = [];
  ws?.eachRow({ includeEmpty: false }, (row, n2) => rows.push({ n: n2, values: rowValues(row) }));
  const [head, ...body] = rows;
  if (!head) return { header: [], rows: [], firstRow: 2 };
  const out = [];
  for (const r of body) {
    while (head.n + 1 + out.length < r.n) out.push([]);
    out.push(r.values);
  }
  return { header: head.values, rows: out, firstRow: head.n + 1 };
}
__name(readSheetRows2, "readSheetRows");

// src/excel/import-service.ts
var PROGRESS_EVERY = 1e3;
var MAX_ERRORS_LISTED = 10;
async function sha256Of(req) {
  const hash = createHash("sha256");
  if (req.buffer) return hash.update(req.buffer).digest("hex");
  for await (const chunk of createReadStream2(req.path)) hash.update(chunk);
  return hash.digest("hex");
}
__name(sha256Of, "sha256Of");
async function findImported(services, sha256) {
  const res = await services.pool.query(`SELECT id, finished_at, summary FROM excel_imports WHERE sha256 = $1 AND status = 'succeeded'`, [sha256]);
  return res.rows[0];
}
__name(findImported, "findImported");
function alreadyImported(req, sha256, prior, started) {
  const s = prior.summary;
  return {
    ...s,
    importId: prior.id,
    fileName: req.fileName,
    source: req.source,
    sha256,
    inserted: 0,
    updated: 0,
    unchanged: s?.rowsRead ?? 0,
    durationMs: Date.now() - started,
    alreadyImportedAt: prior.finished_at.toISOString()
  };
}
__name(alreadyImported, "alreadyImported");
async function importExcel(services, req) {
  if (!req.buffer && !req.path) throw new TongbuError("EXCEL_NO_FILE", "neither a path nor the file bytes were given");
  const started = Date.now();
  const startedAt = new Date(started);
  const log = services.log.child({ mod: "excel-import", file: req.fileName, source: req.source });
  const { config } = services;
  let source;
  try {
    source = req.buffer ? bufferSource(req.buffer) : await fileSource(req.path);
  } catch (e) {
    throw new TongbuError("EXCEL_NO_FILE", `${req.path}: ${e.message}`, { cause: e });
  }
  const size = source.size;
  let sha256 = "";
  let spec = typeFromFileName(req.fileName);
  try {
    if (size <= config.MAX_IMPORT_MB * 1024 * 1024) sha256 = await sha256Of(req);
    const format = await checkImportFile(source, { maxBytes: config.MAX_IMPORT_MB * 1024 * 1024, maxUncompressedBytes: config.MAX_IMPORT_UNCOMPRESSED_MB * 1024 * 1024 }, req.fileName);
    const src = source;
    let openSheets;
    if (format.kind === "xlsx") {
      const workbookModel = await readWorkbookModel(source, format.entries);
      openSheets = /* @__PURE__ */ __name(() => xlsxSheets(src, workbookModel), "openSheets");
    } else {
      const encoding = await detectCsvEncoding(source);
      openSheets = /* @__PURE__ */ __name(async () => [csvSheet(src, csvSheetName(req.fileName), encoding)], "openSheets");
    }
    const prior = await findImported(services, sha256);
    if (prior) {
      log.info({ importId: prior.id }, "file was imported before; nothing changed");
      return alreadyImported(req, sha256, prior, started);
    }
    const result = await loadFile(services, req, openSheets, { sha256, spec, size, startedAt });
    if ("prior" in result) return alreadyImported(req, sha256, result.prior, started);
    for (const [k, v] of [["inserted", result.inserted], ["updated", result.updated], ["unchanged", result.unchanged], ["skipped", result.skipped]]) {
      if (v) services.metrics.rows.inc({ connector: "excel", stream: result.type, result: k }, v);
    }
    log.info({ importId: result.importId, type: result.type, rows: result.rowsRead, inserted: result.inserted, updated: result.updated, ms: result.durationMs }, "excel import done");
    return result;
  } catch (e) {
    const err = isTongbuError(e) ? e : isConnectionLost(e) ? new TongbuError("EXCEL_INTERRUPTED", describeError(e).message, { cause: e }) : classifyParseError(e);
    spec = e.spec ?? spec;
    const d = describeError(err);
    log.warn({ code: d.code, err: d.message }, "excel import failed");
    await services.pool.query(
      `INSERT INTO excel_imports (sha256, file_name, size_bytes, report_type, source, requested_by, status, error_code, error_message, started_at, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, 'failed', $7, $8, $9, $10)`,
      [sha256 || "-", req.fileName, size, spec?.type ?? null, req.source, req.requestedBy ?? null, d.code, d.message, startedAt, Date.now() - started]
    ).catch(
      (le) => (
        // With the database gone this is expected (and said once above); anything else is worth an error.
        isConnectionLost(le) ? log.warn({ err: describeError(le).message }, "could not record the failed import in excel_imports: database connection lost") : log.error({ err: le }, "could not record the failed import in excel_imports")
      )
    );
    throw err;
  } finally {
    await source.close().catch(() => void 0);
  }
}
__name(importExcel, "importExcel");
function csvSheetName(fileName) {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  return BOOKING_STATES.find((s) => base.includes(s)) ?? base;
}
__name(csvSheetName, "csvSheetName");
function classifyParseError(e) {
  const err = e;
  if (err && typeof err === "object" && typeof err.severity === "string") return e;
  if (err && typeof err.code === "string" && /^E[A-Z]+$/.test(err.code) && err.code !== "ERR_STREAM_PREMATURE_CLOSE") return e;
  return new TongbuError("EXCEL_CORRUPT", err?.message ?? String(e), { cause: e });
}
__name(classifyParseError, "classifyParseError");
async function loadFile(services, req, openSheets, file) {
  const { sha256, size, startedAt } = file;
  const fileSpec = file.spec;
  const client = await services.pool.connect();
  let load;
  let broken = false;
  let spec = fileSpec;
  try {
    await client.query("BEGIN");
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('excel-import:' || $1))`, [sha256]);
    const again = await client.query(`SELECT id, finished_at, summary FROM excel_imports WHERE sha256 = $1 AND status = 'succeeded'`, [sha256]);
    if (again.rows[0]) {
      await client.query("ROLLBACK");
      return { prior: again.rows[0] };
    }
    const sheets = [];
    const errors = [];
    const reasons = /* @__PURE__ */ new Map();
    let rowsRead = 0;
    let emptyRows = 0;
    const events = readReport(await openSheets(), { spec: fileSpec, sheets, onEmptyRow: /* @__PURE__ */ __name(() => emptyRows++, "onEmptyRow") });
    for await (const ev of events) {
      if (ev.kind === "spec") {
        spec = ev.spec;
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('excel-import-table:' || $1))`, [spec.table]);
        load = new StagingLoad(client, spec, req.fileName, services.config.IMPORT_CHUNK_ROWS);
        await load.open();
        continue;
      }
      rowsRead++;
      if (rowsRead % PROGRESS_EVERY === 0) req.onProgress?.(rowsRead);
      if (ev.kind === "rejected") {
        const reason = ev.problem.message;
        reasons.set(reason.replace(/\s*\(.*\)$/, ""), (reasons.get(reason.replace(/\s*\(.*\)$/, "")) ?? 0) + 1);
        if (errors.length < MAX_ERRORS_LISTED) errors.push(ev.problem);
        continue;
      }
      const waiting = load.add(ev.row);
      if (waiting) await waiting;
    }
    req.onProgress?.(rowsRead);
    if (!spec || !load) throw new TongbuError("EXCEL_UNKNOWN_TYPE", "no report found in the workbook");
    const readDone = Date.now();
    const counts = await load.finish();
    const phases = { readMs: readDone - startedAt.getTime(), upsertMs: Date.now() - readDone };
    if (counts.duplicates > 0) reasons.set(`same ${spec.type === "sales" ? "\u5B50\u8BA2\u5355ID" : "\u8BA2\u5355\u7F16\u53F7"} again in this file (the ${spec.type === "sales" ? "last row" : "latest state"} was kept)`, counts.duplicates);
    const skippedReasons = [...reasons].map(([reason, count]) => ({ reason, count }));
    const summary = {
      fileName: req.fileName,
      source: req.source,
      sha256,
      type: spec.type,
      typeLabel: spec.label,
      table: spec.table,
      rowsRead,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      skipped: skippedReasons.reduce((n2, r) => n2 + r.count, 0),
      skippedReasons,
      errors,
      emptyRows,
      sheets,
      durationMs: Date.now() - startedAt.getTime(),
      phases
    };
    const ledger = await client.query(
      `INSERT INTO excel_imports (sha256, file_name, size_bytes, report_type, source, requested_by, status, rows_read, inserted, updated, unchanged, skipped, summary, started_at, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, 'succeeded', $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [sha256, req.fileName, size, spec.type, req.source, req.requestedBy ?? null, rowsRead, counts.inserted, counts.updated, counts.unchanged, summary.skipped, summary, startedAt, summary.durationMs]
    );
    summary.importId = ledger.rows[0]?.id;
    await client.query("COMMIT");
    summary.durationMs = Date.now() - startedAt.getTime();
    return summary;
  } catch (e) {
    if (load) await load.abort().catch(() => void 0);
    broken = true;
    if (e && typeof e === "object") Object.assign(e, { spec });
    throw e;
  } finally {
    client.release(broken ? true : void 0);
  }
}
__name(loadFile, "loadFile");
async function importFile(services, req) {
  if (!req.buffer && !req.path) throw new TongbuError("EXCEL_NO_FILE", "neither a path nor the file bytes were given");
  const found = await findDeclaredSheet(services.connectors ?? [], req.fileName, req, { readHeader: !typeFromFileName(req.fileName) });
  if (!found) return { kind: "report", summary: await importExcel(services, req) };
  const { connector, sheet } = found;
  const log = services.log.child({ mod: "excel-import", file: req.fileName, source: req.source, sheet: sheet.name });
  if (!req.admin) {
    log.warn({ requestedBy: req.requestedBy }, "declared sheet refused: sender is not an admin");
    throw new TongbuError("EXCEL_SHEET_REFUSED", `${req.fileName} is a ${connector.title} ${sheet.label} sheet`);
  }
  const rt = services.engine?.runtime(connector.name, { allowDisabled: true });
  if (!rt) throw new TongbuError("CONNECTOR_UNKNOWN", connector.name);
  let rows;
  try {
    rows = await readSheetRows2(req);
  } catch (e) {
    throw classifyParseError(e);
  }
  let report;
  try {
    report = await sheet.import({ ...rt.context, notifier: services.notifier, requestedBy: req.requestedBy }, { fileName: req.fileName, ...rows });
  } catch (e) {
    if (isTongbuError(e) && e.code === "COMMAND_BAD_ARGS") throw new TongbuError("EXCEL_SHEET_INVALID", e.detail, { cause: e });
    throw e;
  }
  log.info({ ok: report.ok, title: report.title }, "declared sheet imported");
  return { kind: "sheet", fileName: req.fileName, source: req.source, connector: connector.name, sheet: sheet.name, label: sheet.label, report };
}
__name(importFile, "importFile");

// src/excel/import-summary.ts
var n = /* @__PURE__ */ __name((v) => v.toLocaleString("en-US"), "n");
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)} s`;
}
__name(seconds, "seconds");
function shanghai(iso) {
  return new Date(new Date(iso).getTime() + 8 * 36e5).toISOString().slice(0, 16).replace("T", " ");
}
__name(shanghai, "shanghai");
function headline(s) {
  if (s.alreadyImportedAt) return `${s.fileName} was already imported on ${shanghai(s.alreadyImportedAt)} (Asia/Shanghai); nothing was changed.`;
  return `${n(s.rowsRead)} rows read from ${s.fileName}: ${n(s.inserted)} inserted, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged, ${n(s.skipped)} skipped.`;
}
__name(headline, "headline");
function problemLine(p) {
  return `sheet "${p.sheet}" row ${p.row}: ${p.message}`;
}
__name(problemLine, "problemLine");
function renderImportSummaryText(s) {
  const lines = [`${s.typeLabel} \u2192 ${s.table}`, headline(s)];
  if (!s.alreadyImportedAt) {
    for (const r of s.skippedReasons) lines.push(`  skipped ${n(r.count)}: ${r.reason}`);
    if (s.errors.length) {
      lines.push(s.errors.length < s.skipped ? `First ${s.errors.length} problems:` : "Problems:");
      for (const p of s.errors) lines.push(`  ${problemLine(p)}`);
    }
    const skippedSheets = s.sheets.filter((sh) => sh.skipped);
    if (skippedSheets.length) lines.push(`Sheets not imported: ${skippedSheets.map((sh) => `${sh.name} (${sh.skipped})`).join(", ")}`);
    if (s.emptyRows) lines.push(`Empty rows ignored: ${n(s.emptyRows)}`);
    lines.push(`Took ${seconds(s.durationMs)}.`);
  }
  return lines.join("\n") + "\n";
}
__name(renderImportSummaryText, "renderImportSummaryText");
function card(title, template, markdown) {
  return {
    schema: "2.0",
    config: { update_multi: true },
    header: { title: { tag: "plain_text", content: title }, template },
    body: { elements: [{ tag: "markdown", content: markdown }] }
  };
}
__name(card, "card");
var md = /* @__PURE__ */ __name((s) => s.replace(/([\\*_~`[\]<>])/g, "\\$1"), "md");
function importSummaryCard(s) {
  if (s.alreadyImportedAt) {
    return card(`Already imported: ${s.typeLabel}`, "grey", `**${md(s.fileName)}** was already imported on ${shanghai(s.alreadyImportedAt)} (Asia/Shanghai). Nothing was changed.`);
  }
  const lines = [
    `**${md(s.fileName)}** \u2192 \`${s.table}\``,
    `**Rows read:** ${n(s.rowsRead)}`,
    `**Inserted:** ${n(s.inserted)} \xB7 **Updated:** ${n(s.updated)} \xB7 **Unchanged:** ${n(s.unchanged)} \xB7 **Skipped:** ${n(s.skipped)}`
  ];
  for (const r of s.skippedReasons) lines.push(`- skipped ${n(r.count)}: ${md(r.reason)}`);
  if (s.errors.length) {
    lines.push(`**First problems:**`);
    for (const p of s.errors) lines.push(`- ${md(problemLine(p))}`);
  }
  const skippedSheets = s.sheets.filter((sh) => sh.skipped);
  if (skippedSheets.length) lines.push(`Sheets not imported: ${skippedSheets.map((sh) => `${md(sh.name)} (${sh.skipped})`).join(", ")}`);
  lines.push(`Took ${seconds(s.durationMs)}.`);
  return card(`Imported: ${s.typeLabel}`, s.skipped ? "orange" : "green", lines.join("\n"));
}
__name(importSummaryCard, "importSummaryCard");
function importFailureCard(fileName, e) {
  const d = describeError(e);
  return card("Import failed: nothing was imported", "red", `**${md(fileName)}**
${md(d.message)}

**What to do:** ${md(d.action)}`);
}
__name(importFailureCard, "importFailureCard");
function opReportCard(r) {
  return card(r.title, r.ok ? "blue" : "orange", r.lines.map(md).join("\n") || "\u2014");
}
__name(opReportCard, "opReportCard");
function importOutcomeCard(o) {
  return o.kind === "report" ? importSummaryCard(o.summary) : opReportCard(o.report);
}
__name(importOutcomeCard, "importOutcomeCard");
function renderImportOutcomeText(o) {
  if (o.kind === "report") return renderImportSummaryText(o.summary);
  return `${o.report.title}
${o.report.lines.map((l) => `  ${l}`).join("\n")}
`;
}
__name(renderImportOutcomeText, "renderImportOutcomeText");

export {
  importFile,
  importFailureCard,
  importOutcomeCard,
  renderImportOutcomeText
};
//# sourceMappingURL=chunk-7GBBPXUU.js.map
