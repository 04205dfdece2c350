import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/request-recorder.ts
function recordRequests(app, requests) {
  app.addHook("preHandler", async (req) => {
    const rec = {
      at: Date.now(),
      method: req.method,
      path: req.url.split("?")[0] ?? req.url,
      query: req.query ?? {},
      body: req.body,
      headers: req.headers
    };
    requests.push(rec);
    req.recorded = rec;
  });
  app.addHook("onSend", async (req, reply, payload) => {
    const rec = req.recorded;
    if (rec) {
      rec.status = reply.statusCode;
      if (typeof payload === "string" && payload.startsWith("{")) {
        const head = /^\{"code":(-?\d+)/.exec(payload);
        if (head) rec.code = Number(head[1]);
        else if (payload.length < 65536) {
          try {
            rec.code = JSON.parse(payload).code;
          } catch {
          }
        }
      }
    }
    return payload;
  });
  return { recorded: /* @__PURE__ */ __name((req) => req.recorded, "recorded") };
}
__name(recordRequests, "recordRequests");
function takeFault(faults, line, accept = () => true) {
  const fault = faults.find((f) => f.times > 0 && f.match.test(line) && accept(f));
  if (fault) fault.times -= 1;
  return fault;
}
__name(takeFault, "takeFault");

export {
  recordRequests,
  takeFault
};
//# sourceMappingURL=chunk-XQIOZR4A.js.map
