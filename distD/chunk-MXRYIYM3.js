import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  TongbuError,
  bool,
  cron,
  defineConnector,
  describeError,
  enumOf,
  external_exports,
  findConnector,
  int,
  list,
  optionalInt,
  optionalString,
  stringWithDefault,
  url,
  urlWithDefault
} from "./chunk-TJ5FBCIB.js";
import {
  decryptField,
  isOnlineCipher
} from "./chunk-B65ONXEY.js";
import {
  parseJsonLossless
} from "./chunk-7VM5WVL3.js";
import {
  signParams
} from "./chunk-BVAWLABE.js";
import {
  __commonJS,
  __name,
  __require,
  __toESM
} from "./chunk-RZBAZSCI.js";

// node_modules/dayjs/dayjs.min.js
var require_dayjs_min = __commonJS({
  "node_modules/dayjs/dayjs.min.js"(exports, module) {
    !(function(t, e) {
      "object" == typeof exports && "undefined" != typeof module ? module.exports = e() : "function" == typeof define && define.amd ? define(e) : (t = "undefined" != typeof globalThis ? globalThis : t || self).dayjs = e();
    })(exports, (function() {
      "use strict";
      var t = 1e3, e = 6e4, n = 36e5, r = "millisecond", i = "second", s = "minute", u = "hour", a = "day", o = "week", c = "month", f = "quarter", h = "year", d = "date", l = "Invalid Date", $ = /^(\d{4})[-/]?(\d{1,2})?[-/]?(\d{0,2})[Tt\s]*(\d{1,2})?:?(\d{1,2})?:?(\d{1,2})?[.:]?(\d+)?$/, y = /\[([^\]]+)]|YYYY|YY|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS/g, M = { name: "en", weekdays: "Sunday_Monday_Tuesday_Wednesday_Thursday_Friday_Saturday".split("_"), months: "January_February_March_April_May_June_July_August_September_October_November_December".split("_"), ordinal: /* @__PURE__ */ __name(function(t2) {
        var e2 = ["th", "st", "nd", "rd"], n2 = t2 % 100;
        return "[" + t2 + (e2[(n2 - 20) % 10] || e2[n2] || e2[0]) + "]";
      }, "ordinal") }, m = /* @__PURE__ */ __name(function(t2, e2, n2) {
        var r2 = String(t2);
        return !r2 || r2.length >= e2 ? t2 : "" + Array(e2 + 1 - r2.length).join(n2) + t2;
      }, "m"), v = { s: m, z: /* @__PURE__ */ __name(function(t2) {
        var e2 = -t2.utcOffset(), n2 = Math.abs(e2), r2 = Math.floor(n2 / 60), i2 = n2 % 60;
        return (e2 <= 0 ? "+" : "-") + m(r2, 2, "0") + ":" + m(i2, 2, "0");
      }, "z"), m: /* @__PURE__ */ __name(function t2(e2, n2) {
        if (e2.date() < n2.date()) return -t2(n2, e2);
        var r2 = 12 * (n2.year() - e2.year()) + (n2.month() - e2.month()), i2 = e2.clone().add(r2, c), s2 = n2 - i2 < 0, u2 = e2.clone().add(r2 + (s2 ? -1 : 1), c);
        return +(-(r2 + (n2 - i2) / (s2 ? i2 - u2 : u2 - i2)) || 0);
      }, "t"), a: /* @__PURE__ */ __name(function(t2) {
        return t2 < 0 ? Math.ceil(t2) || 0 : Math.floor(t2);
      }, "a"), p: /* @__PURE__ */ __name(function(t2) {
        return { M: c, y: h, w: o, d: a, D: d, h: u, m: s, s: i, ms: r, Q: f }[t2] || String(t2 || "").toLowerCase().replace(/s$/, "");
      }, "p"), u: /* @__PURE__ */ __name(function(t2) {
        return void 0 === t2;
      }, "u") }, g = "en", D = {};
      D[g] = M;
      var p = "$isDayjsObject", S = /* @__PURE__ */ __name(function(t2) {
        return t2 instanceof _ || !(!t2 || !t2[p]);
      }, "S"), w = /* @__PURE__ */ __name(function t2(e2, n2, r2) {
        var i2;
        if (!e2) return g;
        if ("string" == typeof e2) {
          var s2 = e2.toLowerCase();
          D[s2] && (i2 = s2), n2 && (D[s2] = n2, i2 = s2);
          var u2 = e2.split("-");
          if (!i2 && u2.length > 1) return t2(u2[0]);
        } else {
          var a2 = e2.name;
          D[a2] = e2, i2 = a2;
        }
        return !r2 && i2 && (g = i2), i2 || !r2 && g;
      }, "t"), O = /* @__PURE__ */ __name(function(t2, e2) {
        if (S(t2)) return t2.clone();
        var n2 = "object" == typeof e2 ? e2 : {};
        return n2.date = t2, n2.args = arguments, new _(n2);
      }, "O"), b = v;
      b.l = w, b.i = S, b.w = function(t2, e2) {
        return O(t2, { locale: e2.$L, utc: e2.$u, x: e2.$x, $offset: e2.$offset });
      };
      var _ = (function() {
        function M2(t2) {
          this.$L = w(t2.locale, null, true), this.parse(t2), this.$x = this.$x || t2.x || {}, this[p] = true;
        }
        __name(M2, "M");
        var m2 = M2.prototype;
        return m2.parse = function(t2) {
          this.$d = (function(t3) {
            var e2 = t3.date, n2 = t3.utc;
            if (null === e2) return /* @__PURE__ */ new Date(NaN);
            if (b.u(e2)) return /* @__PURE__ */ new Date();
            if (e2 instanceof Date) return new Date(e2);
            if ("string" == typeof e2 && !/Z$/i.test(e2)) {
              var r2 = e2.match($);
              if (r2) {
                var i2 = r2[2] - 1 || 0, s2 = (r2[7] || "0").substring(0, 3);
                return n2 ? new Date(Date.UTC(r2[1], i2, r2[3] || 1, r2[4] || 0, r2[5] || 0, r2[6] || 0, s2)) : new Date(r2[1], i2, r2[3] || 1, r2[4] || 0, r2[5] || 0, r2[6] || 0, s2);
              }
            }
            return new Date(e2);
          })(t2), this.init();
        }, m2.init = function() {
          var t2 = this.$d;
          this.$y = t2.getFullYear(), this.$M = t2.getMonth(), this.$D = t2.getDate(), this.$W = t2.getDay(), this.$H = t2.getHours(), this.$m = t2.getMinutes(), this.$s = t2.getSeconds(), this.$ms = t2.getMilliseconds();
        }, m2.$utils = function() {
          return b;
        }, m2.isValid = function() {
          return !(this.$d.toString() === l);
        }, m2.isSame = function(t2, e2) {
          var n2 = O(t2);
          return this.startOf(e2) <= n2 && n2 <= this.endOf(e2);
        }, m2.isAfter = function(t2, e2) {
          return O(t2) < this.startOf(e2);
        }, m2.isBefore = function(t2, e2) {
          return this.endOf(e2) < O(t2);
        }, m2.$g = function(t2, e2, n2) {
          return b.u(t2) ? this[e2] : this.set(n2, t2);
        }, m2.unix = function() {
          return Math.floor(this.valueOf() / 1e3);
        }, m2.valueOf = function() {
          return this.$d.getTime();
        }, m2.startOf = function(t2, e2) {
          var n2 = this, r2 = !!b.u(e2) || e2, f2 = b.p(t2), l2 = /* @__PURE__ */ __name(function(t3, e3) {
            var i2 = b.w(n2.$u ? Date.UTC(n2.$y, e3, t3) : new Date(n2.$y, e3, t3), n2);
            return r2 ? i2 : i2.endOf(a);
          }, "l"), $2 = /* @__PURE__ */ __name(function(t3, e3) {
            return b.w(n2.toDate()[t3].apply(n2.toDate("s"), (r2 ? [0, 0, 0, 0] : [23, 59, 59, 999]).slice(e3)), n2);
          }, "$"), y2 = this.$W, M3 = this.$M, m3 = this.$D, v2 = "set" + (this.$u ? "UTC" : "");
          switch (f2) {
            case h:
              return r2 ? l2(1, 0) : l2(31, 11);
            case c:
              return r2 ? l2(1, M3) : l2(0, M3 + 1);
            case o:
              var g2 = this.$locale().weekStart || 0, D2 = (y2 < g2 ? y2 + 7 : y2) - g2;
              return l2(r2 ? m3 - D2 : m3 + (6 - D2), M3);
            case a:
            case d:
              return $2(v2 + "Hours", 0);
            case u:
              return $2(v2 + "Minutes", 1);
            case s:
              return $2(v2 + "Seconds", 2);
            case i:
              return $2(v2 + "Milliseconds", 3);
            default:
              return this.clone();
          }
        }, m2.endOf = function(t2) {
          return this.startOf(t2, false);
        }, m2.$set = function(t2, e2) {
          var n2, o2 = b.p(t2), f2 = "set" + (this.$u ? "UTC" : ""), l2 = (n2 = {}, n2[a] = f2 + "Date", n2[d] = f2 + "Date", n2[c] = f2 + "Month", n2[h] = f2 + "FullYear", n2[u] = f2 + "Hours", n2[s] = f2 + "Minutes", n2[i] = f2 + "Seconds", n2[r] = f2 + "Milliseconds", n2)[o2], $2 = o2 === a ? this.$D + (e2 - this.$W) : e2;
          if (o2 === c || o2 === h) {
            var y2 = this.clone().set(d, 1);
            y2.$d[l2]($2), y2.init(), this.$d = y2.set(d, Math.min(this.$D, y2.daysInMonth())).$d;
          } else l2 && this.$d[l2]($2);
          return this.init(), this;
        }, m2.set = function(t2, e2) {
          return this.clone().$set(t2, e2);
        }, m2.get = function(t2) {
          return this[b.p(t2)]();
        }, m2.add = function(r2, f2) {
          var d2, l2 = this;
          r2 = Number(r2);
          var $2 = b.p(f2), y2 = /* @__PURE__ */ __name(function(t2) {
            var e2 = O(l2);
            return b.w(e2.date(e2.date() + Math.round(t2 * r2)), l2);
          }, "y");
          if ($2 === c) return this.set(c, this.$M + r2);
          if ($2 === h) return this.set(h, this.$y + r2);
          if ($2 === a) return y2(1);
          if ($2 === o) return y2(7);
          var M3 = (d2 = {}, d2[s] = e, d2[u] = n, d2[i] = t, d2)[$2] || 1, m3 = this.$d.getTime() + r2 * M3;
          return b.w(m3, this);
        }, m2.subtract = function(t2, e2) {
          return this.add(-1 * t2, e2);
        }, m2.format = function(t2) {
          var e2 = this, n2 = this.$locale();
          if (!this.isValid()) return n2.invalidDate || l;
          var r2 = t2 || "YYYY-MM-DDTHH:mm:ssZ", i2 = b.z(this), s2 = this.$H, u2 = this.$m, a2 = this.$M, o2 = n2.weekdays, c2 = n2.months, f2 = n2.meridiem, h2 = /* @__PURE__ */ __name(function(t3, n3, i3, s3) {
            return t3 && (t3[n3] || t3(e2, r2)) || i3[n3].slice(0, s3);
          }, "h"), d2 = /* @__PURE__ */ __name(function(t3) {
            return b.s(s2 % 12 || 12, t3, "0");
          }, "d"), $2 = f2 || function(t3, e3, n3) {
            var r3 = t3 < 12 ? "AM" : "PM";
            return n3 ? r3.toLowerCase() : r3;
          };
          return r2.replace(y, (function(t3, r3) {
            return r3 || (function(t4) {
              switch (t4) {
                case "YY":
                  return String(e2.$y).slice(-2);
                case "YYYY":
                  return b.s(e2.$y, 4, "0");
                case "M":
                  return a2 + 1;
                case "MM":
                  return b.s(a2 + 1, 2, "0");
                case "MMM":
                  return h2(n2.monthsShort, a2, c2, 3);
                case "MMMM":
                  return h2(c2, a2);
                case "D":
                  return e2.$D;
                case "DD":
                  return b.s(e2.$D, 2, "0");
                case "d":
                  return String(e2.$W);
                case "dd":
                  return h2(n2.weekdaysMin, e2.$W, o2, 2);
                case "ddd":
                  return h2(n2.weekdaysShort, e2.$W, o2, 3);
                case "dddd":
                  return o2[e2.$W];
                case "H":
                  return String(s2);
                case "HH":
                  return b.s(s2, 2, "0");
                case "h":
                  return d2(1);
                case "hh":
                  return d2(2);
                case "a":
                  return $2(s2, u2, true);
                case "A":
                  return $2(s2, u2, false);
                case "m":
                  return String(u2);
                case "mm":
                  return b.s(u2, 2, "0");
                case "s":
                  return String(e2.$s);
                case "ss":
                  return b.s(e2.$s, 2, "0");
                case "SSS":
                  return b.s(e2.$ms, 3, "0");
                case "Z":
                  return i2;
              }
              return null;
            })(t3) || i2.replace(":", "");
          }));
        }, m2.utcOffset = function() {
          return 15 * -Math.round(this.$d.getTimezoneOffset() / 15);
        }, m2.diff = function(r2, d2, l2) {
          var $2, y2 = this, M3 = b.p(d2), m3 = O(r2), v2 = (m3.utcOffset() - this.utcOffset()) * e, g2 = this - m3, D2 = /* @__PURE__ */ __name(function() {
            return b.m(y2, m3);
          }, "D");
          switch (M3) {
            case h:
              $2 = D2() / 12;
              break;
            case c:
              $2 = D2();
              break;
            case f:
              $2 = D2() / 3;
              break;
            case o:
              $2 = (g2 - v2) / 6048e5;
              break;
            case a:
              $2 = (g2 - v2) / 864e5;
              break;
            case u:
              $2 = g2 / n;
              break;
            case s:
              $2 = g2 / e;
              break;
            case i:
              $2 = g2 / t;
              break;
            default:
              $2 = g2;
          }
          return l2 ? $2 : b.a($2);
        }, m2.daysInMonth = function() {
          return this.endOf(c).$D;
        }, m2.$locale = function() {
          return D[this.$L];
        }, m2.locale = function(t2, e2) {
          if (!t2) return this.$L;
          var n2 = this.clone(), r2 = w(t2, e2, true);
          return r2 && (n2.$L = r2), n2;
        }, m2.clone = function() {
          return b.w(this.$d, this);
        }, m2.toDate = function() {
          return new Date(this.valueOf());
        }, m2.toJSON = function() {
          return this.isValid() ? this.toISOString() : null;
        }, m2.toISOString = function() {
          return this.$d.toISOString();
        }, m2.toString = function() {
          return this.$d.toUTCString();
        }, M2;
      })(), Y = _.prototype;
      return O.prototype = Y, [["$ms", r], ["$s", i], ["$m", s], ["$H", u], ["$W", a], ["$M", c], ["$y", h], ["$D", d]].forEach((function(t2) {
        Y[t2[1]] = function(e2) {
          return this.$g(e2, t2[0], t2[1]);
        };
      })), O.extend = function(t2, e2) {
        return t2.$i || (t2(e2, _, O), t2.$i = true), O;
      }, O.locale = w, O.isDayjs = S, O.unix = function(t2) {
        return O(1e3 * t2);
      }, O.en = D[g], O.Ls = D, O.p = {}, O;
    }));
  }
});

// node_modules/dayjs/plugin/customParseFormat.js
var require_customParseFormat = __commonJS({
  "node_modules/dayjs/plugin/customParseFormat.js"(exports, module) {
    !(function(e, t) {
      "object" == typeof exports && "undefined" != typeof module ? module.exports = t() : "function" == typeof define && define.amd ? define(t) : (e = "undefined" != typeof globalThis ? globalThis : e || self).dayjs_plugin_customParseFormat = t();
    })(exports, (function() {
      "use strict";
      var e = { LTS: "h:mm:ss A", LT: "h:mm A", L: "MM/DD/YYYY", LL: "MMMM D, YYYY", LLL: "MMMM D, YYYY h:mm A", LLLL: "dddd, MMMM D, YYYY h:mm A" }, t = /(\[[^[]*\])|([-_:/.,()\s]+)|(A|a|Q|YYYY|YY?|ww?|MM?M?M?|Do|DD?|hh?|HH?|mm?|ss?|S{1,3}|z|ZZ?)/g, n = /\d/, r = /\d\d/, i = /\d\d?/, o = /\d*[^-_:/,()\s\d]+/, s = {}, a = /* @__PURE__ */ __name(function(e2) {
        return (e2 = +e2) + (e2 > 68 ? 1900 : 2e3);
      }, "a");
      var f = /* @__PURE__ */ __name(function(e2) {
        return function(t2) {
          this[e2] = +t2;
        };
      }, "f"), h = [/[+-]\d\d:?(\d\d)?|Z/, function(e2) {
        (this.zone || (this.zone = {})).offset = (function(e3) {
          if (!e3) return 0;
          if ("Z" === e3) return 0;
          var t2 = e3.match(/([+-]|\d\d)/g), n2 = 60 * t2[1] + (+t2[2] || 0);
          return 0 === n2 ? 0 : "+" === t2[0] ? -n2 : n2;
        })(e2);
      }], u = /* @__PURE__ */ __name(function(e2) {
        var t2 = s[e2];
        return t2 && (t2.indexOf ? t2 : t2.s.concat(t2.f));
      }, "u"), d = /* @__PURE__ */ __name(function(e2, t2) {
        var n2, r2 = s.meridiem;
        if (r2) {
          for (var i2 = 1; i2 <= 24; i2 += 1) if (e2.indexOf(r2(i2, 0, t2)) > -1) {
            n2 = i2 > 12;
            break;
          }
        } else n2 = e2 === (t2 ? "pm" : "PM");
        return n2;
      }, "d"), c = { A: [o, function(e2) {
        this.afternoon = d(e2, false);
      }], a: [o, function(e2) {
        this.afternoon = d(e2, true);
      }], Q: [n, function(e2) {
        this.month = 3 * (e2 - 1) + 1;
      }], S: [n, function(e2) {
        this.milliseconds = 100 * +e2;
      }], SS: [r, function(e2) {
        this.milliseconds = 10 * +e2;
      }], SSS: [/\d{3}/, function(e2) {
        this.milliseconds = +e2;
      }], s: [i, f("seconds")], ss: [i, f("seconds")], m: [i, f("minutes")], mm: [i, f("minutes")], H: [i, f("hours")], h: [i, f("hours")], HH: [i, f("hours")], hh: [i, f("hours")], D: [i, f("day")], DD: [r, f("day")], Do: [o, function(e2) {
        var t2 = s.ordinal, n2 = e2.match(/\d+/);
        if (this.day = n2[0], t2) for (var r2 = 1; r2 <= 31; r2 += 1) t2(r2).replace(/\[|\]/g, "") === e2 && (this.day = r2);
      }], w: [i, f("week")], ww: [r, f("week")], M: [i, f("month")], MM: [r, f("month")], MMM: [o, function(e2) {
        var t2 = u("months"), n2 = (u("monthsShort") || t2.map((function(e3) {
          return e3.slice(0, 3);
        }))).indexOf(e2) + 1;
        if (n2 < 1) throw new Error();
        this.month = n2 % 12 || n2;
      }], MMMM: [o, function(e2) {
        var t2 = u("months").indexOf(e2) + 1;
        if (t2 < 1) throw new Error();
        this.month = t2 % 12 || t2;
      }], Y: [/[+-]?\d+/, f("year")], YY: [r, function(e2) {
        this.year = a(e2);
      }], YYYY: [/\d{4}/, f("year")], Z: h, ZZ: h };
      function l(n2) {
        var r2, i2;
        r2 = n2, i2 = s && s.formats;
        for (var o2 = (n2 = r2.replace(/(\[[^\]]+])|(LTS?|l{1,4}|L{1,4})/g, (function(t2, n3, r3) {
          var o3 = r3 && r3.toUpperCase();
          return n3 || i2[r3] || e[r3] || i2[o3].replace(/(\[[^\]]+])|(MMMM|MM|DD|dddd)/g, (function(e2, t3, n4) {
            return t3 || n4.slice(1);
          }));
        }))).match(t), a2 = o2.length, f2 = 0; f2 < a2; f2 += 1) {
          var h2 = o2[f2], u2 = c[h2], d2 = u2 && u2[0], l2 = u2 && u2[1];
          o2[f2] = l2 ? { regex: d2, parser: l2 } : h2.replace(/^\[|\]$/g, "");
        }
        return function(e2) {
          for (var t2 = {}, n3 = 0, r3 = 0; n3 < a2; n3 += 1) {
            var i3 = o2[n3];
            if ("string" == typeof i3) r3 += i3.length;
            else {
              var s2 = i3.regex, f3 = i3.parser, h3 = e2.slice(r3), u3 = s2.exec(h3)[0];
              f3.call(t2, u3), e2 = e2.replace(u3, "");
            }
          }
          return (function(e3) {
            var t3 = e3.afternoon;
            if (void 0 !== t3) {
              var n4 = e3.hours;
              t3 ? n4 < 12 && (e3.hours += 12) : 12 === n4 && (e3.hours = 0), delete e3.afternoon;
            }
          })(t2), t2;
        };
      }
      __name(l, "l");
      return function(e2, t2, n2) {
        n2.p.customParseFormat = true, e2 && e2.parseTwoDigitYear && (a = e2.parseTwoDigitYear);
        var r2 = t2.prototype, i2 = r2.parse;
        r2.parse = function(e3) {
          var t3 = e3.date, r3 = e3.utc, o2 = e3.args;
          this.$u = r3;
          var a2 = o2[1];
          if ("string" == typeof a2) {
            var f2 = true === o2[2], h2 = true === o2[3], u2 = f2 || h2, d2 = o2[2];
            h2 && (d2 = o2[2]), s = this.$locale(), !f2 && d2 && (s = n2.Ls[d2]), this.$d = (function(e4, t4, n3, r4) {
              try {
                if (["x", "X"].indexOf(t4) > -1) return new Date(("X" === t4 ? 1e3 : 1) * e4);
                var i3 = l(t4)(e4), o3 = i3.year, s2 = i3.month, a3 = i3.day, f3 = i3.hours, h3 = i3.minutes, u3 = i3.seconds, d3 = i3.milliseconds, c3 = i3.zone, m2 = i3.week, M2 = /* @__PURE__ */ new Date(), Y = a3 || (o3 || s2 ? 1 : M2.getDate()), p = o3 || M2.getFullYear(), v = 0;
                o3 && !s2 || (v = s2 > 0 ? s2 - 1 : M2.getMonth());
                var D, w = f3 || 0, g = h3 || 0, y = u3 || 0, L = d3 || 0;
                return c3 ? new Date(Date.UTC(p, v, Y, w, g, y, L + 60 * c3.offset * 1e3)) : n3 ? new Date(Date.UTC(p, v, Y, w, g, y, L)) : (D = new Date(p, v, Y, w, g, y, L), m2 && (D = r4(D).week(m2).toDate()), D);
              } catch (e5) {
                return /* @__PURE__ */ new Date("");
              }
            })(t3, a2, r3, n2), this.init(), d2 && true !== d2 && (this.$L = this.locale(d2).$L), u2 && t3 != this.format(a2) && (this.$d = /* @__PURE__ */ new Date("")), s = {};
          } else if (a2 instanceof Array) for (var c2 = a2.length, m = 1; m <= c2; m += 1) {
            o2[1] = a2[m - 1];
            var M = n2.apply(this, o2);
            if (M.isValid()) {
              this.$d = M.$d, this.$L = M.$L, this.init();
              break;
            }
            m === c2 && (this.$d = /* @__PURE__ */ new Date(""));
          }
          else i2.call(this, e3);
        };
      };
    }));
  }
});

// node_modules/dayjs/plugin/timezone.js
var require_timezone = __commonJS({
  "node_modules/dayjs/plugin/timezone.js"(exports, module) {
    !(function(t, e) {
      "object" == typeof exports && "undefined" != typeof module ? module.exports = e() : "function" == typeof define && define.amd ? define(e) : (t = "undefined" != typeof globalThis ? globalThis : t || self).dayjs_plugin_timezone = e();
    })(exports, (function() {
      "use strict";
      var t = { year: 0, month: 1, day: 2, hour: 3, minute: 4, second: 5 }, e = {};
      return function(n, i, r) {
        var o, a = /* @__PURE__ */ __name(function(t2, n2, i2) {
          void 0 === i2 && (i2 = {});
          var r2 = new Date(t2), o2 = (function(t3, n3) {
            void 0 === n3 && (n3 = {});
            var i3 = n3.timeZoneName || "short", r3 = t3 + "|" + i3, o3 = e[r3];
            return o3 || (o3 = new Intl.DateTimeFormat("en-US", { hour12: false, timeZone: t3, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: i3 }), e[r3] = o3), o3;
          })(n2, i2);
          return o2.formatToParts(r2);
        }, "a"), u = /* @__PURE__ */ __name(function(e2, n2) {
          for (var i2 = a(e2, n2), o2 = [], u2 = 0; u2 < i2.length; u2 += 1) {
            var f2 = i2[u2], s2 = f2.type, m = f2.value, c = t[s2];
            c >= 0 && (o2[c] = parseInt(m, 10));
          }
          var l = o2[3], d = 24 === l ? 0 : l, h = o2[0] + "-" + o2[1] + "-" + o2[2] + " " + d + ":" + o2[4] + ":" + o2[5] + ":000", v = +e2;
          return (r.utc(h).valueOf() - (v -= v % 1e3)) / 6e4;
        }, "u"), f = i.prototype;
        f.tz = function(t2, e2) {
          if (void 0 === t2 && (t2 = o), !this.isValid()) return this;
          var n2, i2 = this.utcOffset(), a2 = this.toDate(), f2 = a2.toLocaleString("en-US", { timeZone: t2 }), s2 = u(+a2, t2);
          if (!Number(s2)) n2 = this.utcOffset(0, e2);
          else if (n2 = r(f2, { locale: this.$L }).$set("millisecond", this.$ms).utcOffset(s2, true), e2) {
            var m = n2.utcOffset();
            n2 = n2.add(i2 - m, "minute");
          }
          return n2.$x.$timezone = t2, n2;
        }, f.offsetName = function(t2) {
          var e2 = this.$x.$timezone || r.tz.guess(), n2 = a(this.valueOf(), e2, { timeZoneName: t2 }).find((function(t3) {
            return "timezonename" === t3.type.toLowerCase();
          }));
          return n2 && n2.value;
        };
        var s = f.startOf;
        f.startOf = function(t2, e2) {
          if (!this.$x || !this.$x.$timezone) return s.call(this, t2, e2);
          var n2 = r(this.format("YYYY-MM-DD HH:mm:ss:SSS"), { locale: this.$L });
          return s.call(n2, t2, e2).tz(this.$x.$timezone, true);
        }, r.tz = function(t2, e2, n2) {
          var i2 = n2 && e2, a2 = n2 || e2 || o, f2 = u(+r(), a2);
          if ("string" != typeof t2) return r(t2).tz(a2);
          var s2 = r.utc(t2, i2).valueOf();
          if (Number.isNaN(s2)) {
            var m = r(NaN);
            return m.$x.$timezone = a2, m;
          }
          var c = (function(t3, e3, n3) {
            var i3 = t3 - 60 * e3 * 1e3, r2 = u(i3, n3);
            if (e3 === r2) return [i3, e3];
            var o2 = u(i3 -= 60 * (r2 - e3) * 1e3, n3);
            return r2 === o2 ? [i3, r2] : [t3 - 60 * Math.min(r2, o2) * 1e3, Math.max(r2, o2)];
          })(s2, f2, a2), l = c[0], d = c[1], h = r(l).utcOffset(d);
          return h.$x.$timezone = a2, h;
        }, r.tz.guess = function() {
          return Intl.DateTimeFormat().resolvedOptions().timeZone;
        }, r.tz.setDefault = function(t2) {
          o = t2;
        };
      };
    }));
  }
});

// node_modules/dayjs/plugin/utc.js
var require_utc = __commonJS({
  "node_modules/dayjs/plugin/utc.js"(exports, module) {
    !(function(t, i) {
      "object" == typeof exports && "undefined" != typeof module ? module.exports = i() : "function" == typeof define && define.amd ? define(i) : (t = "undefined" != typeof globalThis ? globalThis : t || self).dayjs_plugin_utc = i();
    })(exports, (function() {
      "use strict";
      var t = "minute", i = /[+-]\d\d(?::?\d\d)?/g, e = /([+-]|\d\d)/g;
      return function(s, f, n) {
        var u = f.prototype;
        n.utc = function(t2) {
          var i2 = { date: t2, utc: true, args: arguments };
          return new f(i2);
        }, u.utc = function(i2) {
          var e2 = n(this.toDate(), { locale: this.$L, utc: true });
          return i2 ? e2.add(this.utcOffset(), t) : e2;
        }, u.local = function() {
          return n(this.toDate(), { locale: this.$L, utc: false });
        };
        var r = u.parse;
        u.parse = function(t2) {
          t2.utc && (this.$u = true), this.$utils().u(t2.$offset) || (this.$offset = t2.$offset), r.call(this, t2);
        };
        var o = u.init;
        u.init = function() {
          if (this.$u) {
            var t2 = this.$d;
            this.$y = t2.getUTCFullYear(), this.$M = t2.getUTCMonth(), this.$D = t2.getUTCDate(), this.$W = t2.getUTCDay(), this.$H = t2.getUTCHours(), this.$m = t2.getUTCMinutes(), this.$s = t2.getUTCSeconds(), this.$ms = t2.getUTCMilliseconds();
          } else o.call(this);
        };
        var a = u.utcOffset;
        u.utcOffset = function(s2, f2) {
          var n2 = this.$utils().u;
          if (n2(s2)) return this.$u ? 0 : n2(this.$offset) ? a.call(this) : this.$offset;
          if ("string" == typeof s2 && (s2 = (function(t2) {
            void 0 === t2 && (t2 = "");
            var s3 = t2.match(i);
            if (!s3) return null;
            var f3 = ("" + s3[0]).match(e) || ["-", 0, 0], n3 = f3[0], u3 = 60 * +f3[1] + +f3[2];
            return 0 === u3 ? 0 : "+" === n3 ? u3 : -u3;
          })(s2), null === s2)) return this;
          var u2 = Math.abs(s2) <= 16 ? 60 * s2 : s2;
          if (0 === u2) return this.utc(f2);
          var r2 = this.clone();
          if (f2) return r2.$offset = u2, r2.$u = false, r2;
          var o2 = this.$u ? this.toDate().getTimezoneOffset() : -1 * this.utcOffset();
          return (r2 = this.local().add(u2 + o2, t)).$offset = u2, r2.$x.$localOffset = o2, r2;
        };
        var h = u.format;
        u.format = function(t2) {
          var i2 = t2 || (this.$u ? "YYYY-MM-DDTHH:mm:ss[Z]" : "");
          return h.call(this, i2);
        }, u.valueOf = function() {
          var t2 = this.$utils().u(this.$offset) ? 0 : this.$offset + (this.$x.$localOffset || this.$d.getTimezoneOffset());
          return this.$d.valueOf() - 6e4 * t2;
        }, u.isUTC = function() {
          return !!this.$u;
        }, u.toISOString = function() {
          return this.toDate().toISOString();
        }, u.toString = function() {
          return this.toDate().toUTCString();
        };
        var l = u.toDate;
        u.toDate = function(t2) {
          return "s" === t2 && this.$offset ? n(this.format("YYYY-MM-DD HH:mm:ss:SSS")).toDate() : l.call(this);
        };
        var c = u.diff;
        u.diff = function(t2, i2, e2) {
          if (t2 && this.$u === t2.$u) return c.call(this, t2, i2, e2);
          var s2 = this.local(), f2 = n(t2).local();
          return c.call(s2, f2, i2, e2);
        };
      };
    }));
  }
});

// node_modules/postgres-array/index.js
var require_postgres_array = __commonJS({
  "node_modules/postgres-array/index.js"(exports) {
    "use strict";
    exports.parse = function(source, transform) {
      return new ArrayParser(source, transform).parse();
    };
    var ArrayParser = class _ArrayParser {
      static {
        __name(this, "ArrayParser");
      }
      constructor(source, transform) {
        this.source = source;
        this.transform = transform || identity;
        this.position = 0;
        this.entries = [];
        this.recorded = [];
        this.dimension = 0;
      }
      isEof() {
        return this.position >= this.source.length;
      }
      nextCharacter() {
        var character = this.source[this.position++];
        if (character === "\\") {
          return {
            value: this.source[this.position++],
            escaped: true
          };
        }
        return {
          value: character,
          escaped: false
        };
      }
      record(character) {
        this.recorded.push(character);
      }
      newEntry(includeEmpty) {
        var entry;
        if (this.recorded.length > 0 || includeEmpty) {
          entry = this.recorded.join("");
          if (entry === "NULL" && !includeEmpty) {
            entry = null;
          }
          if (entry !== null) entry = this.transform(entry);
          this.entries.push(entry);
          this.recorded = [];
        }
      }
      consumeDimensions() {
        if (this.source[0] === "[") {
          while (!this.isEof()) {
            var char = this.nextCharacter();
            if (char.value === "=") break;
          }
        }
      }
      parse(nested) {
        var character, parser, quote;
        this.consumeDimensions();
        while (!this.isEof()) {
          character = this.nextCharacter();
          if (character.value === "{" && !quote) {
            this.dimension++;
            if (this.dimension > 1) {
              parser = new _ArrayParser(this.source.substr(this.position - 1), this.transform);
              this.entries.push(parser.parse(true));
              this.position += parser.position - 2;
            }
          } else if (character.value === "}" && !quote) {
            this.dimension--;
            if (!this.dimension) {
              this.newEntry();
              if (nested) return this.entries;
            }
          } else if (character.value === '"' && !character.escaped) {
            if (quote) this.newEntry(true);
            quote = !quote;
          } else if (character.value === "," && !quote) {
            this.newEntry();
          } else {
            this.record(character.value);
          }
        }
        if (this.dimension !== 0) {
          throw new Error("array dimension not balanced");
        }
        return this.entries;
      }
    };
    function identity(value) {
      return value;
    }
    __name(identity, "identity");
  }
});

// node_modules/pg-types/lib/arrayParser.js
var require_arrayParser = __commonJS({
  "node_modules/pg-types/lib/arrayParser.js"(exports, module) {
    var array = require_postgres_array();
    module.exports = {
      create: /* @__PURE__ */ __name(function(source, transform) {
        return {
          parse: /* @__PURE__ */ __name(function() {
            return array.parse(source, transform);
          }, "parse")
        };
      }, "create")
    };
  }
});

// node_modules/postgres-date/index.js
var require_postgres_date = __commonJS({
  "node_modules/postgres-date/index.js"(exports, module) {
    "use strict";
    var DATE_TIME = /(\d{1,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$/;
    var DATE = /^(\d{1,})-(\d{2})-(\d{2})( BC)?$/;
    var TIME_ZONE = /([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?/;
    var INFINITY = /^-?infinity$/;
    module.exports = /* @__PURE__ */ __name(function parseDate(isoDate) {
      if (INFINITY.test(isoDate)) {
        return Number(isoDate.replace("i", "I"));
      }
      var matches = DATE_TIME.exec(isoDate);
      if (!matches) {
        return getDate(isoDate) || null;
      }
      var isBC = !!matches[8];
      var year = parseInt(matches[1], 10);
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day2 = matches[3];
      var hour = parseInt(matches[4], 10);
      var minute = parseInt(matches[5], 10);
      var second = parseInt(matches[6], 10);
      var ms = matches[7];
      ms = ms ? 1e3 * parseFloat(ms) : 0;
      var date;
      var offset = timeZoneOffset(isoDate);
      if (offset != null) {
        date = new Date(Date.UTC(year, month, day2, hour, minute, second, ms));
        if (is0To99(year)) {
          date.setUTCFullYear(year);
        }
        if (offset !== 0) {
          date.setTime(date.getTime() - offset);
        }
      } else {
        date = new Date(year, month, day2, hour, minute, second, ms);
        if (is0To99(year)) {
          date.setFullYear(year);
        }
      }
      return date;
    }, "parseDate");
    function getDate(isoDate) {
      var matches = DATE.exec(isoDate);
      if (!matches) {
        return;
      }
      var year = parseInt(matches[1], 10);
      var isBC = !!matches[4];
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day2 = matches[3];
      var date = new Date(year, month, day2);
      if (is0To99(year)) {
        date.setFullYear(year);
      }
      return date;
    }
    __name(getDate, "getDate");
    function timeZoneOffset(isoDate) {
      if (isoDate.endsWith("+00")) {
        return 0;
      }
      var zone = TIME_ZONE.exec(isoDate.split(" ")[1]);
      if (!zone) return;
      var type = zone[1];
      if (type === "Z") {
        return 0;
      }
      var sign = type === "-" ? -1 : 1;
      var offset = parseInt(zone[2], 10) * 3600 + parseInt(zone[3] || 0, 10) * 60 + parseInt(zone[4] || 0, 10);
      return offset * sign * 1e3;
    }
    __name(timeZoneOffset, "timeZoneOffset");
    function bcYearToNegativeYear(year) {
      return -(year - 1);
    }
    __name(bcYearToNegativeYear, "bcYearToNegativeYear");
    function is0To99(num2) {
      return num2 >= 0 && num2 < 100;
    }
    __name(is0To99, "is0To99");
  }
});

// node_modules/xtend/mutable.js
var require_mutable = __commonJS({
  "node_modules/xtend/mutable.js"(exports, module) {
    module.exports = extend;
    var hasOwnProperty = Object.prototype.hasOwnProperty;
    function extend(target) {
      for (var i = 1; i < arguments.length; i++) {
        var source = arguments[i];
        for (var key in source) {
          if (hasOwnProperty.call(source, key)) {
            target[key] = source[key];
          }
        }
      }
      return target;
    }
    __name(extend, "extend");
  }
});

// node_modules/postgres-interval/index.js
var require_postgres_interval = __commonJS({
  "node_modules/postgres-interval/index.js"(exports, module) {
    "use strict";
    var extend = require_mutable();
    module.exports = PostgresInterval;
    function PostgresInterval(raw) {
      if (!(this instanceof PostgresInterval)) {
        return new PostgresInterval(raw);
      }
      extend(this, parse(raw));
    }
    __name(PostgresInterval, "PostgresInterval");
    var properties = ["seconds", "minutes", "hours", "days", "months", "years"];
    PostgresInterval.prototype.toPostgres = function() {
      var filtered = properties.filter(this.hasOwnProperty, this);
      if (this.milliseconds && filtered.indexOf("seconds") < 0) {
        filtered.push("seconds");
      }
      if (filtered.length === 0) return "0";
      return filtered.map(function(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/\.?0+$/, "");
        }
        return value + " " + property;
      }, this).join(" ");
    };
    var propertiesISOEquivalent = {
      years: "Y",
      months: "M",
      days: "D",
      hours: "H",
      minutes: "M",
      seconds: "S"
    };
    var dateProperties = ["years", "months", "days"];
    var timeProperties = ["hours", "minutes", "seconds"];
    PostgresInterval.prototype.toISOString = PostgresInterval.prototype.toISO = function() {
      var datePart = dateProperties.map(buildProperty, this).join("");
      var timePart = timeProperties.map(buildProperty, this).join("");
      return "P" + datePart + "T" + timePart;
      function buildProperty(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/0+$/, "");
        }
        return value + propertiesISOEquivalent[property];
      }
      __name(buildProperty, "buildProperty");
    };
    var NUMBER = "([+-]?\\d+)";
    var YEAR = NUMBER + "\\s+years?";
    var MONTH = NUMBER + "\\s+mons?";
    var DAY2 = NUMBER + "\\s+days?";
    var TIME = "([+-])?([\\d]*):(\\d\\d):(\\d\\d)\\.?(\\d{1,6})?";
    var INTERVAL = new RegExp([YEAR, MONTH, DAY2, TIME].map(function(regexString) {
      return "(" + regexString + ")?";
    }).join("\\s*"));
    var positions = {
      years: 2,
      months: 4,
      days: 6,
      hours: 9,
      minutes: 10,
      seconds: 11,
      milliseconds: 12
    };
    var negatives = ["hours", "minutes", "seconds", "milliseconds"];
    function parseMilliseconds(fraction) {
      var microseconds = fraction + "000000".slice(fraction.length);
      return parseInt(microseconds, 10) / 1e3;
    }
    __name(parseMilliseconds, "parseMilliseconds");
    function parse(interval) {
      if (!interval) return {};
      var matches = INTERVAL.exec(interval);
      var isNegative = matches[8] === "-";
      return Object.keys(positions).reduce(function(parsed, property) {
        var position = positions[property];
        var value = matches[position];
        if (!value) return parsed;
        value = property === "milliseconds" ? parseMilliseconds(value) : parseInt(value, 10);
        if (!value) return parsed;
        if (isNegative && ~negatives.indexOf(property)) {
          value *= -1;
        }
        parsed[property] = value;
        return parsed;
      }, {});
    }
    __name(parse, "parse");
  }
});

// node_modules/postgres-bytea/index.js
var require_postgres_bytea = __commonJS({
  "node_modules/postgres-bytea/index.js"(exports, module) {
    "use strict";
    var bufferFrom = Buffer.from || Buffer;
    module.exports = /* @__PURE__ */ __name(function parseBytea(input) {
      if (/^\\x/.test(input)) {
        return bufferFrom(input.substr(2), "hex");
      }
      var output = "";
      var i = 0;
      while (i < input.length) {
        if (input[i] !== "\\") {
          output += input[i];
          ++i;
        } else {
          if (/[0-7]{3}/.test(input.substr(i + 1, 3))) {
            output += String.fromCharCode(parseInt(input.substr(i + 1, 3), 8));
            i += 4;
          } else {
            var backslashes = 1;
            while (i + backslashes < input.length && input[i + backslashes] === "\\") {
              backslashes++;
            }
            for (var k = 0; k < Math.floor(backslashes / 2); ++k) {
              output += "\\";
            }
            i += Math.floor(backslashes / 2) * 2;
          }
        }
      }
      return bufferFrom(output, "binary");
    }, "parseBytea");
  }
});

// node_modules/pg-types/lib/textParsers.js
var require_textParsers = __commonJS({
  "node_modules/pg-types/lib/textParsers.js"(exports, module) {
    var array = require_postgres_array();
    var arrayParser = require_arrayParser();
    var parseDate = require_postgres_date();
    var parseInterval = require_postgres_interval();
    var parseByteA = require_postgres_bytea();
    function allowNull(fn) {
      return /* @__PURE__ */ __name(function nullAllowed(value) {
        if (value === null) return value;
        return fn(value);
      }, "nullAllowed");
    }
    __name(allowNull, "allowNull");
    function parseBool(value) {
      if (value === null) return value;
      return value === "TRUE" || value === "t" || value === "true" || value === "y" || value === "yes" || value === "on" || value === "1";
    }
    __name(parseBool, "parseBool");
    function parseBoolArray(value) {
      if (!value) return null;
      return array.parse(value, parseBool);
    }
    __name(parseBoolArray, "parseBoolArray");
    function parseBaseTenInt(string) {
      return parseInt(string, 10);
    }
    __name(parseBaseTenInt, "parseBaseTenInt");
    function parseIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(parseBaseTenInt));
    }
    __name(parseIntegerArray, "parseIntegerArray");
    function parseBigIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(function(entry) {
        return parseBigInteger(entry).trim();
      }));
    }
    __name(parseBigIntegerArray, "parseBigIntegerArray");
    var parsePointArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parsePoint(entry);
        }
        return entry;
      });
      return p.parse();
    }, "parsePointArray");
    var parseFloatArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseFloat(entry);
        }
        return entry;
      });
      return p.parse();
    }, "parseFloatArray");
    var parseStringArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value);
      return p.parse();
    }, "parseStringArray");
    var parseDateArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseDate(entry);
        }
        return entry;
      });
      return p.parse();
    }, "parseDateArray");
    var parseIntervalArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseInterval(entry);
        }
        return entry;
      });
      return p.parse();
    }, "parseIntervalArray");
    var parseByteAArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(parseByteA));
    }, "parseByteAArray");
    var parseInteger = /* @__PURE__ */ __name(function(value) {
      return parseInt(value, 10);
    }, "parseInteger");
    var parseBigInteger = /* @__PURE__ */ __name(function(value) {
      var valStr = String(value);
      if (/^\d+$/.test(valStr)) {
        return valStr;
      }
      return value;
    }, "parseBigInteger");
    var parseJsonArray = /* @__PURE__ */ __name(function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(JSON.parse));
    }, "parseJsonArray");
    var parsePoint = /* @__PURE__ */ __name(function(value) {
      if (value[0] !== "(") {
        return null;
      }
      value = value.substring(1, value.length - 1).split(",");
      return {
        x: parseFloat(value[0]),
        y: parseFloat(value[1])
      };
    }, "parsePoint");
    var parseCircle = /* @__PURE__ */ __name(function(value) {
      if (value[0] !== "<" && value[1] !== "(") {
        return null;
      }
      var point = "(";
      var radius = "";
      var pointParsed = false;
      for (var i = 2; i < value.length - 1; i++) {
        if (!pointParsed) {
          point += value[i];
        }
        if (value[i] === ")") {
          pointParsed = true;
          continue;
        } else if (!pointParsed) {
          continue;
        }
        if (value[i] === ",") {
          continue;
        }
        radius += value[i];
      }
      var result = parsePoint(point);
      result.radius = parseFloat(radius);
      return result;
    }, "parseCircle");
    var init = /* @__PURE__ */ __name(function(register) {
      register(20, parseBigInteger);
      register(21, parseInteger);
      register(23, parseInteger);
      register(26, parseInteger);
      register(700, parseFloat);
      register(701, parseFloat);
      register(16, parseBool);
      register(1082, parseDate);
      register(1114, parseDate);
      register(1184, parseDate);
      register(600, parsePoint);
      register(651, parseStringArray);
      register(718, parseCircle);
      register(1e3, parseBoolArray);
      register(1001, parseByteAArray);
      register(1005, parseIntegerArray);
      register(1007, parseIntegerArray);
      register(1028, parseIntegerArray);
      register(1016, parseBigIntegerArray);
      register(1017, parsePointArray);
      register(1021, parseFloatArray);
      register(1022, parseFloatArray);
      register(1231, parseFloatArray);
      register(1014, parseStringArray);
      register(1015, parseStringArray);
      register(1008, parseStringArray);
      register(1009, parseStringArray);
      register(1040, parseStringArray);
      register(1041, parseStringArray);
      register(1115, parseDateArray);
      register(1182, parseDateArray);
      register(1185, parseDateArray);
      register(1186, parseInterval);
      register(1187, parseIntervalArray);
      register(17, parseByteA);
      register(114, JSON.parse.bind(JSON));
      register(3802, JSON.parse.bind(JSON));
      register(199, parseJsonArray);
      register(3807, parseJsonArray);
      register(3907, parseStringArray);
      register(2951, parseStringArray);
      register(791, parseStringArray);
      register(1183, parseStringArray);
      register(1270, parseStringArray);
    }, "init");
    module.exports = {
      init
    };
  }
});

// node_modules/pg-int8/index.js
var require_pg_int8 = __commonJS({
  "node_modules/pg-int8/index.js"(exports, module) {
    "use strict";
    var BASE = 1e6;
    function readInt8(buffer) {
      var high = buffer.readInt32BE(0);
      var low = buffer.readUInt32BE(4);
      var sign = "";
      if (high < 0) {
        high = ~high + (low === 0);
        low = ~low + 1 >>> 0;
        sign = "-";
      }
      var result = "";
      var carry;
      var t;
      var digits;
      var pad2;
      var l;
      var i;
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad2 = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad2 += "0";
        }
        result = pad2 + digits + result;
      }
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad2 = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad2 += "0";
        }
        result = pad2 + digits + result;
      }
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad2 = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad2 += "0";
        }
        result = pad2 + digits + result;
      }
      {
        carry = high % BASE;
        t = 4294967296 * carry + low;
        digits = "" + t % BASE;
        return sign + digits + result;
      }
    }
    __name(readInt8, "readInt8");
    module.exports = readInt8;
  }
});

// node_modules/pg-types/lib/binaryParsers.js
var require_binaryParsers = __commonJS({
  "node_modules/pg-types/lib/binaryParsers.js"(exports, module) {
    var parseInt64 = require_pg_int8();
    var parseBits = /* @__PURE__ */ __name(function(data, bits, offset, invert, callback) {
      offset = offset || 0;
      invert = invert || false;
      callback = callback || function(lastValue, newValue, bits2) {
        return lastValue * Math.pow(2, bits2) + newValue;
      };
      var offsetBytes = offset >> 3;
      var inv = /* @__PURE__ */ __name(function(value) {
        if (invert) {
          return ~value & 255;
        }
        return value;
      }, "inv");
      var mask = 255;
      var firstBits = 8 - offset % 8;
      if (bits < firstBits) {
        mask = 255 << 8 - bits & 255;
        firstBits = bits;
      }
      if (offset) {
        mask = mask >> offset % 8;
      }
      var result = 0;
      if (offset % 8 + bits >= 8) {
        result = callback(0, inv(data[offsetBytes]) & mask, firstBits);
      }
      var bytes = bits + offset >> 3;
      for (var i = offsetBytes + 1; i < bytes; i++) {
        result = callback(result, inv(data[i]), 8);
      }
      var lastBits = (bits + offset) % 8;
      if (lastBits > 0) {
        result = callback(result, inv(data[bytes]) >> 8 - lastBits, lastBits);
      }
      return result;
    }, "parseBits");
    var parseFloatFromBits = /* @__PURE__ */ __name(function(data, precisionBits, exponentBits) {
      var bias = Math.pow(2, exponentBits - 1) - 1;
      var sign = parseBits(data, 1);
      var exponent = parseBits(data, exponentBits, 1);
      if (exponent === 0) {
        return 0;
      }
      var precisionBitsCounter = 1;
      var parsePrecisionBits = /* @__PURE__ */ __name(function(lastValue, newValue, bits) {
        if (lastValue === 0) {
          lastValue = 1;
        }
        for (var i = 1; i <= bits; i++) {
          precisionBitsCounter /= 2;
          if ((newValue & 1 << bits - i) > 0) {
            lastValue += precisionBitsCounter;
          }
        }
        return lastValue;
      }, "parsePrecisionBits");
      var mantissa = parseBits(data, precisionBits, exponentBits + 1, false, parsePrecisionBits);
      if (exponent == Math.pow(2, exponentBits + 1) - 1) {
        if (mantissa === 0) {
          return sign === 0 ? Infinity : -Infinity;
        }
        return NaN;
      }
      return (sign === 0 ? 1 : -1) * Math.pow(2, exponent - bias) * mantissa;
    }, "parseFloatFromBits");
    var parseInt16 = /* @__PURE__ */ __name(function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 15, 1, true) + 1);
      }
      return parseBits(value, 15, 1);
    }, "parseInt16");
    var parseInt32 = /* @__PURE__ */ __name(function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 31, 1, true) + 1);
      }
      return parseBits(value, 31, 1);
    }, "parseInt32");
    var parseFloat32 = /* @__PURE__ */ __name(function(value) {
      return parseFloatFromBits(value, 23, 8);
    }, "parseFloat32");
    var parseFloat64 = /* @__PURE__ */ __name(function(value) {
      return parseFloatFromBits(value, 52, 11);
    }, "parseFloat64");
    var parseNumeric = /* @__PURE__ */ __name(function(value) {
      var sign = parseBits(value, 16, 32);
      if (sign == 49152) {
        return NaN;
      }
      var weight = Math.pow(1e4, parseBits(value, 16, 16));
      var result = 0;
      var digits = [];
      var ndigits = parseBits(value, 16);
      for (var i = 0; i < ndigits; i++) {
        result += parseBits(value, 16, 64 + 16 * i) * weight;
        weight /= 1e4;
      }
      var scale = Math.pow(10, parseBits(value, 16, 48));
      return (sign === 0 ? 1 : -1) * Math.round(result * scale) / scale;
    }, "parseNumeric");
    var parseDate = /* @__PURE__ */ __name(function(isUTC, value) {
      var sign = parseBits(value, 1);
      var rawValue = parseBits(value, 63, 1);
      var result = new Date((sign === 0 ? 1 : -1) * rawValue / 1e3 + 9466848e5);
      if (!isUTC) {
        result.setTime(result.getTime() + result.getTimezoneOffset() * 6e4);
      }
      result.usec = rawValue % 1e3;
      result.getMicroSeconds = function() {
        return this.usec;
      };
      result.setMicroSeconds = function(value2) {
        this.usec = value2;
      };
      result.getUTCMicroSeconds = function() {
        return this.usec;
      };
      return result;
    }, "parseDate");
    var parseArray = /* @__PURE__ */ __name(function(value) {
      var dim = parseBits(value, 32);
      var flags2 = parseBits(value, 32, 32);
      var elementType = parseBits(value, 32, 64);
      var offset = 96;
      var dims = [];
      for (var i = 0; i < dim; i++) {
        dims[i] = parseBits(value, 32, offset);
        offset += 32;
        offset += 32;
      }
      var parseElement = /* @__PURE__ */ __name(function(elementType2) {
        var length = parseBits(value, 32, offset);
        offset += 32;
        if (length == 4294967295) {
          return null;
        }
        var result;
        if (elementType2 == 23 || elementType2 == 20) {
          result = parseBits(value, length * 8, offset);
          offset += length * 8;
          return result;
        } else if (elementType2 == 25) {
          result = value.toString(this.encoding, offset >> 3, (offset += length << 3) >> 3);
          return result;
        } else {
          console.log("ERROR: ElementType not implemented: " + elementType2);
        }
      }, "parseElement");
      var parse = /* @__PURE__ */ __name(function(dimension, elementType2) {
        var array = [];
        var i2;
        if (dimension.length > 1) {
          var count3 = dimension.shift();
          for (i2 = 0; i2 < count3; i2++) {
            array[i2] = parse(dimension, elementType2);
          }
          dimension.unshift(count3);
        } else {
          for (i2 = 0; i2 < dimension[0]; i2++) {
            array[i2] = parseElement(elementType2);
          }
        }
        return array;
      }, "parse");
      return parse(dims, elementType);
    }, "parseArray");
    var parseText = /* @__PURE__ */ __name(function(value) {
      return value.toString("utf8");
    }, "parseText");
    var parseBool = /* @__PURE__ */ __name(function(value) {
      if (value === null) return null;
      return parseBits(value, 8) > 0;
    }, "parseBool");
    var init = /* @__PURE__ */ __name(function(register) {
      register(20, parseInt64);
      register(21, parseInt16);
      register(23, parseInt32);
      register(26, parseInt32);
      register(1700, parseNumeric);
      register(700, parseFloat32);
      register(701, parseFloat64);
      register(16, parseBool);
      register(1114, parseDate.bind(null, false));
      register(1184, parseDate.bind(null, true));
      register(1e3, parseArray);
      register(1007, parseArray);
      register(1016, parseArray);
      register(1008, parseArray);
      register(1009, parseArray);
      register(25, parseText);
    }, "init");
    module.exports = {
      init
    };
  }
});

// node_modules/pg-types/lib/builtins.js
var require_builtins = __commonJS({
  "node_modules/pg-types/lib/builtins.js"(exports, module) {
    module.exports = {
      BOOL: 16,
      BYTEA: 17,
      CHAR: 18,
      INT8: 20,
      INT2: 21,
      INT4: 23,
      REGPROC: 24,
      TEXT: 25,
      OID: 26,
      TID: 27,
      XID: 28,
      CID: 29,
      JSON: 114,
      XML: 142,
      PG_NODE_TREE: 194,
      SMGR: 210,
      PATH: 602,
      POLYGON: 604,
      CIDR: 650,
      FLOAT4: 700,
      FLOAT8: 701,
      ABSTIME: 702,
      RELTIME: 703,
      TINTERVAL: 704,
      CIRCLE: 718,
      MACADDR8: 774,
      MONEY: 790,
      MACADDR: 829,
      INET: 869,
      ACLITEM: 1033,
      BPCHAR: 1042,
      VARCHAR: 1043,
      DATE: 1082,
      TIME: 1083,
      TIMESTAMP: 1114,
      TIMESTAMPTZ: 1184,
      INTERVAL: 1186,
      TIMETZ: 1266,
      BIT: 1560,
      VARBIT: 1562,
      NUMERIC: 1700,
      REFCURSOR: 1790,
      REGPROCEDURE: 2202,
      REGOPER: 2203,
      REGOPERATOR: 2204,
      REGCLASS: 2205,
      REGTYPE: 2206,
      UUID: 2950,
      TXID_SNAPSHOT: 2970,
      PG_LSN: 3220,
      PG_NDISTINCT: 3361,
      PG_DEPENDENCIES: 3402,
      TSVECTOR: 3614,
      TSQUERY: 3615,
      GTSVECTOR: 3642,
      REGCONFIG: 3734,
      REGDICTIONARY: 3769,
      JSONB: 3802,
      REGNAMESPACE: 4089,
      REGROLE: 4096
    };
  }
});

// node_modules/pg-types/index.js
var require_pg_types = __commonJS({
  "node_modules/pg-types/index.js"(exports) {
    var textParsers = require_textParsers();
    var binaryParsers = require_binaryParsers();
    var arrayParser = require_arrayParser();
    var builtinTypes = require_builtins();
    exports.getTypeParser = getTypeParser;
    exports.setTypeParser = setTypeParser;
    exports.arrayParser = arrayParser;
    exports.builtins = builtinTypes;
    var typeParsers = {
      text: {},
      binary: {}
    };
    function noParse(val) {
      return String(val);
    }
    __name(noParse, "noParse");
    function getTypeParser(oid, format) {
      format = format || "text";
      if (!typeParsers[format]) {
        return noParse;
      }
      return typeParsers[format][oid] || noParse;
    }
    __name(getTypeParser, "getTypeParser");
    function setTypeParser(oid, format, parseFn) {
      if (typeof format == "function") {
        parseFn = format;
        format = "text";
      }
      typeParsers[format][oid] = parseFn;
    }
    __name(setTypeParser, "setTypeParser");
    textParsers.init(function(oid, converter) {
      typeParsers.text[oid] = converter;
    });
    binaryParsers.init(function(oid, converter) {
      typeParsers.binary[oid] = converter;
    });
  }
});

// node_modules/pg/lib/defaults.js
var require_defaults = __commonJS({
  "node_modules/pg/lib/defaults.js"(exports, module) {
    "use strict";
    var user;
    try {
      user = process.platform === "win32" ? process.env.USERNAME : process.env.USER;
    } catch {
    }
    module.exports = {
      // database host. defaults to localhost
      host: "localhost",
      // database user's name
      user,
      // name of database to connect
      database: void 0,
      // database user's password
      password: null,
      // a Postgres connection string to be used instead of setting individual connection items
      // NOTE:  Setting this value will cause it to override any other value (such as database or user) defined
      // in the defaults object.
      connectionString: void 0,
      // database port
      port: 5432,
      // number of rows to return at a time from a prepared statement's
      // portal. 0 will return all rows at once
      rows: 0,
      // binary result mode
      binary: false,
      // Connection pool options - see https://github.com/brianc/node-pg-pool
      // number of connections to use in connection pool
      // 0 will disable connection pooling
      max: 10,
      // max milliseconds a client can go unused before it is removed
      // from the pool and destroyed
      idleTimeoutMillis: 3e4,
      client_encoding: "",
      ssl: false,
      // SSL negotiation style: 'postgres' (traditional SSLRequest) or 'direct'
      sslnegotiation: void 0,
      application_name: void 0,
      fallback_application_name: void 0,
      options: void 0,
      parseInputDatesAsUTC: false,
      // max milliseconds any query using this connection will execute for before timing out in error.
      // false=unlimited
      statement_timeout: false,
      // Abort any statement that waits longer than the specified duration in milliseconds while attempting to acquire a lock.
      // false=unlimited
      lock_timeout: false,
      // Terminate any session with an open transaction that has been idle for longer than the specified duration in milliseconds
      // false=unlimited
      idle_in_transaction_session_timeout: false,
      // max milliseconds to wait for query to complete (client side)
      query_timeout: false,
      connect_timeout: 0,
      keepalives: 1,
      keepalives_idle: 0
    };
    var pgTypes = require_pg_types();
    var parseBigInteger = pgTypes.getTypeParser(20, "text");
    var parseBigIntegerArray = pgTypes.getTypeParser(1016, "text");
    module.exports.__defineSetter__("parseInt8", function(val) {
      pgTypes.setTypeParser(20, "text", val ? pgTypes.getTypeParser(23, "text") : parseBigInteger);
      pgTypes.setTypeParser(1016, "text", val ? pgTypes.getTypeParser(1007, "text") : parseBigIntegerArray);
    });
  }
});

// node_modules/pg/lib/utils.js
var require_utils = __commonJS({
  "node_modules/pg/lib/utils.js"(exports, module) {
    "use strict";
    var defaults2 = require_defaults();
    var nodeUtils = __require("util");
    var { isDate } = __require("util/types");
    var invalidDateDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Sending an invalid date to Postgres is deprecated and will throw an error in the next major version of pg. Ensure any Date object passed as a query parameter is valid.",
      "PG_INVALID_DATE"
    );
    function escapeElement(elementRepresentation) {
      const escaped = elementRepresentation.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      return '"' + escaped + '"';
    }
    __name(escapeElement, "escapeElement");
    function arrayString(val) {
      let result = "{";
      for (let i = 0; i < val.length; i++) {
        if (i > 0) {
          result += ",";
        }
        let item = val[i];
        if (item == null) {
          result += "NULL";
        } else if (Array.isArray(item)) {
          result += arrayString(item);
        } else if (ArrayBuffer.isView(item)) {
          if (!(item instanceof Buffer)) {
            item = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
          }
          result += "\\\\x" + item.toString("hex");
        } else {
          result += escapeElement(prepareValue(item));
        }
      }
      result += "}";
      return result;
    }
    __name(arrayString, "arrayString");
    var prepareValue = /* @__PURE__ */ __name(function(val, seen) {
      if (val == null) {
        return null;
      }
      if (typeof val === "object") {
        if (val instanceof Buffer) {
          return val;
        }
        if (ArrayBuffer.isView(val)) {
          return Buffer.from(val.buffer, val.byteOffset, val.byteLength);
        }
        if (isDate(val)) {
          if (isNaN(val.getTime())) {
            invalidDateDeprecationNotice();
          }
          if (defaults2.parseInputDatesAsUTC) {
            return dateToStringUTC(val);
          } else {
            return dateToString(val);
          }
        }
        if (Array.isArray(val)) {
          return arrayString(val);
        }
        return prepareObject(val, seen);
      }
      return val.toString();
    }, "prepareValue");
    function prepareObject(val, seen) {
      if (val && typeof val.toPostgres === "function") {
        seen = seen || [];
        if (seen.indexOf(val) !== -1) {
          throw new Error('circular reference detected while preparing "' + val + '" for query');
        }
        seen.push(val);
        return prepareValue(val.toPostgres(prepareValue), seen);
      }
      return JSON.stringify(val);
    }
    __name(prepareObject, "prepareObject");
    function dateToString(date) {
      let offset = -date.getTimezoneOffset();
      let year = date.getFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0") + "T" + String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0") + ":" + String(date.getSeconds()).padStart(2, "0") + "." + String(date.getMilliseconds()).padStart(3, "0");
      if (offset < 0) {
        ret += "-";
        offset *= -1;
      } else {
        ret += "+";
      }
      ret += String(Math.floor(offset / 60)).padStart(2, "0") + ":" + String(offset % 60).padStart(2, "0");
      if (isBCYear) ret += " BC";
      return ret;
    }
    __name(dateToString, "dateToString");
    function dateToStringUTC(date) {
      let year = date.getUTCFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date.getUTCDate()).padStart(2, "0") + "T" + String(date.getUTCHours()).padStart(2, "0") + ":" + String(date.getUTCMinutes()).padStart(2, "0") + ":" + String(date.getUTCSeconds()).padStart(2, "0") + "." + String(date.getUTCMilliseconds()).padStart(3, "0");
      ret += "+00:00";
      if (isBCYear) ret += " BC";
      return ret;
    }
    __name(dateToStringUTC, "dateToStringUTC");
    function normalizeQueryConfig(config, values, callback) {
      config = typeof config === "string" ? { text: config } : cloneQueryConfig(config);
      if (values) {
        if (typeof values === "function") {
          config.callback = values;
        } else {
          config.values = values;
        }
      }
      if (callback) {
        config.callback = callback;
      }
      return config;
    }
    __name(normalizeQueryConfig, "normalizeQueryConfig");
    function cloneQueryConfig(config) {
      if (config == null) {
        return config;
      }
      return Object.defineProperties(Object.create(Object.getPrototypeOf(config)), Object.getOwnPropertyDescriptors(config));
    }
    __name(cloneQueryConfig, "cloneQueryConfig");
    var escapeIdentifier2 = /* @__PURE__ */ __name(function(str3) {
      return '"' + str3.replace(/"/g, '""') + '"';
    }, "escapeIdentifier");
    var escapeLiteral2 = /* @__PURE__ */ __name(function(str3) {
      let hasBackslash = false;
      let escaped = "'";
      if (str3 == null) {
        return "''";
      }
      if (typeof str3 !== "string") {
        return "''";
      }
      for (let i = 0; i < str3.length; i++) {
        const c = str3[i];
        if (c === "'") {
          escaped += c + c;
        } else if (c === "\\") {
          escaped += c + c;
          hasBackslash = true;
        } else {
          escaped += c;
        }
      }
      escaped += "'";
      if (hasBackslash === true) {
        escaped = " E" + escaped;
      }
      return escaped;
    }, "escapeLiteral");
    module.exports = {
      prepareValue: /* @__PURE__ */ __name(function prepareValueWrapper(value) {
        return prepareValue(value);
      }, "prepareValueWrapper"),
      normalizeQueryConfig,
      escapeIdentifier: escapeIdentifier2,
      escapeLiteral: escapeLiteral2
    };
  }
});

// node_modules/pg/lib/crypto/utils.js
var require_utils2 = __commonJS({
  "node_modules/pg/lib/crypto/utils.js"(exports, module) {
    var nodeCrypto = __require("crypto");
    module.exports = {
      postgresMd5PasswordHash,
      randomBytes: randomBytes3,
      deriveKey,
      sha256,
      hashByName,
      hmacSha256,
      md5
    };
    var webCrypto = nodeCrypto.webcrypto || globalThis.crypto;
    var subtleCrypto = webCrypto.subtle;
    var textEncoder = new TextEncoder();
    function randomBytes3(length) {
      return webCrypto.getRandomValues(Buffer.alloc(length));
    }
    __name(randomBytes3, "randomBytes");
    async function md5(string) {
      try {
        return nodeCrypto.createHash("md5").update(string, "utf-8").digest("hex");
      } catch (e) {
        const data = typeof string === "string" ? textEncoder.encode(string) : string;
        const hash = await subtleCrypto.digest("MD5", data);
        return Array.from(new Uint8Array(hash)).map((b) => b.toString(16).padStart(2, "0")).join("");
      }
    }
    __name(md5, "md5");
    async function postgresMd5PasswordHash(user, password, salt) {
      const inner = await md5(password + user);
      const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
      return "md5" + outer;
    }
    __name(postgresMd5PasswordHash, "postgresMd5PasswordHash");
    async function sha256(text3) {
      return await subtleCrypto.digest("SHA-256", text3);
    }
    __name(sha256, "sha256");
    async function hashByName(hashName, text3) {
      return await subtleCrypto.digest(hashName, text3);
    }
    __name(hashByName, "hashByName");
    async function hmacSha256(keyBuffer, msg) {
      const key = await subtleCrypto.importKey("raw", keyBuffer, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return await subtleCrypto.sign("HMAC", key, textEncoder.encode(msg));
    }
    __name(hmacSha256, "hmacSha256");
    async function deriveKey(password, salt, iterations) {
      const key = await subtleCrypto.importKey("raw", textEncoder.encode(password), "PBKDF2", false, ["deriveBits"]);
      const params = { name: "PBKDF2", hash: "SHA-256", salt, iterations };
      return await subtleCrypto.deriveBits(params, key, 32 * 8, ["deriveBits"]);
    }
    __name(deriveKey, "deriveKey");
  }
});

// node_modules/pg/lib/crypto/cert-signatures.js
var require_cert_signatures = __commonJS({
  "node_modules/pg/lib/crypto/cert-signatures.js"(exports, module) {
    function x509Error(msg, cert) {
      return new Error("SASL channel binding: " + msg + " when parsing public certificate " + cert.toString("base64"));
    }
    __name(x509Error, "x509Error");
    function readASN1Length(data, index) {
      let length = data[index++];
      if (length < 128) return { length, index };
      const lengthBytes = length & 127;
      if (lengthBytes > 4) throw x509Error("bad length", data);
      length = 0;
      for (let i = 0; i < lengthBytes; i++) {
        length = length << 8 | data[index++];
      }
      return { length, index };
    }
    __name(readASN1Length, "readASN1Length");
    function readASN1OID(data, index) {
      if (data[index++] !== 6) throw x509Error("non-OID data", data);
      const { length: OIDLength, index: indexAfterOIDLength } = readASN1Length(data, index);
      index = indexAfterOIDLength;
      const lastIndex = index + OIDLength;
      const byte1 = data[index++];
      let oid = (byte1 / 40 >> 0) + "." + byte1 % 40;
      while (index < lastIndex) {
        let value = 0;
        while (index < lastIndex) {
          const nextByte = data[index++];
          value = value << 7 | nextByte & 127;
          if (nextByte < 128) break;
        }
        oid += "." + value;
      }
      return { oid, index };
    }
    __name(readASN1OID, "readASN1OID");
    function expectASN1Seq(data, index) {
      if (data[index++] !== 48) throw x509Error("non-sequence data", data);
      return readASN1Length(data, index);
    }
    __name(expectASN1Seq, "expectASN1Seq");
    function signatureAlgorithmHashFromCertificate(data, index) {
      if (index === void 0) index = 0;
      index = expectASN1Seq(data, index).index;
      const { length: certInfoLength, index: indexAfterCertInfoLength } = expectASN1Seq(data, index);
      index = indexAfterCertInfoLength + certInfoLength;
      index = expectASN1Seq(data, index).index;
      const { oid, index: indexAfterOID } = readASN1OID(data, index);
      switch (oid) {
        // RSA
        case "1.2.840.113549.1.1.4":
          return "MD5";
        case "1.2.840.113549.1.1.5":
          return "SHA-1";
        case "1.2.840.113549.1.1.11":
          return "SHA-256";
        case "1.2.840.113549.1.1.12":
          return "SHA-384";
        case "1.2.840.113549.1.1.13":
          return "SHA-512";
        case "1.2.840.113549.1.1.14":
          return "SHA-224";
        case "1.2.840.113549.1.1.15":
          return "SHA512-224";
        case "1.2.840.113549.1.1.16":
          return "SHA512-256";
        // ECDSA
        case "1.2.840.10045.4.1":
          return "SHA-1";
        case "1.2.840.10045.4.3.1":
          return "SHA-224";
        case "1.2.840.10045.4.3.2":
          return "SHA-256";
        case "1.2.840.10045.4.3.3":
          return "SHA-384";
        case "1.2.840.10045.4.3.4":
          return "SHA-512";
        // RSASSA-PSS: hash is indicated separately
        case "1.2.840.113549.1.1.10": {
          index = indexAfterOID;
          index = expectASN1Seq(data, index).index;
          if (data[index++] !== 160) throw x509Error("non-tag data", data);
          index = readASN1Length(data, index).index;
          index = expectASN1Seq(data, index).index;
          const { oid: hashOID } = readASN1OID(data, index);
          switch (hashOID) {
            // standalone hash OIDs
            case "1.2.840.113549.2.5":
              return "MD5";
            case "1.3.14.3.2.26":
              return "SHA-1";
            case "2.16.840.1.101.3.4.2.1":
              return "SHA-256";
            case "2.16.840.1.101.3.4.2.2":
              return "SHA-384";
            case "2.16.840.1.101.3.4.2.3":
              return "SHA-512";
          }
          throw x509Error("unknown hash OID " + hashOID, data);
        }
        // Ed25519 -- see https://github.com/openssl/openssl/issues/15477
        case "1.3.101.110":
        case "1.3.101.112":
          return "SHA-512";
        // Ed448 -- still not in pg 17.2 (if supported, digest would be SHAKE256 x 64 bytes)
        case "1.3.101.111":
        case "1.3.101.113":
          throw x509Error("Ed448 certificate channel binding is not currently supported by Postgres");
      }
      throw x509Error("unknown OID " + oid, data);
    }
    __name(signatureAlgorithmHashFromCertificate, "signatureAlgorithmHashFromCertificate");
    module.exports = { signatureAlgorithmHashFromCertificate };
  }
});

// node_modules/pg/lib/crypto/sasl.js
var require_sasl = __commonJS({
  "node_modules/pg/lib/crypto/sasl.js"(exports, module) {
    "use strict";
    var crypto = require_utils2();
    var { signatureAlgorithmHashFromCertificate } = require_cert_signatures();
    function saslprep(password) {
      const nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
      const mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
      return password.replace(nonAsciiSpace, " ").replace(mappedToNothing, "").normalize("NFKC");
    }
    __name(saslprep, "saslprep");
    var DEFAULT_MAX_SCRAM_ITERATIONS = 1e5;
    function startSession(mechanisms, stream, scramMaxIterations = DEFAULT_MAX_SCRAM_ITERATIONS) {
      const candidates = ["SCRAM-SHA-256"];
      if (stream) candidates.unshift("SCRAM-SHA-256-PLUS");
      const mechanism = candidates.find((candidate) => mechanisms.includes(candidate));
      if (!mechanism) {
        throw new Error("SASL: Only mechanism(s) " + candidates.join(" and ") + " are supported");
      }
      if (mechanism === "SCRAM-SHA-256-PLUS" && typeof stream.getPeerCertificate !== "function") {
        throw new Error("SASL: Mechanism SCRAM-SHA-256-PLUS requires a certificate");
      }
      const clientNonce = crypto.randomBytes(18).toString("base64");
      const gs2Header = mechanism === "SCRAM-SHA-256-PLUS" ? "p=tls-server-end-point" : stream ? "y" : "n";
      return {
        mechanism,
        clientNonce,
        response: gs2Header + ",,n=*,r=" + clientNonce,
        message: "SASLInitialResponse",
        scramMaxIterations
      };
    }
    __name(startSession, "startSession");
    async function continueSession(session, password, serverData, stream) {
      if (session.message !== "SASLInitialResponse") {
        throw new Error("SASL: Last message was not SASLInitialResponse");
      }
      if (typeof password !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string");
      }
      if (password === "") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a non-empty string");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: serverData must be a string");
      }
      const sv = parseServerFirstMessage(serverData);
      if (!sv.nonce.startsWith(session.clientNonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce does not start with client nonce");
      } else if (sv.nonce.length === session.clientNonce.length) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce is too short");
      }
      const scramMaxIterations = typeof session.scramMaxIterations === "number" ? session.scramMaxIterations : DEFAULT_MAX_SCRAM_ITERATIONS;
      if (scramMaxIterations !== 0 && sv.iteration > scramMaxIterations) {
        throw new Error(
          "SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration count " + sv.iteration + " exceeds scramMaxIterations of " + scramMaxIterations
        );
      }
      const clientFirstMessageBare = "n=*,r=" + session.clientNonce;
      const serverFirstMessage = "r=" + sv.nonce + ",s=" + sv.salt + ",i=" + sv.iteration;
      let channelBinding = stream ? "eSws" : "biws";
      if (session.mechanism === "SCRAM-SHA-256-PLUS") {
        const peerCert = stream.getPeerCertificate().raw;
        let hashName = signatureAlgorithmHashFromCertificate(peerCert);
        if (hashName === "MD5" || hashName === "SHA-1") hashName = "SHA-256";
        const certHash = await crypto.hashByName(hashName, peerCert);
        const bindingData = Buffer.concat([Buffer.from("p=tls-server-end-point,,"), Buffer.from(certHash)]);
        channelBinding = bindingData.toString("base64");
      }
      const clientFinalMessageWithoutProof = "c=" + channelBinding + ",r=" + sv.nonce;
      const authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + clientFinalMessageWithoutProof;
      const saltBytes = Buffer.from(sv.salt, "base64");
      const saltedPassword = await crypto.deriveKey(saslprep(password), saltBytes, sv.iteration);
      const clientKey = await crypto.hmacSha256(saltedPassword, "Client Key");
      const storedKey = await crypto.sha256(clientKey);
      const clientSignature = await crypto.hmacSha256(storedKey, authMessage);
      const clientProof = xorBuffers(Buffer.from(clientKey), Buffer.from(clientSignature)).toString("base64");
      const serverKey = await crypto.hmacSha256(saltedPassword, "Server Key");
      const serverSignatureBytes = await crypto.hmacSha256(serverKey, authMessage);
      session.message = "SASLResponse";
      session.serverSignature = Buffer.from(serverSignatureBytes).toString("base64");
      session.response = clientFinalMessageWithoutProof + ",p=" + clientProof;
    }
    __name(continueSession, "continueSession");
    function finalizeSession(session, serverData) {
      if (session.message !== "SASLResponse") {
        throw new Error("SASL: Last message was not SASLResponse");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: serverData must be a string");
      }
      const { serverSignature } = parseServerFinalMessage(serverData);
      if (serverSignature !== session.serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match");
      }
    }
    __name(finalizeSession, "finalizeSession");
    function isPrintableChars(text3) {
      if (typeof text3 !== "string") {
        throw new TypeError("SASL: text must be a string");
      }
      return text3.split("").map((_, i) => text3.charCodeAt(i)).every((c) => c >= 33 && c <= 43 || c >= 45 && c <= 126);
    }
    __name(isPrintableChars, "isPrintableChars");
    function isBase64(text3) {
      return /^(?:[a-zA-Z0-9+/]{4})*(?:[a-zA-Z0-9+/]{2}==|[a-zA-Z0-9+/]{3}=)?$/.test(text3);
    }
    __name(isBase64, "isBase64");
    function parseAttributePairs(text3) {
      if (typeof text3 !== "string") {
        throw new TypeError("SASL: attribute pairs text must be a string");
      }
      return new Map(
        text3.split(",").map((attrValue) => {
          if (!/^.=/.test(attrValue)) {
            throw new Error("SASL: Invalid attribute pair entry");
          }
          const name = attrValue[0];
          const value = attrValue.substring(2);
          return [name, value];
        })
      );
    }
    __name(parseAttributePairs, "parseAttributePairs");
    function parseServerFirstMessage(data) {
      const attrPairs = parseAttributePairs(data);
      const nonce = attrPairs.get("r");
      if (!nonce) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce missing");
      } else if (!isPrintableChars(nonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce must only contain printable characters");
      }
      const salt = attrPairs.get("s");
      if (!salt) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt missing");
      } else if (!isBase64(salt)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt must be base64");
      }
      const iterationText = attrPairs.get("i");
      if (!iterationText) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration missing");
      } else if (!/^[1-9][0-9]*$/.test(iterationText)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: invalid iteration count");
      }
      const iteration = parseInt(iterationText, 10);
      return {
        nonce,
        salt,
        iteration
      };
    }
    __name(parseServerFirstMessage, "parseServerFirstMessage");
    function parseServerFinalMessage(serverData) {
      const attrPairs = parseAttributePairs(serverData);
      const error = attrPairs.get("e");
      const serverSignature = attrPairs.get("v");
      if (error) {
        throw new Error(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server returned error: "${error}"`);
      }
      if (!serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing");
      } else if (!isBase64(serverSignature)) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature must be base64");
      }
      return {
        serverSignature
      };
    }
    __name(parseServerFinalMessage, "parseServerFinalMessage");
    function xorBuffers(a, b) {
      if (!Buffer.isBuffer(a)) {
        throw new TypeError("first argument must be a Buffer");
      }
      if (!Buffer.isBuffer(b)) {
        throw new TypeError("second argument must be a Buffer");
      }
      if (a.length !== b.length) {
        throw new Error("Buffer lengths must match");
      }
      if (a.length === 0) {
        throw new Error("Buffers cannot be empty");
      }
      return Buffer.from(a.map((_, i) => a[i] ^ b[i]));
    }
    __name(xorBuffers, "xorBuffers");
    module.exports = {
      startSession,
      continueSession,
      finalizeSession,
      DEFAULT_MAX_SCRAM_ITERATIONS
    };
  }
});

// node_modules/pg/lib/type-overrides.js
var require_type_overrides = __commonJS({
  "node_modules/pg/lib/type-overrides.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    function TypeOverrides2(userTypes) {
      this._types = userTypes || types2;
      this.text = {};
      this.binary = {};
    }
    __name(TypeOverrides2, "TypeOverrides");
    TypeOverrides2.prototype.getOverrides = function(format) {
      switch (format) {
        case "text":
          return this.text;
        case "binary":
          return this.binary;
        default:
          return {};
      }
    };
    TypeOverrides2.prototype.setTypeParser = function(oid, format, parseFn) {
      if (typeof format === "function") {
        parseFn = format;
        format = "text";
      }
      this.getOverrides(format)[oid] = parseFn;
    };
    TypeOverrides2.prototype.getTypeParser = function(oid, format) {
      format = format || "text";
      return this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format);
    };
    module.exports = TypeOverrides2;
  }
});

// node_modules/pg-connection-string/index.js
var require_pg_connection_string = __commonJS({
  "node_modules/pg-connection-string/index.js"(exports, module) {
    "use strict";
    function parse(str3, options = {}) {
      if (str3.charAt(0) === "/") {
        const config2 = str3.split(" ");
        return { host: config2[0], database: config2[1] };
      }
      const config = /* @__PURE__ */ Object.create(null);
      let result;
      let dummyHost = false;
      if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(str3)) {
        str3 = encodeURI(str3).replace(/%25(\d\d)/g, "%$1");
      }
      try {
        try {
          result = new URL(str3, "postgres://base");
        } catch (e) {
          result = new URL(str3.replace("@/", "@___DUMMY___/"), "postgres://base");
          dummyHost = true;
        }
      } catch (err) {
        err.input && (err.input = "*****REDACTED*****");
        throw err;
      }
      for (const entry of result.searchParams.entries()) {
        config[entry[0]] = entry[1];
      }
      config.user = config.user || decodeURIComponent(result.username);
      config.password = config.password || decodeURIComponent(result.password);
      if (result.protocol == "socket:") {
        config.host = decodeURI(result.pathname);
        config.database = result.searchParams.get("db");
        config.client_encoding = result.searchParams.get("encoding");
        return config;
      }
      const hostname = (dummyHost ? "" : result.hostname).replace(/^\[(.+)\]$/, "$1");
      if (!config.host) {
        config.host = decodeURIComponent(hostname);
      } else if (hostname && /^%2f/i.test(hostname)) {
        result.pathname = hostname + result.pathname;
      }
      if (!config.port) {
        config.port = result.port;
      }
      const pathname = result.pathname.slice(1) || null;
      config.database = pathname ? decodeURI(pathname) : null;
      if (config.ssl === "true" || config.ssl === "1") {
        config.ssl = true;
      }
      if (config.ssl === "0") {
        config.ssl = false;
      }
      if (config.sslcert || config.sslkey || config.sslrootcert || config.sslmode) {
        config.ssl = {};
      }
      if (config.sslnegotiation === "direct" && config.ssl === void 0) {
        config.ssl = true;
      }
      const fs = config.sslcert || config.sslkey || config.sslrootcert ? __require("fs") : null;
      if (config.sslcert) {
        config.ssl.cert = fs.readFileSync(config.sslcert).toString();
      }
      if (config.sslkey) {
        config.ssl.key = fs.readFileSync(config.sslkey).toString();
      }
      if (config.sslrootcert) {
        config.ssl.ca = fs.readFileSync(config.sslrootcert).toString();
      }
      if (options.useLibpqCompat && config.uselibpqcompat) {
        throw new Error("Both useLibpqCompat and uselibpqcompat are set. Please use only one of them.");
      }
      if (config.uselibpqcompat === "true" || options.useLibpqCompat) {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
          case "require": {
            if (config.sslrootcert) {
              config.ssl.checkServerIdentity = function() {
              };
            } else {
              config.ssl.rejectUnauthorized = false;
            }
            break;
          }
          case "verify-ca": {
            if (!config.ssl.ca) {
              throw new Error(
                "SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If a public CA is used, verify-ca allows connections to a server that somebody else may have registered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security."
              );
            }
            config.ssl.checkServerIdentity = function() {
            };
            break;
          }
          case "verify-full": {
            break;
          }
        }
      } else {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer":
          case "require":
          case "verify-ca":
          case "verify-full": {
            if (config.sslmode !== "verify-full") {
              deprecatedSslModeWarning(config.sslmode);
            }
            break;
          }
          case "no-verify": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
        }
      }
      return config;
    }
    __name(parse, "parse");
    function toConnectionOptions(sslConfig) {
      const connectionOptions = Object.entries(sslConfig).reduce((c, [key, value]) => {
        if (value !== void 0 && value !== null) {
          c[key] = value;
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return connectionOptions;
    }
    __name(toConnectionOptions, "toConnectionOptions");
    function toClientConfig(config) {
      const poolConfig = Object.entries(config).reduce((c, [key, value]) => {
        if (key === "ssl") {
          const sslConfig = value;
          if (typeof sslConfig === "boolean") {
            c[key] = sslConfig;
          }
          if (typeof sslConfig === "object") {
            c[key] = toConnectionOptions(sslConfig);
          }
        } else if (value !== void 0 && value !== null) {
          if (key === "port") {
            if (value !== "") {
              const v = parseInt(value, 10);
              if (isNaN(v)) {
                throw new Error(`Invalid ${key}: ${value}`);
              }
              c[key] = v;
            }
          } else {
            c[key] = value;
          }
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return poolConfig;
    }
    __name(toClientConfig, "toClientConfig");
    function parseIntoClientConfig(str3) {
      return toClientConfig(parse(str3));
    }
    __name(parseIntoClientConfig, "parseIntoClientConfig");
    function deprecatedSslModeWarning(sslmode) {
      if (!deprecatedSslModeWarning.warned && typeof process !== "undefined" && process.emitWarning) {
        deprecatedSslModeWarning.warned = true;
        process.emitWarning(`SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'.
In the next major version (pg-connection-string v3.0.0 and pg v9.0.0), these modes will adopt standard libpq semantics, which have weaker security guarantees.

To prepare for this change:
- If you want the current behavior, explicitly use 'sslmode=verify-full'
- If you want libpq compatibility now, use 'uselibpqcompat=true&sslmode=${sslmode}'

See https://www.postgresql.org/docs/current/libpq-ssl.html for libpq SSL mode definitions.`);
      }
    }
    __name(deprecatedSslModeWarning, "deprecatedSslModeWarning");
    module.exports = parse;
    parse.parse = parse;
    parse.toClientConfig = toClientConfig;
    parse.parseIntoClientConfig = parseIntoClientConfig;
  }
});

// node_modules/pg/lib/connection-parameters.js
var require_connection_parameters = __commonJS({
  "node_modules/pg/lib/connection-parameters.js"(exports, module) {
    "use strict";
    var dns = __require("dns");
    var defaults2 = require_defaults();
    var parse = require_pg_connection_string().parse;
    var val = /* @__PURE__ */ __name(function(key, config, envVar) {
      if (config[key]) {
        return config[key];
      }
      if (envVar === void 0) {
        envVar = process.env["PG" + key.toUpperCase()];
      } else if (envVar === false) {
      } else {
        envVar = process.env[envVar];
      }
      return envVar || defaults2[key];
    }, "val");
    var readSSLConfigFromEnvironment = /* @__PURE__ */ __name(function() {
      switch (process.env.PGSSLMODE) {
        case "disable":
          return false;
        case "prefer":
        case "require":
        case "verify-ca":
        case "verify-full":
          return true;
        case "no-verify":
          return { rejectUnauthorized: false };
      }
      return defaults2.ssl;
    }, "readSSLConfigFromEnvironment");
    var quoteParamValue = /* @__PURE__ */ __name(function(value) {
      return "'" + ("" + value).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
    }, "quoteParamValue");
    var add = /* @__PURE__ */ __name(function(params, config, paramName) {
      const value = config[paramName];
      if (value !== void 0 && value !== null) {
        params.push(paramName + "=" + quoteParamValue(value));
      }
    }, "add");
    var ConnectionParameters = class {
      static {
        __name(this, "ConnectionParameters");
      }
      constructor(config) {
        config = typeof config === "string" ? parse(config) : config || {};
        if (config.connectionString) {
          config = Object.assign({}, config, parse(config.connectionString));
        }
        this.user = val("user", config);
        this.database = val("database", config);
        if (this.database === void 0) {
          this.database = this.user;
        }
        this.port = parseInt(val("port", config), 10);
        this.host = val("host", config);
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: val("password", config)
        });
        this.binary = val("binary", config);
        this.options = val("options", config);
        this.ssl = typeof config.ssl === "undefined" ? readSSLConfigFromEnvironment() : config.ssl;
        if (typeof this.ssl === "string") {
          if (this.ssl === "true") {
            this.ssl = true;
          }
        }
        if (this.ssl === "no-verify") {
          this.ssl = { rejectUnauthorized: false };
        }
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this.sslnegotiation = val("sslnegotiation", config, "PGSSLNEGOTIATION");
        if (this.sslnegotiation !== void 0 && this.sslnegotiation !== "postgres" && this.sslnegotiation !== "direct") {
          throw new Error(
            `Invalid sslnegotiation value: "${this.sslnegotiation}". Valid values are "postgres" and "direct".`
          );
        }
        if (this.sslnegotiation === "direct" && !this.ssl) {
          throw new Error("sslnegotiation=direct requires SSL to be enabled");
        }
        this.client_encoding = val("client_encoding", config);
        this.replication = val("replication", config);
        this.isDomainSocket = !(this.host || "").indexOf("/");
        this.application_name = val("application_name", config, "PGAPPNAME");
        this.fallback_application_name = val("fallback_application_name", config, false);
        this.statement_timeout = val("statement_timeout", config, false);
        this.lock_timeout = val("lock_timeout", config, false);
        this.idle_in_transaction_session_timeout = val("idle_in_transaction_session_timeout", config, false);
        this.query_timeout = val("query_timeout", config, false);
        if (config.connectionTimeoutMillis === void 0) {
          this.connect_timeout = process.env.PGCONNECT_TIMEOUT || 0;
        } else {
          this.connect_timeout = Math.floor(config.connectionTimeoutMillis / 1e3);
        }
        if (config.keepAlive === false) {
          this.keepalives = 0;
        } else if (config.keepAlive === true) {
          this.keepalives = 1;
        }
        if (typeof config.keepAliveInitialDelayMillis === "number") {
          this.keepalives_idle = Math.floor(config.keepAliveInitialDelayMillis / 1e3);
        }
      }
      getLibpqConnectionString(cb) {
        const params = [];
        add(params, this, "user");
        add(params, this, "password");
        add(params, this, "port");
        add(params, this, "application_name");
        add(params, this, "fallback_application_name");
        add(params, this, "connect_timeout");
        add(params, this, "options");
        const ssl = typeof this.ssl === "object" ? this.ssl : this.ssl ? { sslmode: this.ssl } : {};
        add(params, ssl, "sslmode");
        add(params, ssl, "sslca");
        add(params, ssl, "sslkey");
        add(params, ssl, "sslcert");
        add(params, ssl, "sslrootcert");
        add(params, this, "sslnegotiation");
        if (this.database) {
          params.push("dbname=" + quoteParamValue(this.database));
        }
        if (this.replication) {
          params.push("replication=" + quoteParamValue(this.replication));
        }
        if (this.host) {
          params.push("host=" + quoteParamValue(this.host));
        }
        if (this.isDomainSocket) {
          return cb(null, params.join(" "));
        }
        if (this.client_encoding) {
          params.push("client_encoding=" + quoteParamValue(this.client_encoding));
        }
        dns.lookup(this.host, function(err, address) {
          if (err) return cb(err, null);
          params.push("hostaddr=" + quoteParamValue(address));
          return cb(null, params.join(" "));
        });
      }
    };
    module.exports = ConnectionParameters;
  }
});

// node_modules/pg/lib/result.js
var require_result = __commonJS({
  "node_modules/pg/lib/result.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    var matchRegexp = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;
    var Result2 = class {
      static {
        __name(this, "Result");
      }
      constructor(rowMode, types3) {
        this.command = null;
        this.rowCount = null;
        this.oid = null;
        this.rows = [];
        this.fields = [];
        this._parsers = void 0;
        this._types = types3;
        this.RowCtor = null;
        this.rowAsArray = rowMode === "array";
        if (this.rowAsArray) {
          this.parseRow = this._parseRowAsArray;
        }
        this._prebuiltEmptyResultObject = null;
      }
      // adds a command complete message
      addCommandComplete(msg) {
        let match;
        if (msg.text) {
          match = matchRegexp.exec(msg.text);
        } else {
          match = matchRegexp.exec(msg.command);
        }
        if (match) {
          this.command = match[1];
          if (match[3]) {
            this.oid = parseInt(match[2], 10);
            this.rowCount = parseInt(match[3], 10);
          } else if (match[2]) {
            this.rowCount = parseInt(match[2], 10);
          }
        }
      }
      _parseRowAsArray(rowData) {
        const row = new Array(rowData.length);
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          if (rawValue !== null) {
            row[i] = this._parsers[i](rawValue);
          } else {
            row[i] = null;
          }
        }
        return row;
      }
      parseRow(rowData) {
        const row = { ...this._prebuiltEmptyResultObject };
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          const field = this.fields[i].name;
          if (rawValue !== null) {
            const v = this.fields[i].format === "binary" ? Buffer.from(rawValue) : rawValue;
            row[field] = this._parsers[i](v);
          } else {
            row[field] = null;
          }
        }
        return row;
      }
      addRow(row) {
        this.rows.push(row);
      }
      addFields(fieldDescriptions) {
        this.fields = fieldDescriptions;
        if (this.fields.length) {
          this._parsers = new Array(fieldDescriptions.length);
        }
        const row = /* @__PURE__ */ Object.create(null);
        for (let i = 0; i < fieldDescriptions.length; i++) {
          const desc = fieldDescriptions[i];
          row[desc.name] = null;
          if (this._types) {
            this._parsers[i] = this._types.getTypeParser(desc.dataTypeID, desc.format || "text");
          } else {
            this._parsers[i] = types2.getTypeParser(desc.dataTypeID, desc.format || "text");
          }
        }
        this._prebuiltEmptyResultObject = { ...row };
      }
    };
    module.exports = Result2;
  }
});

// node_modules/pg/lib/query.js
var require_query = __commonJS({
  "node_modules/pg/lib/query.js"(exports, module) {
    "use strict";
    var { EventEmitter } = __require("events");
    var Result2 = require_result();
    var utils = require_utils();
    var Query2 = class extends EventEmitter {
      static {
        __name(this, "Query");
      }
      constructor(config, values, callback) {
        super();
        config = utils.normalizeQueryConfig(config, values, callback);
        this.text = config.text;
        this.values = config.values;
        this.rows = config.rows;
        this.types = config.types;
        this.name = config.name;
        this.queryMode = config.queryMode;
        this.binary = config.binary;
        this.portal = config.portal || "";
        this.callback = config.callback;
        this._rowMode = config.rowMode;
        if (process.domain && config.callback) {
          this.callback = process.domain.bind(config.callback);
        }
        this._result = new Result2(this._rowMode, this.types);
        this._results = this._result;
        this._canceledDueToError = false;
      }
      requiresPreparation() {
        if (this.queryMode === "extended") {
          return true;
        }
        if (this.name) {
          return true;
        }
        if (this.rows) {
          return true;
        }
        if (!this.text) {
          return false;
        }
        if (!this.values) {
          return false;
        }
        return this.values.length > 0;
      }
      _checkForMultirow() {
        if (this._result.command) {
          if (!Array.isArray(this._results)) {
            this._results = [this._result];
          }
          this._result = new Result2(this._rowMode, this._result._types);
          this._results.push(this._result);
        }
      }
      // associates row metadata from the supplied
      // message with this query object
      // metadata used when parsing row results
      handleRowDescription(msg) {
        this._checkForMultirow();
        this._result.addFields(msg.fields);
        this._accumulateRows = this.callback || !this.listeners("row").length;
      }
      handleDataRow(msg) {
        let row;
        if (this._canceledDueToError) {
          return;
        }
        try {
          row = this._result.parseRow(msg.fields);
        } catch (err) {
          this._canceledDueToError = err;
          return;
        }
        this.emit("row", row, this._result);
        if (this._accumulateRows) {
          this._result.addRow(row);
        }
      }
      handleCommandComplete(msg, connection) {
        this._checkForMultirow();
        this._result.addCommandComplete(msg);
        if (this.rows) {
          connection.sync();
        }
      }
      // if a named prepared statement is created with empty query text
      // the backend will send an emptyQuery message but *not* a command complete message
      // since we pipeline sync immediately after execute we don't need to do anything here
      // unless we have rows specified, in which case we did not pipeline the initial sync call
      handleEmptyQuery(connection) {
        if (this.rows) {
          connection.sync();
        }
      }
      handleError(err, connection) {
        if (this._canceledDueToError) {
          err = this._canceledDueToError;
          this._canceledDueToError = false;
        }
        if (this.callback) {
          return this.callback(err);
        }
        this.emit("error", err);
      }
      handleReadyForQuery(con) {
        if (this._canceledDueToError) {
          return this.handleError(this._canceledDueToError, con);
        }
        if (this.callback) {
          try {
            this.callback(null, this._results);
          } catch (err) {
            process.nextTick(() => {
              throw err;
            });
          }
        }
        this.emit("end", this._results);
      }
      submit(connection) {
        if (typeof this.text !== "string" && typeof this.name !== "string") {
          return new Error("A query must have either text or a name. Supplying neither is unsupported.");
        }
        const previous = connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
        if (this.text && previous && this.text !== previous) {
          return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
        }
        if (this.values && !Array.isArray(this.values)) {
          return new Error("Query values must be an array");
        }
        if (this.requiresPreparation()) {
          connection.stream.cork && connection.stream.cork();
          try {
            this.prepare(connection);
          } finally {
            connection.stream.uncork && connection.stream.uncork();
          }
        } else {
          connection.query(this.text);
        }
        return null;
      }
      hasBeenParsed(connection) {
        return this.name && (connection.parsedStatements[this.name] !== void 0 || connection.submittedNamedStatements[this.name] !== void 0);
      }
      handlePortalSuspended(connection) {
        this._getRows(connection, this.rows);
      }
      _getRows(connection, rows) {
        connection.execute({
          portal: this.portal,
          rows
        });
        if (!rows) {
          connection.sync();
        } else {
          connection.flush();
        }
      }
      // http://developer.postgresql.org/pgdocs/postgres/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
      prepare(connection) {
        if (!this.hasBeenParsed(connection)) {
          connection.parse({
            text: this.text,
            name: this.name,
            types: this.types
          });
          if (this.name) {
            connection.submittedNamedStatements[this.name] = this.text;
          }
        }
        try {
          connection.bind({
            portal: this.portal,
            statement: this.name,
            values: this.values,
            binary: this.binary,
            valueMapper: utils.prepareValue
          });
        } catch (err) {
          connection.close({ type: "S", name: this.name });
          connection.sync();
          this.handleError(err, connection);
          return;
        }
        connection.describe({
          type: "P",
          name: this.portal || ""
        });
        this._getRows(connection, this.rows);
      }
      handleCopyInResponse(connection) {
        connection.sendCopyFail("No source stream defined");
      }
      handleCopyData(msg, connection) {
      }
    };
    module.exports = Query2;
  }
});

// node_modules/pg-protocol/dist/messages.js
var require_messages = __commonJS({
  "node_modules/pg-protocol/dist/messages.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NoticeMessage = exports.DataRowMessage = exports.CommandCompleteMessage = exports.ReadyForQueryMessage = exports.NotificationResponseMessage = exports.BackendKeyDataMessage = exports.AuthenticationMD5Password = exports.ParameterStatusMessage = exports.ParameterDescriptionMessage = exports.RowDescriptionMessage = exports.Field = exports.CopyResponse = exports.CopyDataMessage = exports.DatabaseError = exports.copyDone = exports.emptyQuery = exports.replicationStart = exports.portalSuspended = exports.noData = exports.closeComplete = exports.bindComplete = exports.parseComplete = void 0;
    exports.parseComplete = {
      name: "parseComplete",
      length: 5
    };
    exports.bindComplete = {
      name: "bindComplete",
      length: 5
    };
    exports.closeComplete = {
      name: "closeComplete",
      length: 5
    };
    exports.noData = {
      name: "noData",
      length: 5
    };
    exports.portalSuspended = {
      name: "portalSuspended",
      length: 5
    };
    exports.replicationStart = {
      name: "replicationStart",
      length: 4
    };
    exports.emptyQuery = {
      name: "emptyQuery",
      length: 4
    };
    exports.copyDone = {
      name: "copyDone",
      length: 4
    };
    var DatabaseError2 = class extends Error {
      static {
        __name(this, "DatabaseError");
      }
      constructor(message, length, name) {
        super(message);
        this.length = length;
        this.name = name;
      }
    };
    exports.DatabaseError = DatabaseError2;
    var CopyDataMessage = class {
      static {
        __name(this, "CopyDataMessage");
      }
      constructor(length, chunk) {
        this.length = length;
        this.chunk = chunk;
        this.name = "copyData";
      }
    };
    exports.CopyDataMessage = CopyDataMessage;
    var CopyResponse = class {
      static {
        __name(this, "CopyResponse");
      }
      constructor(length, name, binary, columnCount) {
        this.length = length;
        this.name = name;
        this.binary = binary;
        this.columnTypes = new Array(columnCount);
      }
    };
    exports.CopyResponse = CopyResponse;
    var Field = class {
      static {
        __name(this, "Field");
      }
      constructor(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, format) {
        this.name = name;
        this.tableID = tableID;
        this.columnID = columnID;
        this.dataTypeID = dataTypeID;
        this.dataTypeSize = dataTypeSize;
        this.dataTypeModifier = dataTypeModifier;
        this.format = format;
      }
    };
    exports.Field = Field;
    var RowDescriptionMessage = class {
      static {
        __name(this, "RowDescriptionMessage");
      }
      constructor(length, fieldCount) {
        this.length = length;
        this.fieldCount = fieldCount;
        this.name = "rowDescription";
        this.fields = new Array(this.fieldCount);
      }
    };
    exports.RowDescriptionMessage = RowDescriptionMessage;
    var ParameterDescriptionMessage = class {
      static {
        __name(this, "ParameterDescriptionMessage");
      }
      constructor(length, parameterCount) {
        this.length = length;
        this.parameterCount = parameterCount;
        this.name = "parameterDescription";
        this.dataTypeIDs = new Array(this.parameterCount);
      }
    };
    exports.ParameterDescriptionMessage = ParameterDescriptionMessage;
    var ParameterStatusMessage = class {
      static {
        __name(this, "ParameterStatusMessage");
      }
      constructor(length, parameterName, parameterValue) {
        this.length = length;
        this.parameterName = parameterName;
        this.parameterValue = parameterValue;
        this.name = "parameterStatus";
      }
    };
    exports.ParameterStatusMessage = ParameterStatusMessage;
    var AuthenticationMD5Password = class {
      static {
        __name(this, "AuthenticationMD5Password");
      }
      constructor(length, salt) {
        this.length = length;
        this.salt = salt;
        this.name = "authenticationMD5Password";
      }
    };
    exports.AuthenticationMD5Password = AuthenticationMD5Password;
    var BackendKeyDataMessage = class {
      static {
        __name(this, "BackendKeyDataMessage");
      }
      constructor(length, processID, secretKey) {
        this.length = length;
        this.processID = processID;
        this.secretKey = secretKey;
        this.name = "backendKeyData";
      }
    };
    exports.BackendKeyDataMessage = BackendKeyDataMessage;
    var NotificationResponseMessage = class {
      static {
        __name(this, "NotificationResponseMessage");
      }
      constructor(length, processId, channel, payload) {
        this.length = length;
        this.processId = processId;
        this.channel = channel;
        this.payload = payload;
        this.name = "notification";
      }
    };
    exports.NotificationResponseMessage = NotificationResponseMessage;
    var ReadyForQueryMessage = class {
      static {
        __name(this, "ReadyForQueryMessage");
      }
      constructor(length, status) {
        this.length = length;
        this.status = status;
        this.name = "readyForQuery";
      }
    };
    exports.ReadyForQueryMessage = ReadyForQueryMessage;
    var CommandCompleteMessage = class {
      static {
        __name(this, "CommandCompleteMessage");
      }
      constructor(length, text3) {
        this.length = length;
        this.text = text3;
        this.name = "commandComplete";
      }
    };
    exports.CommandCompleteMessage = CommandCompleteMessage;
    var DataRowMessage = class {
      static {
        __name(this, "DataRowMessage");
      }
      constructor(length, fields) {
        this.length = length;
        this.fields = fields;
        this.name = "dataRow";
        this.fieldCount = fields.length;
      }
    };
    exports.DataRowMessage = DataRowMessage;
    var NoticeMessage = class {
      static {
        __name(this, "NoticeMessage");
      }
      constructor(length, message) {
        this.length = length;
        this.message = message;
        this.name = "notice";
      }
    };
    exports.NoticeMessage = NoticeMessage;
  }
});

// node_modules/pg-protocol/dist/buffer-writer.js
var require_buffer_writer = __commonJS({
  "node_modules/pg-protocol/dist/buffer-writer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Writer = void 0;
    var Writer = class {
      static {
        __name(this, "Writer");
      }
      constructor(size = 256) {
        this.size = size;
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(size);
      }
      ensure(size) {
        const remaining = this.buffer.length - this.offset;
        if (remaining < size) {
          const oldBuffer = this.buffer;
          const newSize = oldBuffer.length + (oldBuffer.length >> 1) + size;
          this.buffer = Buffer.allocUnsafe(newSize);
          oldBuffer.copy(this.buffer, 0, 0, this.offset);
        }
      }
      addInt32(num2) {
        this.ensure(4);
        this.buffer[this.offset++] = num2 >>> 24 & 255;
        this.buffer[this.offset++] = num2 >>> 16 & 255;
        this.buffer[this.offset++] = num2 >>> 8 & 255;
        this.buffer[this.offset++] = num2 >>> 0 & 255;
        return this;
      }
      addInt16(num2) {
        this.ensure(2);
        this.buffer[this.offset++] = num2 >>> 8 & 255;
        this.buffer[this.offset++] = num2 >>> 0 & 255;
        return this;
      }
      addCString(string) {
        if (!string) {
          this.ensure(1);
        } else {
          const len = Buffer.byteLength(string);
          this.ensure(len + 1);
          this.buffer.write(string, this.offset, "utf-8");
          this.offset += len;
        }
        this.buffer[this.offset++] = 0;
        return this;
      }
      addString(string = "") {
        const len = Buffer.byteLength(string);
        this.ensure(len);
        this.buffer.write(string, this.offset);
        this.offset += len;
        return this;
      }
      // Write an Int32 byte-length prefix immediately followed by the string's UTF-8
      // bytes. Postgres' Bind wire format prefixes every parameter with its length,
      // and doing it in one method computes Buffer.byteLength ONCE — the previous
      // `addInt32(Buffer.byteLength(s)).addString(s)` pairing scanned the string
      // three times (byteLength for the prefix, byteLength again inside addString,
      // then the encode), which is costly for large text parameters.
      addInt32PrefixedString(string) {
        const len = Buffer.byteLength(string);
        this.ensure(4 + len);
        const buffer = this.buffer;
        let offset = this.offset;
        buffer[offset++] = len >>> 24 & 255;
        buffer[offset++] = len >>> 16 & 255;
        buffer[offset++] = len >>> 8 & 255;
        buffer[offset++] = len >>> 0 & 255;
        buffer.write(string, offset, "utf-8");
        this.offset = offset + len;
        return this;
      }
      add(otherBuffer) {
        this.ensure(otherBuffer.length);
        otherBuffer.copy(this.buffer, this.offset);
        this.offset += otherBuffer.length;
        return this;
      }
      /**
       * Appends an uninitialized block of {@link size} bytes to the buffer and returns its offset.
       */
      reserveUnsafe(size) {
        const offset = this.offset;
        this.ensure(size);
        this.offset += size;
        return offset;
      }
      join(code) {
        if (code) {
          this.buffer[this.headerPosition] = code;
          const length = this.offset - (this.headerPosition + 1);
          this.buffer.writeInt32BE(length, this.headerPosition + 1);
        }
        return this.buffer.slice(code ? 0 : 5, this.offset);
      }
      flush(code) {
        const result = this.join(code);
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(this.size);
        return result;
      }
      clear() {
        this.offset = 5;
        this.headerPosition = 0;
      }
    };
    exports.Writer = Writer;
  }
});

// node_modules/pg-protocol/dist/serializer.js
var require_serializer = __commonJS({
  "node_modules/pg-protocol/dist/serializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serialize = void 0;
    var buffer_writer_1 = require_buffer_writer();
    var writer = new buffer_writer_1.Writer();
    var startup = /* @__PURE__ */ __name((opts) => {
      writer.addInt16(3).addInt16(0);
      for (const key of Object.keys(opts)) {
        writer.addCString(key).addCString(opts[key]);
      }
      writer.addCString("client_encoding").addCString("UTF8");
      const bodyBuffer = writer.addCString("").flush();
      const length = bodyBuffer.length + 4;
      return new buffer_writer_1.Writer().addInt32(length).add(bodyBuffer).flush();
    }, "startup");
    var requestSsl = /* @__PURE__ */ __name(() => {
      const response = Buffer.allocUnsafe(8);
      response.writeInt32BE(8, 0);
      response.writeInt32BE(80877103, 4);
      return response;
    }, "requestSsl");
    var password = /* @__PURE__ */ __name((password2) => {
      return writer.addCString(password2).flush(
        112
        /* code.startup */
      );
    }, "password");
    var sendSASLInitialResponseMessage = /* @__PURE__ */ __name(function(mechanism, initialResponse) {
      writer.addCString(mechanism).addInt32PrefixedString(initialResponse);
      return writer.flush(
        112
        /* code.startup */
      );
    }, "sendSASLInitialResponseMessage");
    var sendSCRAMClientFinalMessage = /* @__PURE__ */ __name(function(additionalData) {
      return writer.addString(additionalData).flush(
        112
        /* code.startup */
      );
    }, "sendSCRAMClientFinalMessage");
    var query = /* @__PURE__ */ __name((text3) => {
      return writer.addCString(text3).flush(
        81
        /* code.query */
      );
    }, "query");
    var emptyArray = [];
    var parse = /* @__PURE__ */ __name((query2) => {
      const name = query2.name || "";
      if (name.length > 63) {
        console.error("Warning! Postgres only supports 63 characters for query names.");
        console.error("You supplied %s (%s)", name, name.length);
        console.error("This can cause conflicts and silent errors executing queries");
      }
      const types2 = query2.types || emptyArray;
      const len = types2.length;
      const buffer = writer.addCString(name).addCString(query2.text).addInt16(len);
      for (let i = 0; i < len; i++) {
        buffer.addInt32(types2[i]);
      }
      return writer.flush(
        80
        /* code.parse */
      );
    }, "parse");
    var writeValues = /* @__PURE__ */ __name(function(values, valueMapper, formatsOffset) {
      const len = values.length;
      for (let i = 0; i < len; i++) {
        const mappedVal = valueMapper ? valueMapper(values[i], i) : values[i];
        let formatByte = 0;
        if (mappedVal == null) {
          writer.addInt32(-1);
        } else if (mappedVal instanceof Buffer) {
          formatByte = 1;
          writer.addInt32(mappedVal.length);
          writer.add(mappedVal);
        } else {
          writer.addInt32PrefixedString(mappedVal);
        }
        const buf = writer.buffer;
        buf[formatsOffset++] = 0;
        buf[formatsOffset++] = formatByte;
      }
    }, "writeValues");
    var bind = /* @__PURE__ */ __name((config = {}) => {
      const portal = config.portal || "";
      const statement = config.statement || "";
      const binary = config.binary || false;
      const values = config.values || emptyArray;
      const len = values.length;
      writer.addCString(portal).addCString(statement);
      writer.addInt16(len);
      const formatsOffset = writer.reserveUnsafe(len * 2);
      writer.addInt16(len);
      try {
        writeValues(values, config.valueMapper, formatsOffset);
      } catch (err) {
        writer.clear();
        throw err;
      }
      writer.addInt16(1);
      writer.addInt16(
        binary ? 1 : 0
        /* ParamType.STRING */
      );
      return writer.flush(
        66
        /* code.bind */
      );
    }, "bind");
    var emptyExecute = Buffer.from([69, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
    var execute = /* @__PURE__ */ __name((config) => {
      if (!config || !config.portal && !config.rows) {
        return emptyExecute;
      }
      const portal = config.portal || "";
      const rows = config.rows || 0;
      const portalLength = Buffer.byteLength(portal);
      const len = 4 + portalLength + 1 + 4;
      const buff = Buffer.allocUnsafe(1 + len);
      buff[0] = 69;
      buff.writeInt32BE(len, 1);
      buff.write(portal, 5, "utf-8");
      buff[portalLength + 5] = 0;
      buff.writeUInt32BE(rows, buff.length - 4);
      return buff;
    }, "execute");
    var cancel = /* @__PURE__ */ __name((processID, secretKey) => {
      const buffer = Buffer.allocUnsafe(16);
      buffer.writeInt32BE(16, 0);
      buffer.writeInt16BE(1234, 4);
      buffer.writeInt16BE(5678, 6);
      buffer.writeInt32BE(processID, 8);
      buffer.writeInt32BE(secretKey, 12);
      return buffer;
    }, "cancel");
    var cstringMessage = /* @__PURE__ */ __name((code, string) => {
      const stringLen = Buffer.byteLength(string);
      const len = 4 + stringLen + 1;
      const buffer = Buffer.allocUnsafe(1 + len);
      buffer[0] = code;
      buffer.writeInt32BE(len, 1);
      buffer.write(string, 5, "utf-8");
      buffer[len] = 0;
      return buffer;
    }, "cstringMessage");
    var emptyDescribePortal = writer.addCString("P").flush(
      68
      /* code.describe */
    );
    var emptyDescribeStatement = writer.addCString("S").flush(
      68
      /* code.describe */
    );
    var describe = /* @__PURE__ */ __name((msg) => {
      return msg.name ? cstringMessage(68, `${msg.type}${msg.name || ""}`) : msg.type === "P" ? emptyDescribePortal : emptyDescribeStatement;
    }, "describe");
    var close = /* @__PURE__ */ __name((msg) => {
      const text3 = `${msg.type}${msg.name || ""}`;
      return cstringMessage(67, text3);
    }, "close");
    var copyData = /* @__PURE__ */ __name((chunk) => {
      return writer.add(chunk).flush(
        100
        /* code.copyFromChunk */
      );
    }, "copyData");
    var copyFail = /* @__PURE__ */ __name((message) => {
      return cstringMessage(102, message);
    }, "copyFail");
    var codeOnlyBuffer = /* @__PURE__ */ __name((code) => Buffer.from([code, 0, 0, 0, 4]), "codeOnlyBuffer");
    var flushBuffer = codeOnlyBuffer(
      72
      /* code.flush */
    );
    var syncBuffer = codeOnlyBuffer(
      83
      /* code.sync */
    );
    var endBuffer = codeOnlyBuffer(
      88
      /* code.end */
    );
    var copyDoneBuffer = codeOnlyBuffer(
      99
      /* code.copyDone */
    );
    var serialize = {
      startup,
      password,
      requestSsl,
      sendSASLInitialResponseMessage,
      sendSCRAMClientFinalMessage,
      query,
      parse,
      bind,
      execute,
      describe,
      close,
      flush: /* @__PURE__ */ __name(() => flushBuffer, "flush"),
      sync: /* @__PURE__ */ __name(() => syncBuffer, "sync"),
      end: /* @__PURE__ */ __name(() => endBuffer, "end"),
      copyData,
      copyDone: /* @__PURE__ */ __name(() => copyDoneBuffer, "copyDone"),
      copyFail,
      cancel
    };
    exports.serialize = serialize;
  }
});

// node_modules/pg-protocol/dist/buffer-reader.js
var require_buffer_reader = __commonJS({
  "node_modules/pg-protocol/dist/buffer-reader.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BufferReader = void 0;
    var BufferReader = class {
      static {
        __name(this, "BufferReader");
      }
      constructor(offset = 0) {
        this.offset = offset;
        this.buffer = Buffer.allocUnsafe(0);
        this.encoding = "utf-8";
      }
      setBuffer(offset, buffer) {
        this.offset = offset;
        this.buffer = buffer;
      }
      int16() {
        const result = this.buffer.readInt16BE(this.offset);
        this.offset += 2;
        return result;
      }
      byte() {
        const result = this.buffer[this.offset];
        this.offset++;
        return result;
      }
      int32() {
        const result = this.buffer.readInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      uint32() {
        const result = this.buffer.readUInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      string(length) {
        const result = this.buffer.toString(this.encoding, this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
      cstring() {
        const start = this.offset;
        let end = start;
        while (this.buffer[end++]) {
        }
        this.offset = end;
        return this.buffer.toString(this.encoding, start, end - 1);
      }
      bytes(length) {
        const result = this.buffer.slice(this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
    };
    exports.BufferReader = BufferReader;
  }
});

// node_modules/pg-protocol/dist/parser.js
var require_parser = __commonJS({
  "node_modules/pg-protocol/dist/parser.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Parser = void 0;
    var messages_1 = require_messages();
    var buffer_reader_1 = require_buffer_reader();
    var CODE_LENGTH = 1;
    var LEN_LENGTH = 4;
    var HEADER_LENGTH = CODE_LENGTH + LEN_LENGTH;
    var LATEINIT_LENGTH = -1;
    var emptyBuffer = Buffer.allocUnsafe(0);
    var Parser = class {
      static {
        __name(this, "Parser");
      }
      constructor(opts) {
        this.buffer = emptyBuffer;
        this.bufferLength = 0;
        this.bufferOffset = 0;
        this.reader = new buffer_reader_1.BufferReader();
        if ((opts === null || opts === void 0 ? void 0 : opts.mode) === "binary") {
          throw new Error("Binary mode not supported yet");
        }
        this.mode = (opts === null || opts === void 0 ? void 0 : opts.mode) || "text";
      }
      parse(buffer, callback) {
        this.mergeBuffer(buffer);
        const bufferFullLength = this.bufferOffset + this.bufferLength;
        let offset = this.bufferOffset;
        while (offset + HEADER_LENGTH <= bufferFullLength) {
          const code = this.buffer[offset];
          const length = this.buffer.readUInt32BE(offset + CODE_LENGTH);
          const fullMessageLength = CODE_LENGTH + length;
          if (fullMessageLength + offset <= bufferFullLength) {
            const message = this.handlePacket(offset + HEADER_LENGTH, code, length, this.buffer);
            callback(message);
            offset += fullMessageLength;
          } else {
            break;
          }
        }
        if (offset === bufferFullLength) {
          this.buffer = emptyBuffer;
          this.bufferLength = 0;
          this.bufferOffset = 0;
        } else {
          this.bufferLength = bufferFullLength - offset;
          this.bufferOffset = offset;
        }
      }
      mergeBuffer(buffer) {
        if (this.bufferLength > 0) {
          const newLength = this.bufferLength + buffer.byteLength;
          const newFullLength = newLength + this.bufferOffset;
          if (newFullLength > this.buffer.byteLength) {
            let newBuffer;
            if (newLength <= this.buffer.byteLength && this.bufferOffset >= this.bufferLength) {
              newBuffer = this.buffer;
            } else {
              let newBufferLength = this.buffer.byteLength * 2;
              while (newLength >= newBufferLength) {
                newBufferLength *= 2;
              }
              newBuffer = Buffer.allocUnsafe(newBufferLength);
            }
            this.buffer.copy(newBuffer, 0, this.bufferOffset, this.bufferOffset + this.bufferLength);
            this.buffer = newBuffer;
            this.bufferOffset = 0;
          }
          buffer.copy(this.buffer, this.bufferOffset + this.bufferLength);
          this.bufferLength = newLength;
        } else {
          this.buffer = buffer;
          this.bufferOffset = 0;
          this.bufferLength = buffer.byteLength;
        }
      }
      handlePacket(offset, code, length, bytes) {
        const { reader } = this;
        reader.setBuffer(offset, bytes);
        let message;
        switch (code) {
          case 50:
            message = messages_1.bindComplete;
            break;
          case 49:
            message = messages_1.parseComplete;
            break;
          case 51:
            message = messages_1.closeComplete;
            break;
          case 110:
            message = messages_1.noData;
            break;
          case 115:
            message = messages_1.portalSuspended;
            break;
          case 99:
            message = messages_1.copyDone;
            break;
          case 87:
            message = messages_1.replicationStart;
            break;
          case 73:
            message = messages_1.emptyQuery;
            break;
          case 68:
            message = parseDataRowMessage(reader);
            break;
          case 67:
            message = parseCommandCompleteMessage(reader);
            break;
          case 90:
            message = parseReadyForQueryMessage(reader);
            break;
          case 65:
            message = parseNotificationMessage(reader);
            break;
          case 82:
            message = parseAuthenticationResponse(reader, length);
            break;
          case 83:
            message = parseParameterStatusMessage(reader);
            break;
          case 75:
            message = parseBackendKeyData(reader);
            break;
          case 69:
            message = parseErrorMessage(reader, "error");
            break;
          case 78:
            message = parseErrorMessage(reader, "notice");
            break;
          case 84:
            message = parseRowDescriptionMessage(reader);
            break;
          case 116:
            message = parseParameterDescriptionMessage(reader);
            break;
          case 71:
            message = parseCopyInMessage(reader);
            break;
          case 72:
            message = parseCopyOutMessage(reader);
            break;
          case 100:
            message = parseCopyData(reader, length);
            break;
          default:
            return new messages_1.DatabaseError("received invalid response: " + code.toString(16), length, "error");
        }
        reader.setBuffer(0, emptyBuffer);
        message.length = length;
        return message;
      }
    };
    exports.Parser = Parser;
    var parseReadyForQueryMessage = /* @__PURE__ */ __name((reader) => {
      const status = reader.string(1);
      return new messages_1.ReadyForQueryMessage(LATEINIT_LENGTH, status);
    }, "parseReadyForQueryMessage");
    var parseCommandCompleteMessage = /* @__PURE__ */ __name((reader) => {
      const text3 = reader.cstring();
      return new messages_1.CommandCompleteMessage(LATEINIT_LENGTH, text3);
    }, "parseCommandCompleteMessage");
    var parseCopyData = /* @__PURE__ */ __name((reader, length) => {
      const chunk = reader.bytes(length - 4);
      return new messages_1.CopyDataMessage(LATEINIT_LENGTH, chunk);
    }, "parseCopyData");
    var parseCopyInMessage = /* @__PURE__ */ __name((reader) => parseCopyMessage(reader, "copyInResponse"), "parseCopyInMessage");
    var parseCopyOutMessage = /* @__PURE__ */ __name((reader) => parseCopyMessage(reader, "copyOutResponse"), "parseCopyOutMessage");
    var parseCopyMessage = /* @__PURE__ */ __name((reader, messageName) => {
      const isBinary = reader.byte() !== 0;
      const columnCount = reader.int16();
      const message = new messages_1.CopyResponse(LATEINIT_LENGTH, messageName, isBinary, columnCount);
      for (let i = 0; i < columnCount; i++) {
        message.columnTypes[i] = reader.int16();
      }
      return message;
    }, "parseCopyMessage");
    var parseNotificationMessage = /* @__PURE__ */ __name((reader) => {
      const processId = reader.int32();
      const channel = reader.cstring();
      const payload = reader.cstring();
      return new messages_1.NotificationResponseMessage(LATEINIT_LENGTH, processId, channel, payload);
    }, "parseNotificationMessage");
    var parseRowDescriptionMessage = /* @__PURE__ */ __name((reader) => {
      const fieldCount = reader.int16();
      const message = new messages_1.RowDescriptionMessage(LATEINIT_LENGTH, fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        message.fields[i] = parseField(reader);
      }
      return message;
    }, "parseRowDescriptionMessage");
    var parseField = /* @__PURE__ */ __name((reader) => {
      const name = reader.cstring();
      const tableID = reader.uint32();
      const columnID = reader.int16();
      const dataTypeID = reader.uint32();
      const dataTypeSize = reader.int16();
      const dataTypeModifier = reader.int32();
      const mode = reader.int16() === 0 ? "text" : "binary";
      return new messages_1.Field(name, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, mode);
    }, "parseField");
    var parseParameterDescriptionMessage = /* @__PURE__ */ __name((reader) => {
      const parameterCount = reader.int16();
      const message = new messages_1.ParameterDescriptionMessage(LATEINIT_LENGTH, parameterCount);
      for (let i = 0; i < parameterCount; i++) {
        message.dataTypeIDs[i] = reader.uint32();
      }
      return message;
    }, "parseParameterDescriptionMessage");
    var parseDataRowMessage = /* @__PURE__ */ __name((reader) => {
      const fieldCount = reader.int16();
      const fields = new Array(fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        const len = reader.int32();
        fields[i] = len === -1 ? null : reader.string(len);
      }
      return new messages_1.DataRowMessage(LATEINIT_LENGTH, fields);
    }, "parseDataRowMessage");
    var parseParameterStatusMessage = /* @__PURE__ */ __name((reader) => {
      const name = reader.cstring();
      const value = reader.cstring();
      return new messages_1.ParameterStatusMessage(LATEINIT_LENGTH, name, value);
    }, "parseParameterStatusMessage");
    var parseBackendKeyData = /* @__PURE__ */ __name((reader) => {
      const processID = reader.int32();
      const secretKey = reader.int32();
      return new messages_1.BackendKeyDataMessage(LATEINIT_LENGTH, processID, secretKey);
    }, "parseBackendKeyData");
    var parseAuthenticationResponse = /* @__PURE__ */ __name((reader, length) => {
      const code = reader.int32();
      const message = {
        name: "authenticationOk",
        length
      };
      switch (code) {
        case 0:
          break;
        case 3:
          if (message.length === 8) {
            message.name = "authenticationCleartextPassword";
          }
          break;
        case 5:
          if (message.length === 12) {
            message.name = "authenticationMD5Password";
            const salt = reader.bytes(4);
            return new messages_1.AuthenticationMD5Password(LATEINIT_LENGTH, salt);
          }
          break;
        case 10:
          {
            message.name = "authenticationSASL";
            message.mechanisms = [];
            let mechanism;
            do {
              mechanism = reader.cstring();
              if (mechanism) {
                message.mechanisms.push(mechanism);
              }
            } while (mechanism);
          }
          break;
        case 11:
          message.name = "authenticationSASLContinue";
          message.data = reader.string(length - 8);
          break;
        case 12:
          message.name = "authenticationSASLFinal";
          message.data = reader.string(length - 8);
          break;
        default:
          throw new Error("Unknown authenticationOk message type " + code);
      }
      return message;
    }, "parseAuthenticationResponse");
    var parseErrorMessage = /* @__PURE__ */ __name((reader, name) => {
      const fields = {};
      let fieldType = reader.string(1);
      while (fieldType !== "\0") {
        fields[fieldType] = reader.cstring();
        fieldType = reader.string(1);
      }
      const messageValue = fields.M;
      const message = name === "notice" ? new messages_1.NoticeMessage(LATEINIT_LENGTH, messageValue) : new messages_1.DatabaseError(messageValue, LATEINIT_LENGTH, name);
      message.severity = fields.S;
      message.code = fields.C;
      message.detail = fields.D;
      message.hint = fields.H;
      message.position = fields.P;
      message.internalPosition = fields.p;
      message.internalQuery = fields.q;
      message.where = fields.W;
      message.schema = fields.s;
      message.table = fields.t;
      message.column = fields.c;
      message.dataType = fields.d;
      message.constraint = fields.n;
      message.file = fields.F;
      message.line = fields.L;
      message.routine = fields.R;
      return message;
    }, "parseErrorMessage");
  }
});

// node_modules/pg-protocol/dist/index.js
var require_dist = __commonJS({
  "node_modules/pg-protocol/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DatabaseError = exports.serialize = void 0;
    exports.parse = parse;
    var messages_1 = require_messages();
    Object.defineProperty(exports, "DatabaseError", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return messages_1.DatabaseError;
    }, "get") });
    var serializer_1 = require_serializer();
    Object.defineProperty(exports, "serialize", { enumerable: true, get: /* @__PURE__ */ __name(function() {
      return serializer_1.serialize;
    }, "get") });
    var parser_1 = require_parser();
    function parse(stream, callback) {
      const parser = new parser_1.Parser();
      stream.on("data", (buffer) => parser.parse(buffer, callback));
      return new Promise((resolve) => stream.on("end", () => resolve()));
    }
    __name(parse, "parse");
  }
});

// node_modules/pg-cloudflare/dist/empty.js
var require_empty = __commonJS({
  "node_modules/pg-cloudflare/dist/empty.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = {};
  }
});

// node_modules/pg/lib/stream.js
var require_stream = __commonJS({
  "node_modules/pg/lib/stream.js"(exports, module) {
    var { getStream, getSecureStream } = getStreamFuncs();
    module.exports = {
      /**
       * Get a socket stream compatible with the current runtime environment.
       * @returns {Duplex}
       */
      getStream,
      /**
       * Get a TLS secured socket, compatible with the current environment,
       * using the socket and other settings given in `options`.
       * @returns {Duplex}
       */
      getSecureStream
    };
    function getNodejsStreamFuncs() {
      function getStream2(ssl) {
        const net = __require("net");
        return new net.Socket();
      }
      __name(getStream2, "getStream");
      function getSecureStream2(options) {
        const tls = __require("tls");
        return tls.connect(options);
      }
      __name(getSecureStream2, "getSecureStream");
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    __name(getNodejsStreamFuncs, "getNodejsStreamFuncs");
    function getCloudflareStreamFuncs() {
      function getStream2(ssl) {
        const { CloudflareSocket } = require_empty();
        return new CloudflareSocket(ssl);
      }
      __name(getStream2, "getStream");
      function getSecureStream2(options) {
        options.socket.startTls(options);
        return options.socket;
      }
      __name(getSecureStream2, "getSecureStream");
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    __name(getCloudflareStreamFuncs, "getCloudflareStreamFuncs");
    function isCloudflareRuntime() {
      return false;
      if (typeof navigator === "object" && navigator !== null && typeof navigator.userAgent === "string") {
        return navigator.userAgent === "Cloudflare-Workers";
      }
      if (typeof Response === "function") {
        const resp = new Response(null, { cf: { thing: true } });
        if (typeof resp.cf === "object" && resp.cf !== null && resp.cf.thing) {
          return true;
        }
      }
      return false;
    }
    __name(isCloudflareRuntime, "isCloudflareRuntime");
    function getStreamFuncs() {
      if (isCloudflareRuntime()) {
        return getCloudflareStreamFuncs();
      }
      return getNodejsStreamFuncs();
    }
    __name(getStreamFuncs, "getStreamFuncs");
  }
});

// node_modules/pg/lib/connection.js
var require_connection = __commonJS({
  "node_modules/pg/lib/connection.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var { parse, serialize } = require_dist();
    var stream = require_stream();
    var { getStream } = stream;
    var flushBuffer = serialize.flush();
    var syncBuffer = serialize.sync();
    var endBuffer = serialize.end();
    var Connection2 = class extends EventEmitter {
      static {
        __name(this, "Connection");
      }
      constructor(config) {
        super();
        config = config || {};
        this.stream = config.stream || getStream(config.ssl);
        if (typeof this.stream === "function") {
          this.stream = this.stream(config);
        }
        this._keepAlive = config.keepAlive;
        this._keepAliveInitialDelayMillis = config.keepAliveInitialDelayMillis;
        this.parsedStatements = {};
        this.submittedNamedStatements = {};
        this.ssl = config.ssl || false;
        this.sslNegotiation = config.sslNegotiation || "postgres";
        this._ending = false;
        this._emitMessage = false;
        const self2 = this;
        this.on("newListener", function(eventName) {
          if (eventName === "message") {
            self2._emitMessage = true;
          }
        });
      }
      connect(port, host) {
        const self2 = this;
        this._connecting = true;
        this.stream.setNoDelay(true);
        this.stream.connect(port, host);
        this.stream.once("connect", function() {
          if (self2._keepAlive) {
            self2.stream.setKeepAlive(true, self2._keepAliveInitialDelayMillis);
          }
          self2.emit("connect");
        });
        const reportStreamError = /* @__PURE__ */ __name(function(error) {
          if (self2._ending && (error.code === "ECONNRESET" || error.code === "EPIPE")) {
            return;
          }
          self2.emit("error", error);
        }, "reportStreamError");
        this.stream.on("error", reportStreamError);
        this.stream.on("close", function() {
          self2.emit("end");
        });
        if (!this.ssl) {
          return this.attachListeners(this.stream);
        }
        if (this.sslNegotiation === "direct") {
          return this.stream.once("connect", function() {
            self2.upgradeToSSL(host, reportStreamError);
          });
        }
        this.stream.once("data", function(buffer) {
          const responseCode = buffer.toString("utf8");
          switch (responseCode) {
            case "S":
              break;
            case "N":
              self2.stream.end();
              return self2.emit("error", new Error("The server does not support SSL connections"));
            default:
              self2.stream.end();
              return self2.emit("error", new Error("There was an error establishing an SSL connection"));
          }
          self2.upgradeToSSL(host, reportStreamError);
        });
      }
      upgradeToSSL(host, reportStreamError) {
        const self2 = this;
        const options = {
          socket: self2.stream,
          // tls.connect checks the server identity against `servername`, falling
          // back to `host` and then to 'localhost'. `servername` must stay unset
          // for IP addresses (see below), so `host` is needed to keep certificate
          // validation working when connecting to an IP address.
          host
        };
        if (self2.ssl !== true) {
          Object.assign(options, self2.ssl);
          if ("key" in self2.ssl) {
            options.key = self2.ssl.key;
          }
        }
        if (self2.sslNegotiation === "direct") {
          options.ALPNProtocols = ["postgresql"];
        }
        const net = __require("net");
        if (net.isIP && net.isIP(host) === 0) {
          options.servername = host;
        }
        try {
          self2.stream = stream.getSecureStream(options);
        } catch (err) {
          return self2.emit("error", err);
        }
        self2.attachListeners(self2.stream);
        self2.stream.on("error", reportStreamError);
        self2.emit("sslconnect");
      }
      attachListeners(stream2) {
        parse(stream2, (msg) => {
          const eventName = msg.name === "error" ? "errorMessage" : msg.name;
          if (this._emitMessage) {
            this.emit("message", msg);
          }
          this.emit(eventName, msg);
        });
      }
      requestSsl() {
        this.stream.write(serialize.requestSsl());
      }
      startup(config) {
        this.stream.write(serialize.startup(config));
      }
      cancel(processID, secretKey) {
        this._send(serialize.cancel(processID, secretKey));
      }
      password(password) {
        this._send(serialize.password(password));
      }
      sendSASLInitialResponseMessage(mechanism, initialResponse) {
        this._send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
      }
      sendSCRAMClientFinalMessage(additionalData) {
        this._send(serialize.sendSCRAMClientFinalMessage(additionalData));
      }
      _send(buffer) {
        if (!this.stream.writable) {
          return false;
        }
        return this.stream.write(buffer);
      }
      query(text3) {
        this._send(serialize.query(text3));
      }
      // send parse message
      parse(query) {
        this._send(serialize.parse(query));
      }
      // send bind message
      bind(config) {
        this._send(serialize.bind(config));
      }
      // send execute message
      execute(config) {
        this._send(serialize.execute(config));
      }
      flush() {
        if (this.stream.writable) {
          this.stream.write(flushBuffer);
        }
      }
      sync() {
        this._send(syncBuffer);
      }
      ref() {
        this.stream.ref();
      }
      unref() {
        this.stream.unref();
      }
      end() {
        this._ending = true;
        if (!this._connecting || !this.stream.writable) {
          this.stream.end();
          return;
        }
        return this.stream.write(endBuffer, () => {
          this.stream.end();
        });
      }
      close(msg) {
        this._send(serialize.close(msg));
      }
      describe(msg) {
        this._send(serialize.describe(msg));
      }
      sendCopyFromChunk(chunk) {
        this._send(serialize.copyData(chunk));
      }
      endCopyFrom() {
        this._send(serialize.copyDone());
      }
      sendCopyFail(msg) {
        this._send(serialize.copyFail(msg));
      }
    };
    module.exports = Connection2;
  }
});

// node_modules/split2/index.js
var require_split2 = __commonJS({
  "node_modules/split2/index.js"(exports, module) {
    "use strict";
    var { Transform } = __require("stream");
    var { StringDecoder } = __require("string_decoder");
    var kLast = /* @__PURE__ */ Symbol("last");
    var kDecoder = /* @__PURE__ */ Symbol("decoder");
    function transform(chunk, enc, cb) {
      let list2;
      if (this.overflow) {
        const buf = this[kDecoder].write(chunk);
        list2 = buf.split(this.matcher);
        if (list2.length === 1) return cb();
        list2.shift();
        this.overflow = false;
      } else {
        this[kLast] += this[kDecoder].write(chunk);
        list2 = this[kLast].split(this.matcher);
      }
      this[kLast] = list2.pop();
      for (let i = 0; i < list2.length; i++) {
        try {
          push(this, this.mapper(list2[i]));
        } catch (error) {
          return cb(error);
        }
      }
      this.overflow = this[kLast].length > this.maxLength;
      if (this.overflow && !this.skipOverflow) {
        cb(new Error("maximum buffer reached"));
        return;
      }
      cb();
    }
    __name(transform, "transform");
    function flush(cb) {
      this[kLast] += this[kDecoder].end();
      if (this[kLast]) {
        try {
          push(this, this.mapper(this[kLast]));
        } catch (error) {
          return cb(error);
        }
      }
      cb();
    }
    __name(flush, "flush");
    function push(self2, val) {
      if (val !== void 0) {
        self2.push(val);
      }
    }
    __name(push, "push");
    function noop(incoming) {
      return incoming;
    }
    __name(noop, "noop");
    function split(matcher, mapper, options) {
      matcher = matcher || /\r?\n/;
      mapper = mapper || noop;
      options = options || {};
      switch (arguments.length) {
        case 1:
          if (typeof matcher === "function") {
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof matcher === "object" && !(matcher instanceof RegExp) && !matcher[Symbol.split]) {
            options = matcher;
            matcher = /\r?\n/;
          }
          break;
        case 2:
          if (typeof matcher === "function") {
            options = mapper;
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof mapper === "object") {
            options = mapper;
            mapper = noop;
          }
      }
      options = Object.assign({}, options);
      options.autoDestroy = true;
      options.transform = transform;
      options.flush = flush;
      options.readableObjectMode = true;
      const stream = new Transform(options);
      stream[kLast] = "";
      stream[kDecoder] = new StringDecoder("utf8");
      stream.matcher = matcher;
      stream.mapper = mapper;
      stream.maxLength = options.maxLength;
      stream.skipOverflow = options.skipOverflow || false;
      stream.overflow = false;
      stream._destroy = function(err, cb) {
        this._writableState.errorEmitted = false;
        cb(err);
      };
      return stream;
    }
    __name(split, "split");
    module.exports = split;
  }
});

// node_modules/pgpass/lib/helper.js
var require_helper = __commonJS({
  "node_modules/pgpass/lib/helper.js"(exports, module) {
    "use strict";
    var path2 = __require("path");
    var Stream = __require("stream").Stream;
    var split = require_split2();
    var util = __require("util");
    var defaultPort = 5432;
    var isWin = process.platform === "win32";
    var warnStream = process.stderr;
    var S_IRWXG = 56;
    var S_IRWXO = 7;
    var S_IFMT = 61440;
    var S_IFREG = 32768;
    function isRegFile(mode) {
      return (mode & S_IFMT) == S_IFREG;
    }
    __name(isRegFile, "isRegFile");
    var fieldNames = ["host", "port", "database", "user", "password"];
    var nrOfFields = fieldNames.length;
    var passKey = fieldNames[nrOfFields - 1];
    function warn() {
      var isWritable = warnStream instanceof Stream && true === warnStream.writable;
      if (isWritable) {
        var args = Array.prototype.slice.call(arguments).concat("\n");
        warnStream.write(util.format.apply(util, args));
      }
    }
    __name(warn, "warn");
    Object.defineProperty(module.exports, "isWin", {
      get: /* @__PURE__ */ __name(function() {
        return isWin;
      }, "get"),
      set: /* @__PURE__ */ __name(function(val) {
        isWin = val;
      }, "set")
    });
    module.exports.warnTo = function(stream) {
      var old = warnStream;
      warnStream = stream;
      return old;
    };
    module.exports.getFileName = function(rawEnv) {
      var env = rawEnv || process.env;
      var file = env.PGPASSFILE || (isWin ? path2.join(env.APPDATA || "./", "postgresql", "pgpass.conf") : path2.join(env.HOME || "./", ".pgpass"));
      return file;
    };
    module.exports.usePgPass = function(stats, fname) {
      if (Object.prototype.hasOwnProperty.call(process.env, "PGPASSWORD")) {
        return false;
      }
      if (isWin) {
        return true;
      }
      fname = fname || "<unkn>";
      if (!isRegFile(stats.mode)) {
        warn('WARNING: password file "%s" is not a plain file', fname);
        return false;
      }
      if (stats.mode & (S_IRWXG | S_IRWXO)) {
        warn('WARNING: password file "%s" has group or world access; permissions should be u=rw (0600) or less', fname);
        return false;
      }
      return true;
    };
    var matcher = module.exports.match = function(connInfo, entry) {
      return fieldNames.slice(0, -1).reduce(function(prev, field, idx) {
        if (idx == 1) {
          if (Number(connInfo[field] || defaultPort) === Number(entry[field])) {
            return prev && true;
          }
        }
        return prev && (entry[field] === "*" || entry[field] === connInfo[field]);
      }, true);
    };
    module.exports.getPassword = function(connInfo, stream, cb) {
      var pass;
      var lineStream = stream.pipe(split());
      function onLine(line2) {
        var entry = parseLine(line2);
        if (entry && isValidEntry(entry) && matcher(connInfo, entry)) {
          pass = entry[passKey];
          lineStream.end();
        }
      }
      __name(onLine, "onLine");
      var onEnd = /* @__PURE__ */ __name(function() {
        stream.destroy();
        cb(pass);
      }, "onEnd");
      var onErr = /* @__PURE__ */ __name(function(err) {
        stream.destroy();
        warn("WARNING: error on reading file: %s", err);
        cb(void 0);
      }, "onErr");
      stream.on("error", onErr);
      lineStream.on("data", onLine).on("end", onEnd).on("error", onErr);
    };
    var parseLine = module.exports.parseLine = function(line2) {
      if (line2.length < 11 || line2.match(/^\s+#/)) {
        return null;
      }
      var curChar = "";
      var prevChar = "";
      var fieldIdx = 0;
      var startIdx = 0;
      var endIdx = 0;
      var obj = {};
      var isLastField = false;
      var addToObj = /* @__PURE__ */ __name(function(idx, i0, i1) {
        var field = line2.substring(i0, i1);
        if (!Object.hasOwnProperty.call(process.env, "PGPASS_NO_DEESCAPE")) {
          field = field.replace(/\\([:\\])/g, "$1");
        }
        obj[fieldNames[idx]] = field;
      }, "addToObj");
      for (var i = 0; i < line2.length - 1; i += 1) {
        curChar = line2.charAt(i + 1);
        prevChar = line2.charAt(i);
        isLastField = fieldIdx == nrOfFields - 1;
        if (isLastField) {
          addToObj(fieldIdx, startIdx);
          break;
        }
        if (i >= 0 && curChar == ":" && prevChar !== "\\") {
          addToObj(fieldIdx, startIdx, i + 1);
          startIdx = i + 2;
          fieldIdx += 1;
        }
      }
      obj = Object.keys(obj).length === nrOfFields ? obj : null;
      return obj;
    };
    var isValidEntry = module.exports.isValidEntry = function(entry) {
      var rules = {
        // host
        0: function(x) {
          return x.length > 0;
        },
        // port
        1: function(x) {
          if (x === "*") {
            return true;
          }
          x = Number(x);
          return isFinite(x) && x > 0 && x < 9007199254740992 && Math.floor(x) === x;
        },
        // database
        2: function(x) {
          return x.length > 0;
        },
        // username
        3: function(x) {
          return x.length > 0;
        },
        // password
        4: function(x) {
          return x.length > 0;
        }
      };
      for (var idx = 0; idx < fieldNames.length; idx += 1) {
        var rule = rules[idx];
        var value = entry[fieldNames[idx]] || "";
        var res = rule(value);
        if (!res) {
          return false;
        }
      }
      return true;
    };
  }
});

// node_modules/pgpass/lib/index.js
var require_lib = __commonJS({
  "node_modules/pgpass/lib/index.js"(exports, module) {
    "use strict";
    var path2 = __require("path");
    var fs = __require("fs");
    var helper = require_helper();
    module.exports = function(connInfo, cb) {
      var file = helper.getFileName();
      fs.stat(file, function(err, stat) {
        if (err || !helper.usePgPass(stat, file)) {
          return cb(void 0);
        }
        var st = fs.createReadStream(file);
        helper.getPassword(connInfo, st, cb);
      });
    };
    module.exports.warnTo = helper.warnTo;
  }
});

// node_modules/pg/lib/client.js
var require_client = __commonJS({
  "node_modules/pg/lib/client.js"(exports, module) {
    var EventEmitter = __require("events").EventEmitter;
    var utils = require_utils();
    var nodeUtils = __require("util");
    var sasl = require_sasl();
    var TypeOverrides2 = require_type_overrides();
    var ConnectionParameters = require_connection_parameters();
    var Query2 = require_query();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var crypto = require_utils2();
    var activeQueryDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.activeQuery is deprecated and will be removed in pg@9.0"
    );
    var queryQueueDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.queryQueue is deprecated and will be removed in pg@9.0."
    );
    var pgPassDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "pgpass support is deprecated and will be removed in pg@9.0. You can provide an async function as the password property to the Client/Pool constructor that returns a password instead. Within this function you can call the pgpass module in your own code."
    );
    var byoPromiseDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Passing a custom Promise implementation to the Client/Pool constructor is deprecated and will be removed in pg@9.0."
    );
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    function coerceNumberOrDefault(value, defaultValue) {
      if (typeof value === "number") {
        return Number.isFinite(value) ? value : defaultValue;
      }
      if (typeof value === "string" && value.trim() !== "") {
        const n = Number(value);
        return Number.isFinite(n) ? n : defaultValue;
      }
      return defaultValue;
    }
    __name(coerceNumberOrDefault, "coerceNumberOrDefault");
    var Client2 = class extends EventEmitter {
      static {
        __name(this, "Client");
      }
      constructor(config) {
        super();
        this.connectionParameters = new ConnectionParameters(config);
        this.user = this.connectionParameters.user;
        this.database = this.connectionParameters.database;
        this.port = this.connectionParameters.port;
        this.host = this.connectionParameters.host;
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: this.connectionParameters.password
        });
        this.replication = this.connectionParameters.replication;
        const c = config || {};
        if (c.Promise) {
          byoPromiseDeprecationNotice();
        }
        this._Promise = c.Promise || global.Promise;
        this._types = new TypeOverrides2(c.types);
        this._ending = false;
        this._ended = false;
        this._connecting = false;
        this._connected = false;
        this._connectionError = false;
        this._queryable = true;
        this._activeQuery = null;
        this._txStatus = null;
        this.enableChannelBinding = Boolean(c.enableChannelBinding);
        this.scramMaxIterations = coerceNumberOrDefault(c.scramMaxIterations, sasl.DEFAULT_MAX_SCRAM_ITERATIONS);
        this.connection = c.connection || new Connection2({
          stream: c.stream,
          ssl: this.connectionParameters.ssl,
          sslNegotiation: this.connectionParameters.sslnegotiation,
          keepAlive: c.keepAlive || false,
          keepAliveInitialDelayMillis: c.keepAliveInitialDelayMillis || 0,
          encoding: this.connectionParameters.client_encoding || "utf8"
        });
        this._queryQueue = [];
        this._sentQueryQueue = [];
        this.pipeline = Boolean(c.pipeline);
        this.binary = c.binary || defaults2.binary;
        this.processID = null;
        this.secretKey = null;
        this.ssl = this.connectionParameters.ssl || false;
        this.sslNegotiation = this.connectionParameters.sslnegotiation || "postgres";
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this._connectionTimeoutMillis = c.connectionTimeoutMillis || 0;
      }
      get activeQuery() {
        activeQueryDeprecationNotice();
        return this._activeQuery;
      }
      set activeQuery(val) {
        activeQueryDeprecationNotice();
        this._activeQuery = val;
      }
      _getActiveQuery() {
        return this._activeQuery;
      }
      _errorAllQueries(err) {
        const enqueueError = /* @__PURE__ */ __name((query) => {
          process.nextTick(() => {
            query.handleError(err, this.connection);
          });
        }, "enqueueError");
        const activeQuery = this._getActiveQuery();
        if (activeQuery) {
          enqueueError(activeQuery);
          this._activeQuery = null;
        }
        this._sentQueryQueue.forEach(enqueueError);
        this._sentQueryQueue.length = 0;
        this._queryQueue.forEach(enqueueError);
        this._queryQueue.length = 0;
      }
      _connect(callback) {
        const self2 = this;
        const con = this.connection;
        this._connectionCallback = callback;
        if (this._connecting || this._connected) {
          const err = new Error("Client has already been connected. You cannot reuse a client.");
          process.nextTick(() => {
            callback(err);
          });
          return;
        }
        this._connecting = true;
        if (this._connectionTimeoutMillis > 0) {
          this.connectionTimeoutHandle = setTimeout(() => {
            con._ending = true;
            con.stream.destroy(new Error("timeout expired"));
          }, this._connectionTimeoutMillis);
          if (this.connectionTimeoutHandle.unref) {
            this.connectionTimeoutHandle.unref();
          }
        }
        if (this.host && this.host.indexOf("/") === 0) {
          con.connect(this.host + "/.s.PGSQL." + this.port);
        } else {
          con.connect(this.port, this.host);
        }
        con.on("connect", function() {
          if (self2.ssl) {
            if (self2.sslNegotiation !== "direct") {
              con.requestSsl();
            }
          } else {
            con.startup(self2.getStartupConf());
          }
        });
        con.on("sslconnect", function() {
          con.startup(self2.getStartupConf());
        });
        this._attachListeners(con);
        con.once("end", () => {
          const error = this._ending ? new Error("Connection terminated") : new Error("Connection terminated unexpectedly");
          clearTimeout(this.connectionTimeoutHandle);
          this._errorAllQueries(error);
          this._ended = true;
          if (!this._ending) {
            if (this._connecting && !this._connectionError) {
              if (this._connectionCallback) {
                this._connectionCallback(error);
              } else {
                this._handleErrorEvent(error);
              }
            } else if (!this._connectionError) {
              this._handleErrorEvent(error);
            }
          }
          process.nextTick(() => {
            this.emit("end");
          });
        });
      }
      connect(callback) {
        if (callback) {
          this._connect(callback);
          return;
        }
        return new this._Promise((resolve, reject) => {
          this._connect((error) => {
            if (error) {
              reject(error);
            } else {
              resolve(this);
            }
          });
        });
      }
      _attachListeners(con) {
        con.on("authenticationCleartextPassword", this._handleAuthCleartextPassword.bind(this));
        con.on("authenticationMD5Password", this._handleAuthMD5Password.bind(this));
        con.on("authenticationSASL", this._handleAuthSASL.bind(this));
        con.on("authenticationSASLContinue", this._handleAuthSASLContinue.bind(this));
        con.on("authenticationSASLFinal", this._handleAuthSASLFinal.bind(this));
        con.on("backendKeyData", this._handleBackendKeyData.bind(this));
        con.on("error", this._handleErrorEvent.bind(this));
        con.on("errorMessage", this._handleErrorMessage.bind(this));
        con.on("readyForQuery", this._handleReadyForQuery.bind(this));
        con.on("notice", this._handleNotice.bind(this));
        con.on("rowDescription", this._handleRowDescription.bind(this));
        con.on("dataRow", this._handleDataRow.bind(this));
        con.on("portalSuspended", this._handlePortalSuspended.bind(this));
        con.on("emptyQuery", this._handleEmptyQuery.bind(this));
        con.on("commandComplete", this._handleCommandComplete.bind(this));
        con.on("parseComplete", this._handleParseComplete.bind(this));
        con.on("copyInResponse", this._handleCopyInResponse.bind(this));
        con.on("copyData", this._handleCopyData.bind(this));
        con.on("notification", this._handleNotification.bind(this));
      }
      _getPassword(cb) {
        const con = this.connection;
        if (typeof this.password === "function") {
          this._Promise.resolve().then(() => this.password(this.connectionParameters)).then((pass) => {
            if (pass !== void 0) {
              if (typeof pass !== "string") {
                con.emit("error", new TypeError("Password must be a string"));
                return;
              }
              this.connectionParameters.password = this.password = pass;
            } else {
              this.connectionParameters.password = this.password = null;
            }
            cb();
          }).catch((err) => {
            con.emit("error", err);
          });
        } else if (this.password !== null) {
          cb();
        } else {
          try {
            const pgPass = require_lib();
            pgPass(this.connectionParameters, (pass) => {
              if (void 0 !== pass) {
                pgPassDeprecationNotice();
                this.connectionParameters.password = this.password = pass;
              }
              cb();
            });
          } catch (e) {
            this.emit("error", e);
          }
        }
      }
      _handleAuthCleartextPassword(msg) {
        this._getPassword(() => {
          this.connection.password(this.password);
        });
      }
      _handleAuthMD5Password(msg) {
        this._getPassword(async () => {
          try {
            const hashedPassword = await crypto.postgresMd5PasswordHash(this.user, this.password, msg.salt);
            this.connection.password(hashedPassword);
          } catch (e) {
            this.emit("error", e);
          }
        });
      }
      _handleAuthSASL(msg) {
        this._getPassword(() => {
          try {
            this.saslSession = sasl.startSession(
              msg.mechanisms,
              this.enableChannelBinding && this.connection.stream,
              this.scramMaxIterations
            );
            this.connection.sendSASLInitialResponseMessage(this.saslSession.mechanism, this.saslSession.response);
          } catch (err) {
            this.connection.emit("error", err);
          }
        });
      }
      async _handleAuthSASLContinue(msg) {
        try {
          await sasl.continueSession(
            this.saslSession,
            this.password,
            msg.data,
            this.enableChannelBinding && this.connection.stream
          );
          this.connection.sendSCRAMClientFinalMessage(this.saslSession.response);
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleAuthSASLFinal(msg) {
        try {
          sasl.finalizeSession(this.saslSession, msg.data);
          this.saslSession = null;
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleBackendKeyData(msg) {
        this.processID = msg.processID;
        this.secretKey = msg.secretKey;
      }
      _handleReadyForQuery(msg) {
        if (this._connecting) {
          this._connecting = false;
          this._connected = true;
          clearTimeout(this.connectionTimeoutHandle);
          if (this._connectionCallback) {
            this._connectionCallback(null, this);
            this._connectionCallback = null;
          }
          this.emit("connect");
        }
        const activeQuery = this._getActiveQuery();
        this._activeQuery = null;
        this._txStatus = msg?.status ?? null;
        this.readyForQuery = true;
        if (activeQuery) {
          activeQuery.handleReadyForQuery(this.connection);
        }
        this._pulseQueryQueue();
      }
      // if we receive an error event or error message
      // during the connection process we handle it here
      _handleErrorWhileConnecting(err) {
        if (this._connectionError) {
          return;
        }
        this._connectionError = true;
        clearTimeout(this.connectionTimeoutHandle);
        if (this._connectionCallback) {
          return this._connectionCallback(err);
        }
        this.emit("error", err);
      }
      // if we're connected and we receive an error event from the connection
      // this means the socket is dead - do a hard abort of all queries and emit
      // the socket error on the client as well
      _handleErrorEvent(err) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(err);
        }
        this._queryable = false;
        this._errorAllQueries(err);
        this.emit("error", err);
      }
      // handle error messages from the postgres backend
      _handleErrorMessage(msg) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(msg);
        }
        const activeQuery = this._getActiveQuery();
        if (!activeQuery) {
          this._handleErrorEvent(msg);
          return;
        }
        this._activeQuery = null;
        if (activeQuery.name) {
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
        activeQuery.handleError(msg, this.connection);
      }
      _handleRowDescription(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected rowDescription message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleRowDescription(msg);
      }
      _handleDataRow(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected dataRow message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleDataRow(msg);
      }
      _handlePortalSuspended(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected portalSuspended message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handlePortalSuspended(this.connection);
      }
      _handleEmptyQuery(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected emptyQuery message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleEmptyQuery(this.connection);
      }
      _handleCommandComplete(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected commandComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCommandComplete(msg, this.connection);
      }
      _handleParseComplete() {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected parseComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        if (activeQuery.name) {
          this.connection.parsedStatements[activeQuery.name] = activeQuery.text;
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
      }
      _handleCopyInResponse(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyInResponse message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyInResponse(this.connection);
      }
      _handleCopyData(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyData message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyData(msg, this.connection);
      }
      _handleNotification(msg) {
        this.emit("notification", msg);
      }
      _handleNotice(msg) {
        this.emit("notice", msg);
      }
      getStartupConf() {
        const params = this.connectionParameters;
        const data = {
          user: params.user,
          database: params.database
        };
        const appName = params.application_name || params.fallback_application_name;
        if (appName) {
          data.application_name = appName;
        }
        if (params.replication) {
          data.replication = "" + params.replication;
        }
        if (params.statement_timeout) {
          data.statement_timeout = String(parseInt(params.statement_timeout, 10));
        }
        if (params.lock_timeout) {
          data.lock_timeout = String(parseInt(params.lock_timeout, 10));
        }
        if (params.idle_in_transaction_session_timeout) {
          data.idle_in_transaction_session_timeout = String(parseInt(params.idle_in_transaction_session_timeout, 10));
        }
        if (params.options) {
          data.options = params.options;
        }
        return data;
      }
      cancel(client, query) {
        if (client.activeQuery === query) {
          const con = this.connection;
          if (this.host && this.host.indexOf("/") === 0) {
            con.connect(this.host + "/.s.PGSQL." + this.port);
          } else {
            con.connect(this.port, this.host);
          }
          con.on("connect", function() {
            con.cancel(client.processID, client.secretKey);
          });
        } else if (client._queryQueue.indexOf(query) !== -1) {
          client._queryQueue.splice(client._queryQueue.indexOf(query), 1);
        } else if (client._sentQueryQueue.indexOf(query) !== -1) {
          query.callback = () => {
          };
        }
      }
      setTypeParser(oid, format, parseFn) {
        return this._types.setTypeParser(oid, format, parseFn);
      }
      getTypeParser(oid, format) {
        return this._types.getTypeParser(oid, format);
      }
      // escapeIdentifier and escapeLiteral moved to utility functions & exported
      // on PG
      // re-exported here for backwards compatibility
      escapeIdentifier(str3) {
        return utils.escapeIdentifier(str3);
      }
      escapeLiteral(str3) {
        return utils.escapeLiteral(str3);
      }
      _pulseQueryQueue() {
        if (this.pipeline) {
          this._pulsePipelinedQueryQueue();
          return;
        }
        if (this.readyForQuery === true) {
          this._activeQuery = this._queryQueue.shift();
          const activeQuery = this._getActiveQuery();
          if (activeQuery) {
            this.readyForQuery = false;
            this.hasExecuted = true;
            const queryError = activeQuery.submit(this.connection);
            if (queryError) {
              process.nextTick(() => {
                activeQuery.handleError(queryError, this.connection);
                this.readyForQuery = true;
                this._pulseQueryQueue();
              });
            }
          } else if (this.hasExecuted) {
            this._activeQuery = null;
            this.emit("drain");
          }
        }
      }
      _pulsePipelinedQueryQueue() {
        if (!this._connected || !this._queryable) {
          return;
        }
        while (this._queryQueue.length > 0) {
          const query = this._queryQueue.shift();
          this.hasExecuted = true;
          const queryError = query.submit(this.connection);
          if (queryError) {
            process.nextTick(() => {
              query.handleError(queryError, this.connection);
            });
            continue;
          }
          this._sentQueryQueue.push(query);
        }
        if (this.readyForQuery && !this._activeQuery && this._sentQueryQueue.length > 0) {
          this._activeQuery = this._sentQueryQueue.shift();
          this.readyForQuery = false;
        }
        if (!this._activeQuery && this._sentQueryQueue.length === 0 && this._queryQueue.length === 0 && this.hasExecuted) {
          this.emit("drain");
        }
      }
      query(config, values, callback) {
        let query;
        let result;
        if (config == null) {
          throw new TypeError("Client was passed a null or undefined query");
        }
        if (typeof config.submit === "function") {
          result = query = config;
          if (!query.callback) {
            if (typeof values === "function") {
              query.callback = values;
            } else if (callback) {
              query.callback = callback;
            }
          }
        } else {
          query = new Query2(config, values, callback);
          if (!query.callback) {
            result = new this._Promise((resolve, reject) => {
              query.callback = (err, res) => err ? reject(err) : resolve(res);
            }).catch((err) => {
              Error.captureStackTrace(err);
              throw err;
            });
          } else if (typeof query.callback !== "function") {
            throw new TypeError("callback is not a function");
          }
        }
        const readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        if (readTimeout) {
          const queryCallback = query.callback || (() => {
          });
          const readTimeoutTimer = setTimeout(() => {
            const error = new Error("Query read timeout");
            process.nextTick(() => {
              query.handleError(error, this.connection);
            });
            queryCallback(error);
            query.callback = () => {
            };
            const index = this._queryQueue.indexOf(query);
            if (index > -1) {
              this._queryQueue.splice(index, 1);
            } else if (this.pipeline) {
              this.connection.stream.destroy();
              return;
            }
            this._pulseQueryQueue();
          }, readTimeout);
          query.callback = (err, res) => {
            clearTimeout(readTimeoutTimer);
            queryCallback(err, res);
          };
        }
        if (this.binary && !query.binary) {
          query.binary = true;
        }
        if (query._result && !query._result._types) {
          query._result._types = this._types;
        }
        if (this.pipeline) {
          const portalQuery = typeof config.submit === "function" && !(query instanceof Query2) ? "Custom query classes such as pg-cursor and pg-query-stream are" : query.rows ? "The `rows` option is" : null;
          if (portalQuery) {
            process.nextTick(() => {
              query.handleError(new Error(`${portalQuery} not supported in pipeline mode`), this.connection);
            });
            return result;
          }
        }
        if (!this._queryable) {
          process.nextTick(() => {
            query.handleError(new Error("Client has encountered a connection error and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._ending) {
          process.nextTick(() => {
            query.handleError(new Error("Client was closed and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._queryQueue.length > 0 && !this.pipeline) {
          queryQueueLengthDeprecationNotice();
        }
        this._queryQueue.push(query);
        this._pulseQueryQueue();
        return result;
      }
      ref() {
        this.connection.ref();
      }
      unref() {
        this.connection.unref();
      }
      getTransactionStatus() {
        return this._txStatus;
      }
      end(cb) {
        this._ending = true;
        if (!this.connection._connecting || this._ended) {
          if (cb) {
            cb();
            return;
          } else {
            return this._Promise.resolve();
          }
        }
        if (!this._queryable) {
          this.connection.stream.destroy();
        } else if (this.pipeline && (this._getActiveQuery() || this._sentQueryQueue.length > 0 || this._queryQueue.length > 0)) {
          this.once("drain", () => this.connection.end());
        } else if (this._getActiveQuery()) {
          this.connection.stream.destroy();
        } else {
          this.connection.end();
        }
        if (cb) {
          this.connection.once("end", cb);
        } else {
          return new this._Promise((resolve) => {
            this.connection.once("end", resolve);
          });
        }
      }
      get queryQueue() {
        queryQueueDeprecationNotice();
        return this._queryQueue;
      }
    };
    Client2.Query = Query2;
    module.exports = Client2;
  }
});

// node_modules/pg-pool/index.js
var require_pg_pool = __commonJS({
  "node_modules/pg-pool/index.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var NOOP = /* @__PURE__ */ __name(function() {
    }, "NOOP");
    var removeWhere = /* @__PURE__ */ __name((list2, predicate) => {
      const i = list2.findIndex(predicate);
      return i === -1 ? void 0 : list2.splice(i, 1)[0];
    }, "removeWhere");
    var IdleItem = class {
      static {
        __name(this, "IdleItem");
      }
      constructor(client, idleListener, timeoutId) {
        this.client = client;
        this.idleListener = idleListener;
        this.timeoutId = timeoutId;
      }
    };
    var PendingItem = class {
      static {
        __name(this, "PendingItem");
      }
      constructor(callback) {
        this.callback = callback;
      }
    };
    function throwOnDoubleRelease() {
      throw new Error("Release called on client which has already been released to the pool.");
    }
    __name(throwOnDoubleRelease, "throwOnDoubleRelease");
    function promisify(Promise2, callback) {
      if (callback) {
        return { callback, result: void 0 };
      }
      let rej;
      let res;
      const cb = /* @__PURE__ */ __name(function(err, client) {
        err ? rej(err) : res(client);
      }, "cb");
      const result = new Promise2(function(resolve, reject) {
        res = resolve;
        rej = reject;
      }).catch((err) => {
        Error.captureStackTrace(err);
        throw err;
      });
      return { callback: cb, result };
    }
    __name(promisify, "promisify");
    function makeIdleListener(pool, client) {
      return /* @__PURE__ */ __name(function idleListener(err) {
        err.client = client;
        client.removeListener("error", idleListener);
        client.on("error", () => {
          pool.log("additional client error after disconnection due to error", err);
        });
        pool._remove(client);
        pool.emit("error", err, client);
      }, "idleListener");
    }
    __name(makeIdleListener, "makeIdleListener");
    var Pool2 = class extends EventEmitter {
      static {
        __name(this, "Pool");
      }
      constructor(options, Client2) {
        super();
        this.options = Object.assign({}, options);
        if (options != null && "password" in options) {
          Object.defineProperty(this.options, "password", {
            configurable: true,
            enumerable: false,
            writable: true,
            value: options.password
          });
        }
        if (options != null && options.ssl && options.ssl.key) {
          Object.defineProperty(this.options.ssl, "key", {
            enumerable: false
          });
        }
        this.options.max = this.options.max || this.options.poolSize || 10;
        this.options.min = this.options.min || 0;
        this.options.maxUses = this.options.maxUses || Infinity;
        this.options.allowExitOnIdle = this.options.allowExitOnIdle || false;
        this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0;
        this.log = this.options.log || function() {
        };
        this.Client = this.options.Client || Client2 || require_lib2().Client;
        this.Promise = this.options.Promise || global.Promise;
        if (typeof this.options.idleTimeoutMillis === "undefined") {
          this.options.idleTimeoutMillis = 1e4;
        }
        this._clients = [];
        this._idle = [];
        this._expired = /* @__PURE__ */ new WeakSet();
        this._pendingQueue = [];
        this._endCallback = void 0;
        this.ending = false;
        this.ended = false;
      }
      _promiseTry(f) {
        const Promise2 = this.Promise;
        if (typeof Promise2.try === "function") {
          return Promise2.try(f);
        }
        return new Promise2((resolve) => resolve(f()));
      }
      _isFull() {
        return this._clients.length >= this.options.max;
      }
      _isAboveMin() {
        return this._clients.length > this.options.min;
      }
      _pulseQueue() {
        this.log("pulse queue");
        if (this.ended) {
          this.log("pulse queue ended");
          return;
        }
        if (this.ending) {
          this.log("pulse queue on ending");
          if (this._idle.length) {
            this._idle.slice().map((item) => {
              this._remove(item.client);
            });
          }
          if (!this._clients.length) {
            this.ended = true;
            this._endCallback();
          }
          return;
        }
        if (!this._pendingQueue.length) {
          this.log("no queued requests");
          return;
        }
        if (!this._idle.length && this._isFull()) {
          return;
        }
        const pendingItem = this._pendingQueue.shift();
        if (this._idle.length) {
          const idleItem = this._idle.pop();
          clearTimeout(idleItem.timeoutId);
          const client = idleItem.client;
          client.ref && client.ref();
          const idleListener = idleItem.idleListener;
          return this._acquireClient(client, pendingItem, idleListener, false);
        }
        if (!this._isFull()) {
          return this.newClient(pendingItem);
        }
        throw new Error("unexpected condition");
      }
      _remove(client, callback) {
        const removed = removeWhere(this._idle, (item) => item.client === client);
        if (removed !== void 0) {
          clearTimeout(removed.timeoutId);
        }
        this._clients = this._clients.filter((c) => c !== client);
        const context = this;
        client.end(() => {
          context.emit("remove", client);
          if (typeof callback === "function") {
            callback();
          }
        });
      }
      connect(cb) {
        if (this.ending) {
          const err = new Error("Cannot use a pool after calling end on the pool");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        const response = promisify(this.Promise, cb);
        const result = response.result;
        if (this._isFull() || this._idle.length) {
          if (this._idle.length) {
            process.nextTick(() => this._pulseQueue());
          }
          if (!this.options.connectionTimeoutMillis) {
            this._pendingQueue.push(new PendingItem(response.callback));
            return result;
          }
          const queueCallback = /* @__PURE__ */ __name((err, res, done) => {
            clearTimeout(tid);
            response.callback(err, res, done);
          }, "queueCallback");
          const pendingItem = new PendingItem(queueCallback);
          const tid = setTimeout(() => {
            removeWhere(this._pendingQueue, (i) => i.callback === queueCallback);
            pendingItem.timedOut = true;
            response.callback(new Error("timeout exceeded when trying to connect"));
          }, this.options.connectionTimeoutMillis);
          if (tid.unref) {
            tid.unref();
          }
          this._pendingQueue.push(pendingItem);
          return result;
        }
        this.newClient(new PendingItem(response.callback));
        return result;
      }
      newClient(pendingItem) {
        const client = new this.Client(this.options);
        this._clients.push(client);
        const idleListener = makeIdleListener(this, client);
        this.log("checking client timeout");
        let tid;
        let timeoutHit = false;
        if (this.options.connectionTimeoutMillis) {
          tid = setTimeout(() => {
            if (client.connection) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.connection.stream.destroy();
            } else if (!client.isConnected()) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.end();
            }
          }, this.options.connectionTimeoutMillis);
        }
        this.log("connecting new client");
        client.connect((err) => {
          if (tid) {
            clearTimeout(tid);
          }
          client.on("error", idleListener);
          if (err) {
            this.log("client failed to connect", err);
            this._clients = this._clients.filter((c) => c !== client);
            if (timeoutHit) {
              err = new Error("Connection terminated due to connection timeout", { cause: err });
            }
            this._pulseQueue();
            if (!pendingItem.timedOut) {
              pendingItem.callback(err, void 0, NOOP);
            }
          } else {
            this.log("new client connected");
            if (this.options.onConnect) {
              this._promiseTry(() => this.options.onConnect(client)).then(
                () => {
                  this._afterConnect(client, pendingItem, idleListener);
                },
                (hookErr) => {
                  this._clients = this._clients.filter((c) => c !== client);
                  client.end(() => {
                    this._pulseQueue();
                    if (!pendingItem.timedOut) {
                      pendingItem.callback(hookErr, void 0, NOOP);
                    }
                  });
                }
              );
              return;
            }
            return this._afterConnect(client, pendingItem, idleListener);
          }
        });
      }
      _afterConnect(client, pendingItem, idleListener) {
        if (this.options.maxLifetimeSeconds !== 0) {
          const maxLifetimeTimeout = setTimeout(() => {
            this.log("ending client due to expired lifetime");
            this._expired.add(client);
            const idleIndex = this._idle.findIndex((idleItem) => idleItem.client === client);
            if (idleIndex !== -1) {
              this._acquireClient(
                client,
                new PendingItem((err, client2, clientRelease) => clientRelease()),
                idleListener,
                false
              );
            }
          }, this.options.maxLifetimeSeconds * 1e3);
          maxLifetimeTimeout.unref();
          client.once("end", () => clearTimeout(maxLifetimeTimeout));
        }
        return this._acquireClient(client, pendingItem, idleListener, true);
      }
      // acquire a client for a pending work item
      _acquireClient(client, pendingItem, idleListener, isNew) {
        if (isNew) {
          this.emit("connect", client);
        }
        this.emit("acquire", client);
        client.release = this._releaseOnce(client, idleListener);
        client.removeListener("error", idleListener);
        if (!pendingItem.timedOut) {
          if (isNew && this.options.verify) {
            this.options.verify(client, (err) => {
              if (err) {
                client.release(err);
                return pendingItem.callback(err, void 0, NOOP);
              }
              pendingItem.callback(void 0, client, client.release);
            });
          } else {
            pendingItem.callback(void 0, client, client.release);
          }
        } else {
          if (isNew && this.options.verify) {
            this.options.verify(client, client.release);
          } else {
            client.release();
          }
        }
      }
      // returns a function that wraps _release and throws if called more than once
      _releaseOnce(client, idleListener) {
        let released = false;
        return (err) => {
          if (released) {
            throwOnDoubleRelease();
          }
          released = true;
          this._release(client, idleListener, err);
        };
      }
      // release a client back to the poll, include an error
      // to remove it from the pool
      _release(client, idleListener, err) {
        client.on("error", idleListener);
        client._poolUseCount = (client._poolUseCount || 0) + 1;
        this.emit("release", err, client);
        if (err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses) {
          if (client._poolUseCount >= this.options.maxUses) {
            this.log("remove expended client");
          }
          return this._remove(client, this._pulseQueue.bind(this));
        }
        const isExpired = this._expired.has(client);
        if (isExpired) {
          this.log("remove expired client");
          this._expired.delete(client);
          return this._remove(client, this._pulseQueue.bind(this));
        }
        let tid;
        if (this.options.idleTimeoutMillis && this._isAboveMin()) {
          tid = setTimeout(() => {
            if (this._isAboveMin()) {
              this.log("remove idle client");
              this._remove(client, this._pulseQueue.bind(this));
            }
          }, this.options.idleTimeoutMillis);
          if (this.options.allowExitOnIdle) {
            tid.unref();
          }
        }
        if (this.options.allowExitOnIdle) {
          client.unref();
        }
        this._idle.push(new IdleItem(client, idleListener, tid));
        this._pulseQueue();
      }
      query(text3, values, cb) {
        if (typeof text3 === "function") {
          const response2 = promisify(this.Promise, text3);
          setImmediate(function() {
            return response2.callback(new Error("Passing a function as the first parameter to pool.query is not supported"));
          });
          return response2.result;
        }
        if (typeof values === "function") {
          cb = values;
          values = void 0;
        }
        const response = promisify(this.Promise, cb);
        cb = response.callback;
        this.connect((err, client) => {
          if (err) {
            return cb(err);
          }
          let clientReleased = false;
          const onError = /* @__PURE__ */ __name((err2) => {
            if (clientReleased) {
              return;
            }
            clientReleased = true;
            client.release(err2);
            cb(err2);
          }, "onError");
          client.once("error", onError);
          this.log("dispatching query");
          try {
            client.query(text3, values, (err2, res) => {
              this.log("query dispatched");
              client.removeListener("error", onError);
              if (clientReleased) {
                return;
              }
              clientReleased = true;
              client.release(err2);
              if (err2) {
                return cb(err2);
              }
              return cb(void 0, res);
            });
          } catch (err2) {
            client.release(err2);
            return cb(err2);
          }
        });
        return response.result;
      }
      end(cb) {
        this.log("ending");
        if (this.ending) {
          const err = new Error("Called end on pool more than once");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        this.ending = true;
        const promised = promisify(this.Promise, cb);
        this._endCallback = promised.callback;
        this._pulseQueue();
        return promised.result;
      }
      get waitingCount() {
        return this._pendingQueue.length;
      }
      get idleCount() {
        return this._idle.length;
      }
      get expiredCount() {
        return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0);
      }
      get totalCount() {
        return this._clients.length;
      }
    };
    module.exports = Pool2;
  }
});

// node_modules/pg/lib/native/query.js
var require_query2 = __commonJS({
  "node_modules/pg/lib/native/query.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var utils = require_utils();
    var NativeQuery = module.exports = function(config, values, callback) {
      EventEmitter.call(this);
      config = utils.normalizeQueryConfig(config, values, callback);
      this.text = config.text;
      this.values = config.values;
      this.name = config.name;
      this.queryMode = config.queryMode;
      this.callback = config.callback;
      this.state = "new";
      this._arrayMode = config.rowMode === "array";
      this._emitRowEvents = false;
      this.on(
        "newListener",
        function(event) {
          if (event === "row") this._emitRowEvents = true;
        }.bind(this)
      );
    };
    util.inherits(NativeQuery, EventEmitter);
    var errorFieldMap = {
      sqlState: "code",
      statementPosition: "position",
      messagePrimary: "message",
      messageDetail: "detail",
      messageHint: "hint",
      context: "where",
      schemaName: "schema",
      tableName: "table",
      columnName: "column",
      dataTypeName: "dataType",
      constraintName: "constraint",
      sourceFile: "file",
      sourceLine: "line",
      sourceFunction: "routine"
    };
    NativeQuery.prototype.handleError = function(err) {
      const fields = this.native && this.native.pq.resultErrorFields();
      if (fields) {
        for (const key in fields) {
          const normalizedFieldName = errorFieldMap[key] || key;
          err[normalizedFieldName] = fields[key];
        }
      }
      if (this.callback) {
        this.callback(err);
      } else {
        this.emit("error", err);
      }
      this.state = "error";
    };
    NativeQuery.prototype.then = function(onSuccess, onFailure) {
      return this._getPromise().then(onSuccess, onFailure);
    };
    NativeQuery.prototype.catch = function(callback) {
      return this._getPromise().catch(callback);
    };
    NativeQuery.prototype._getPromise = function() {
      if (this._promise) return this._promise;
      this._promise = new Promise(
        function(resolve, reject) {
          this._once("end", resolve);
          this._once("error", reject);
        }.bind(this)
      );
      return this._promise;
    };
    NativeQuery.prototype.submit = function(client) {
      this.state = "running";
      const self2 = this;
      this.native = client.native;
      client.native.arrayMode = this._arrayMode;
      let after = /* @__PURE__ */ __name(function(err, rows, results) {
        client.native.arrayMode = false;
        setImmediate(function() {
          self2.emit("_done");
        });
        if (err) {
          return self2.handleError(err);
        }
        if (self2._emitRowEvents) {
          if (results.length > 1) {
            rows.forEach((rowOfRows, i) => {
              rowOfRows.forEach((row) => {
                self2.emit("row", row, results[i]);
              });
            });
          } else {
            rows.forEach(function(row) {
              self2.emit("row", row, results);
            });
          }
        }
        self2.state = "end";
        self2.emit("end", results);
        if (self2.callback) {
          self2.callback(null, results);
        }
      }, "after");
      if (process.domain) {
        after = process.domain.bind(after);
      }
      if (this.name) {
        if (this.name.length > 63) {
          console.error("Warning! Postgres only supports 63 characters for query names.");
          console.error("You supplied %s (%s)", this.name, this.name.length);
          console.error("This can cause conflicts and silent errors executing queries");
        }
        const values = (this.values || []).map(utils.prepareValue);
        if (client.namedQueries[this.name] !== void 0) {
          if (this.text && client.namedQueries[this.name] !== this.text) {
            const err = new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
            return after(err);
          }
          return client.native.execute(this.name, values, after);
        }
        return client.native.prepare(this.name, this.text, values.length, function(err) {
          if (err) return after(err);
          client.namedQueries[self2.name] = self2.text;
          return self2.native.execute(self2.name, values, after);
        });
      } else if (this.values) {
        if (!Array.isArray(this.values)) {
          const err = new Error("Query values must be an array");
          return after(err);
        }
        const vals = this.values.map(utils.prepareValue);
        client.native.query(this.text, vals, after);
      } else if (this.queryMode === "extended") {
        client.native.query(this.text, [], after);
      } else {
        client.native.query(this.text, after);
      }
    };
  }
});

// node_modules/pg/lib/native/client.js
var require_client2 = __commonJS({
  "node_modules/pg/lib/native/client.js"(exports, module) {
    var nodeUtils = __require("util");
    var Native;
    try {
      Native = __require("pg-native");
    } catch (e) {
      throw e;
    }
    var TypeOverrides2 = require_type_overrides();
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var ConnectionParameters = require_connection_parameters();
    var NativeQuery = require_query2();
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    var Client2 = module.exports = function(config) {
      EventEmitter.call(this);
      config = config || {};
      this._Promise = config.Promise || global.Promise;
      this._types = new TypeOverrides2(config.types);
      this.native = new Native({
        types: this._types
      });
      this._queryQueue = [];
      this._ending = false;
      this._connecting = false;
      this._connected = false;
      this._queryable = true;
      this.pipeline = Boolean(config.pipeline);
      this._pipelineInFlight = false;
      const cp = this.connectionParameters = new ConnectionParameters(config);
      if (config.nativeConnectionString) cp.nativeConnectionString = config.nativeConnectionString;
      this.user = cp.user;
      Object.defineProperty(this, "password", {
        configurable: true,
        enumerable: false,
        writable: true,
        value: cp.password
      });
      this.database = cp.database;
      this.host = cp.host;
      this.port = cp.port;
      this.namedQueries = {};
    };
    Client2.Query = NativeQuery;
    util.inherits(Client2, EventEmitter);
    Client2.prototype._errorAllQueries = function(err) {
      const enqueueError = /* @__PURE__ */ __name((query) => {
        process.nextTick(() => {
          query.native = this.native;
          query.handleError(err);
        });
      }, "enqueueError");
      if (this._hasActiveQuery()) {
        enqueueError(this._activeQuery);
        this._activeQuery = null;
      }
      this._queryQueue.forEach(enqueueError);
      this._queryQueue.length = 0;
    };
    Client2.prototype._connect = function(cb) {
      const self2 = this;
      if (this._connecting) {
        process.nextTick(() => cb(new Error("Client has already been connected. You cannot reuse a client.")));
        return;
      }
      this._connecting = true;
      this.connectionParameters.getLibpqConnectionString(function(err, conString) {
        if (self2.connectionParameters.nativeConnectionString) conString = self2.connectionParameters.nativeConnectionString;
        if (err) return cb(err);
        self2.native.connect(conString, function(err2) {
          if (err2) {
            self2.native.end();
            return cb(err2);
          }
          self2._connected = true;
          self2.native.on("error", function(err3) {
            self2._queryable = false;
            self2._errorAllQueries(err3);
            self2.emit("error", err3);
          });
          self2.native.on("notification", function(msg) {
            self2.emit("notification", {
              channel: msg.relname,
              payload: msg.extra
            });
          });
          self2.emit("connect");
          self2._pulseQueryQueue(true);
          cb(null, this);
        });
      });
    };
    Client2.prototype.connect = function(callback) {
      if (callback) {
        this._connect(callback);
        return;
      }
      return new this._Promise((resolve, reject) => {
        this._connect((error) => {
          if (error) {
            reject(error);
          } else {
            resolve(this);
          }
        });
      });
    };
    Client2.prototype.query = function(config, values, callback) {
      let query;
      let result;
      let readTimeout;
      let readTimeoutTimer;
      let queryCallback;
      if (config === null || config === void 0) {
        throw new TypeError("Client was passed a null or undefined query");
      } else if (typeof config.submit === "function") {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        result = query = config;
        if (typeof values === "function") {
          config.callback = values;
        }
      } else {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        query = new NativeQuery(config, values, callback);
        if (!query.callback) {
          let resolveOut, rejectOut;
          result = new this._Promise((resolve, reject) => {
            resolveOut = resolve;
            rejectOut = reject;
          }).catch((err) => {
            Error.captureStackTrace(err);
            throw err;
          });
          query.callback = (err, res) => err ? rejectOut(err) : resolveOut(res);
        }
      }
      if (readTimeout) {
        queryCallback = query.callback || (() => {
        });
        readTimeoutTimer = setTimeout(() => {
          const error = new Error("Query read timeout");
          process.nextTick(() => {
            query.handleError(error, this.connection);
          });
          queryCallback(error);
          query.callback = () => {
          };
          const index = this._queryQueue.indexOf(query);
          if (index > -1) {
            this._queryQueue.splice(index, 1);
          }
          this._pulseQueryQueue();
        }, readTimeout);
        query.callback = (err, res) => {
          clearTimeout(readTimeoutTimer);
          queryCallback(err, res);
        };
      }
      if (!this._queryable) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client has encountered a connection error and is not queryable"));
        });
        return result;
      }
      if (this._ending) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client was closed and is not queryable"));
        });
        return result;
      }
      if (this._queryQueue.length > 0 && !this.pipeline) {
        queryQueueLengthDeprecationNotice();
      }
      this._queryQueue.push(query);
      this._pulseQueryQueue();
      return result;
    };
    Client2.prototype.end = function(cb) {
      const self2 = this;
      this._ending = true;
      if (this._connecting && !this._connected) {
        this.once("connect", () => {
          this.end(() => {
          });
        });
      }
      let result;
      if (!cb) {
        result = new this._Promise(function(resolve, reject) {
          cb = /* @__PURE__ */ __name((err) => err ? reject(err) : resolve(), "cb");
        });
      }
      const doEnd = /* @__PURE__ */ __name(function() {
        self2.native.end(function() {
          self2._connected = false;
          self2._errorAllQueries(new Error("Connection terminated"));
          process.nextTick(() => {
            self2.emit("end");
            if (cb) cb();
          });
        });
      }, "doEnd");
      if (this.pipeline && (this._pipelineInFlight || this._queryQueue.length > 0)) {
        this.once("drain", doEnd);
      } else {
        doEnd();
      }
      return result;
    };
    Client2.prototype._hasActiveQuery = function() {
      return this._activeQuery && this._activeQuery.state !== "error" && this._activeQuery.state !== "end";
    };
    Client2.prototype._pulseQueryQueue = function(initialConnection) {
      if (!this._connected) {
        return;
      }
      if (this.pipeline && !initialConnection) {
        return this._pulsePipelinedQueryQueue();
      }
      if (this._hasActiveQuery()) {
        return;
      }
      const query = this._queryQueue.shift();
      if (!query) {
        if (!initialConnection) {
          this.emit("drain");
        }
        return;
      }
      this._activeQuery = query;
      query.submit(this);
      const self2 = this;
      query.once("_done", function() {
        self2._pulseQueryQueue();
      });
    };
    Client2.prototype._pulsePipelinedQueryQueue = function() {
      if (!this._connected || this._pipelineInFlight) {
        return;
      }
      if (this._queryQueue.length === 0) {
        if (this.hasExecuted) {
          this.emit("drain");
        }
        return;
      }
      this._pipelineInFlight = true;
      const self2 = this;
      const queries = [];
      const nativeQueries = [];
      const utils = require_utils();
      while (this._queryQueue.length > 0) {
        const query = this._queryQueue.shift();
        this.hasExecuted = true;
        nativeQueries.push(query);
        const values = query.values ? query.values.map(utils.prepareValue) : null;
        const pipelineEntry = { text: query.text, name: query.name, arrayMode: query._arrayMode };
        if (values) {
          pipelineEntry.values = values;
        }
        if (query.name && this.namedQueries[query.name]) {
          pipelineEntry._alreadyPrepared = true;
        }
        queries.push(pipelineEntry);
      }
      this.native.pipeline(queries, function(err, results) {
        self2._pipelineInFlight = false;
        if (err) {
          self2._connected = false;
          self2._queryable = false;
          for (let i = 0; i < nativeQueries.length; i++) {
            const q = nativeQueries[i];
            q.native = self2.native;
            q.handleError(err);
          }
          self2._errorAllQueries(err);
          self2.emit("error", err);
          self2.emit("end");
          return;
        }
        for (let i = 0; i < nativeQueries.length; i++) {
          const q = nativeQueries[i];
          const r = results[i];
          q.native = self2.native;
          if (r.err) {
            q.handleError(r.err);
          } else {
            if (q.name) {
              self2.namedQueries[q.name] = q.text;
            }
            q.state = "end";
            q.emit("end", r.result);
            if (q.callback) {
              q.callback(null, r.result);
            }
          }
          setImmediate(function() {
            q.emit("_done");
          });
        }
        self2._pulsePipelinedQueryQueue();
      });
    };
    Client2.prototype.cancel = function(query) {
      if (this._activeQuery === query) {
        this.native.cancel(function() {
        });
      } else if (this._queryQueue.indexOf(query) !== -1) {
        this._queryQueue.splice(this._queryQueue.indexOf(query), 1);
      }
    };
    Client2.prototype.ref = function() {
    };
    Client2.prototype.unref = function() {
    };
    Client2.prototype.setTypeParser = function(oid, format, parseFn) {
      return this._types.setTypeParser(oid, format, parseFn);
    };
    Client2.prototype.getTypeParser = function(oid, format) {
      return this._types.getTypeParser(oid, format);
    };
    Client2.prototype.isConnected = function() {
      return this._connected;
    };
    Client2.prototype.getTransactionStatus = function() {
      return this.native.getTransactionStatus();
    };
  }
});

// node_modules/pg/lib/native/index.js
var require_native = __commonJS({
  "node_modules/pg/lib/native/index.js"(exports, module) {
    "use strict";
    module.exports = require_client2();
  }
});

// node_modules/pg/lib/index.js
var require_lib2 = __commonJS({
  "node_modules/pg/lib/index.js"(exports, module) {
    "use strict";
    var Client2 = require_client();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var Result2 = require_result();
    var utils = require_utils();
    var Pool2 = require_pg_pool();
    var TypeOverrides2 = require_type_overrides();
    var { DatabaseError: DatabaseError2 } = require_dist();
    var { escapeIdentifier: escapeIdentifier2, escapeLiteral: escapeLiteral2 } = require_utils();
    var poolFactory = /* @__PURE__ */ __name((Client3) => {
      return class BoundPool extends Pool2 {
        static {
          __name(this, "BoundPool");
        }
        constructor(options) {
          super(options, Client3);
        }
      };
    }, "poolFactory");
    var PG = /* @__PURE__ */ __name(function(clientConstructor2) {
      this.defaults = defaults2;
      this.Client = clientConstructor2;
      this.Query = this.Client.Query;
      this.Pool = poolFactory(this.Client);
      this._pools = [];
      this.Connection = Connection2;
      this.types = require_pg_types();
      this.DatabaseError = DatabaseError2;
      this.TypeOverrides = TypeOverrides2;
      this.escapeIdentifier = escapeIdentifier2;
      this.escapeLiteral = escapeLiteral2;
      this.Result = Result2;
      this.utils = utils;
    }, "PG");
    var clientConstructor = Client2;
    var forceNative = false;
    try {
      forceNative = !!process.env.NODE_PG_FORCE_NATIVE;
    } catch {
    }
    if (forceNative) {
      clientConstructor = require_native();
    }
    module.exports = new PG(clientConstructor);
    Object.defineProperty(module.exports, "native", {
      configurable: true,
      enumerable: false,
      get() {
        let native = null;
        try {
          native = new PG(require_native());
        } catch (err) {
          if (err.code !== "MODULE_NOT_FOUND") {
            throw err;
          }
        }
        Object.defineProperty(module.exports, "native", {
          value: native
        });
        return native;
      }
    });
  }
});

// src/engine/time.ts
var import_dayjs = __toESM(require_dayjs_min(), 1);
var import_customParseFormat = __toESM(require_customParseFormat(), 1);
var import_timezone = __toESM(require_timezone(), 1);
var import_utc = __toESM(require_utc(), 1);
import_dayjs.default.extend(import_utc.default);
import_dayjs.default.extend(import_timezone.default);
import_dayjs.default.extend(import_customParseFormat.default);
var BUSINESS_TZ = "Asia/Shanghai";
function businessDay(d) {
  return (0, import_dayjs.default)(d).tz(BUSINESS_TZ).format("YYYY-MM-DD");
}
__name(businessDay, "businessDay");
function dayStart(day2) {
  return import_dayjs.default.tz(day2, "YYYY-MM-DD", BUSINESS_TZ).toDate();
}
__name(dayStart, "dayStart");
function dayEnd(day2) {
  return new Date(dayStart(day2).getTime() + 864e5 - 1e3);
}
__name(dayEnd, "dayEnd");
function addDays(day2, n) {
  return import_dayjs.default.tz(day2, "YYYY-MM-DD", BUSINESS_TZ).add(n, "day").format("YYYY-MM-DD");
}
__name(addDays, "addDays");
function yesterday(now = /* @__PURE__ */ new Date()) {
  return addDays(businessDay(now), -1);
}
__name(yesterday, "yesterday");
function nextMonthStart(d) {
  const [y, m] = (0, import_dayjs.default)(d).tz(BUSINESS_TZ).format("YYYY-M").split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
  return dayStart(next);
}
__name(nextMonthStart, "nextMonthStart");
function formatBusinessTime(d) {
  return (0, import_dayjs.default)(d).tz(BUSINESS_TZ).format("YYYY-MM-DD HH:mm");
}
__name(formatBusinessTime, "formatBusinessTime");
var DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
function parseDay(text3) {
  const t = text3.trim();
  if (!DAY_RE.test(t)) return void 0;
  const d = import_dayjs.default.tz(t, "YYYY-MM-DD", BUSINESS_TZ);
  return d.isValid() && d.format("YYYY-MM-DD") === t ? t : void 0;
}
__name(parseDay, "parseDay");

// src/engine/windows.ts
function parseDateTime(text3, side) {
  const day2 = parseDay(text3);
  if (day2) return side === "start" ? dayStart(day2) : dayEnd(day2);
  const t = text3.trim().replace("T", " ");
  for (const fmt of ["YYYY-MM-DD HH:mm:ss", "YYYY-MM-DD HH:mm"]) {
    const d = import_dayjs.default.tz(t, fmt, BUSINESS_TZ);
    if (d.isValid() && d.format(fmt) === t) return d.toDate();
  }
  return void 0;
}
__name(parseDateTime, "parseDateTime");
function parseUnixSeconds(text3) {
  const t = text3.trim();
  if (!/^\d{9,11}$/.test(t)) return void 0;
  return new Date(Number(t) * 1e3);
}
__name(parseUnixSeconds, "parseUnixSeconds");
function checkOrder(from, to, what) {
  if (from.getTime() > to.getTime()) {
    throw new TongbuError("WINDOW_INVALID", `${what}: the start is after the end`);
  }
  return { from, to };
}
__name(checkOrder, "checkOrder");
function planWindow(s, now = /* @__PURE__ */ new Date()) {
  const hasDates = Boolean(s.START_DATE || s.END_DATE);
  const hasTimes = Boolean(s.START_TIME || s.END_TIME);
  if (hasDates && hasTimes) {
    throw new TongbuError("WINDOW_INVALID", "set either START_DATE/END_DATE or START_TIME/END_TIME, not both");
  }
  if (hasDates) {
    if (!s.START_DATE || !s.END_DATE) throw new TongbuError("WINDOW_INVALID", "START_DATE and END_DATE must be set together");
    const from2 = parseDateTime(s.START_DATE, "start");
    if (!from2) throw new TongbuError("WINDOW_INVALID", `START_DATE "${s.START_DATE}" is not a date like 2026-02-01 or 2026-02-01 10:00:00`);
    const to = parseDateTime(s.END_DATE, "end");
    if (!to) throw new TongbuError("WINDOW_INVALID", `END_DATE "${s.END_DATE}" is not a date like 2026-02-11 or 2026-02-11 18:00:00`);
    return checkOrder(from2, to, `START_DATE ${s.START_DATE} .. END_DATE ${s.END_DATE}`);
  }
  if (hasTimes) {
    if (!s.START_TIME || !s.END_TIME) throw new TongbuError("WINDOW_INVALID", "START_TIME and END_TIME must be set together");
    const from2 = parseUnixSeconds(s.START_TIME);
    if (!from2) throw new TongbuError("WINDOW_INVALID", `START_TIME "${s.START_TIME}" is not unix seconds`);
    const to = parseUnixSeconds(s.END_TIME);
    if (!to) throw new TongbuError("WINDOW_INVALID", `END_TIME "${s.END_TIME}" is not unix seconds`);
    return checkOrder(from2, to, `START_TIME ${s.START_TIME} .. END_TIME ${s.END_TIME}`);
  }
  if (!Number.isInteger(s.SYNC_DAYS) || s.SYNC_DAYS < 1) {
    throw new TongbuError("WINDOW_INVALID", `SYNC_DAYS must be a whole number of days \u2265 1, got ${s.SYNC_DAYS}`);
  }
  const today = businessDay(now);
  const from = dayStart(import_dayjs.default.tz(today, "YYYY-MM-DD", BUSINESS_TZ).subtract(s.SYNC_DAYS, "day").format("YYYY-MM-DD"));
  return { from, to: truncateToSecond(now) };
}
__name(planWindow, "planWindow");
function parseRange(text3) {
  const t = text3.trim();
  const parts = t.split(/\s*(?:\.\.|~|～|至|到|\bto\b)\s*/).filter(Boolean);
  if (parts.length === 1) {
    const from2 = parseDateTime(parts[0], "start");
    const to2 = parseDateTime(parts[0], "end");
    if (!from2 || !to2) throw new TongbuError("WINDOW_INVALID", `"${t}" is not a date like 2026-02-11`);
    return { from: from2, to: to2 };
  }
  if (parts.length !== 2) throw new TongbuError("WINDOW_INVALID", `"${t}" is not a range like 2026-02-01..2026-02-12`);
  const from = parseDateTime(parts[0], "start");
  const to = parseDateTime(parts[1], "end");
  if (!from) throw new TongbuError("WINDOW_INVALID", `"${parts[0]}" is not a date like 2026-02-01`);
  if (!to) throw new TongbuError("WINDOW_INVALID", `"${parts[1]}" is not a date like 2026-02-12`);
  return checkOrder(from, to, t);
}
__name(parseRange, "parseRange");
function truncateToSecond(d) {
  return new Date(Math.floor(d.getTime() / 1e3) * 1e3);
}
__name(truncateToSecond, "truncateToSecond");
function daySlices(w) {
  const slices = [];
  let day2 = businessDay(w.from);
  const lastDay = businessDay(w.to);
  for (; ; ) {
    const start = dayStart(day2);
    const end = dayEnd(day2);
    slices.push({
      day: day2,
      from: new Date(Math.max(start.getTime(), w.from.getTime())),
      to: new Date(Math.min(end.getTime(), w.to.getTime()))
    });
    if (day2 === lastDay) break;
    day2 = import_dayjs.default.tz(day2, "YYYY-MM-DD", BUSINESS_TZ).add(1, "day").format("YYYY-MM-DD");
  }
  return slices;
}
__name(daySlices, "daySlices");
function slicesFor(w, spec = { days: 1 }) {
  if (spec === "none") return [{ from: w.from, to: w.to, day: businessDay(w.from) }];
  if ("minutes" in spec) {
    const step = spec.minutes * 6e4;
    const slices2 = [];
    for (let start = Math.floor(w.from.getTime() / step) * step; start <= w.to.getTime(); start += step) {
      const from = new Date(Math.max(start, w.from.getTime()));
      slices2.push({ from, to: new Date(Math.min(start + step - 1e3, w.to.getTime())), day: businessDay(from) });
    }
    return slices2;
  }
  const days2 = daySlices(w);
  if (spec.days <= 1) return days2;
  const slices = [];
  for (let i = 0; i < days2.length; i += spec.days) {
    const group = days2.slice(i, i + spec.days);
    slices.push({ from: group[0].from, to: group[group.length - 1].to, day: group[0].day });
  }
  return slices;
}
__name(slicesFor, "slicesFor");

// src/engine/types.ts
var PlatformError = class extends Error {
  constructor(kind, message, info = {}) {
    super(message);
    this.kind = kind;
    this.info = info;
    this.name = "PlatformError";
  }
  kind;
  info;
  static {
    __name(this, "PlatformError");
  }
};

// src/engine/platform-fetch.ts
async function platformFetch(req) {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? 3e4);
  let res;
  let text3;
  try {
    res = await fetch(req.url, {
      method: req.method ?? (req.json === void 0 ? "GET" : "POST"),
      headers: { ...req.json === void 0 ? {} : { "content-type": "application/json" }, ...req.headers },
      body: req.json === void 0 ? void 0 : JSON.stringify(req.json),
      signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
    });
    text3 = await res.text();
  } catch (e) {
    if (req.signal?.aborted) throw req.signal.reason ?? e;
    req.onApiError?.("network");
    const why = timeout.aborted ? `no answer within ${(req.timeoutMs ?? 3e4) / 1e3} s` : e.message;
    throw new PlatformError("network", `${req.label}: ${why}`);
  }
  let body;
  try {
    body = text3 ? req.lossless ? parseJsonLossless(text3) : JSON.parse(text3) : void 0;
  } catch {
    body = void 0;
  }
  const c = req.classify(res.status, body);
  if (c.kind === "ok") return body;
  req.onApiError?.(c.kind);
  const retryAfter = Number(res.headers.get("retry-after"));
  throw new PlatformError(c.kind, `${req.label}: ${c.message}`, {
    code: c.code,
    status: res.status,
    retryAfterMs: retryAfter > 0 ? retryAfter * 1e3 : void 0
  });
}
__name(platformFetch, "platformFetch");

// src/connectors/douyin-life/client.ts
var AUTH_EXPIRED = /* @__PURE__ */ new Set([2190008, 2190002, 28001008, 28001003]);
var RATE_LIMITED = /* @__PURE__ */ new Set([2119003, 28003018, 10020]);
var RETRYABLE = /* @__PURE__ */ new Set([2100004, 28001005, 5000001]);
var num = /* @__PURE__ */ __name((v) => typeof v === "string" ? Number(v) : typeof v === "number" ? v : 0, "num");
function classify(status, body) {
  if (status === 429) return { kind: "rateLimited", message: "HTTP 429 Too Many Requests" };
  if (status >= 500) return { kind: "retryable", message: `HTTP ${status}` };
  if (body === null || typeof body !== "object") return { kind: "malformed", message: `HTTP ${status} with a body that is not JSON` };
  const env = body;
  const code = num(env.extra?.error_code) || num(env.data?.error_code);
  const message = env.data?.description || env.extra?.description || env.message || "";
  if (code === 0) {
    if (status >= 400) return { kind: "fatal", message: `HTTP ${status}` };
    if (!env.data || typeof env.data !== "object") return { kind: "malformed", message: "the answer has no data object" };
    return { kind: "ok", message: "" };
  }
  if (AUTH_EXPIRED.has(code)) return { kind: "authExpired", code, message: message || "access_token expired" };
  if (RATE_LIMITED.has(code)) return { kind: "rateLimited", code, message: message || "too many requests" };
  if (RETRYABLE.has(code)) return { kind: "retryable", code, message: message || "system busy" };
  return { kind: "fatal", code, message: message || "request refused" };
}
__name(classify, "classify");
var DouyinLifeClient = class {
  constructor(ctx, clientKey, clientSecret, settings) {
    this.ctx = ctx;
    this.clientKey = clientKey;
    this.clientSecret = clientSecret;
    this.settings = settings;
  }
  ctx;
  clientKey;
  clientSecret;
  settings;
  static {
    __name(this, "DouyinLifeClient");
  }
  token;
  tokenInFlight;
  async call(method, path2, init, signal) {
    const url2 = new URL(path2, `${this.ctx.baseUrl}/`);
    for (const [k, v] of Object.entries(init.query ?? {})) url2.searchParams.set(k, v);
    return await platformFetch({ url: url2, method, headers: init.headers, json: init.body, signal, label: `\u6296\u97F3\u6765\u5BA2 /${path2}`, classify, onApiError: this.ctx.onApiError });
  }
  /** A client_token, cached until five minutes before it expires. */
  async accessToken() {
    if (this.token && this.token.expiresAt - 5 * 6e4 > Date.now()) return this.token.value;
    this.tokenInFlight ??= this.fetchToken().finally(() => {
      this.tokenInFlight = void 0;
    });
    return this.tokenInFlight;
  }
  async fetchToken() {
    const env = await this.call("POST", "oauth/client_token/", {
      body: { client_key: this.clientKey, client_secret: this.clientSecret, grant_type: "client_credential" }
    });
    const token = env.data?.access_token;
    if (typeof token !== "string" || !token) throw new PlatformError("malformed", "client_token answer has no access_token");
    const ttl = num(env.data?.expires_in) || 7200;
    this.token = { value: token, expiresAt: Date.now() + ttl * 1e3 };
    return token;
  }
  async refreshAuth() {
    this.token = void 0;
    await this.accessToken();
  }
  async queryOrders(q, signal) {
    const token = await this.accessToken();
    const query = {};
    for (const [k, v] of Object.entries(q)) if (v !== void 0) query[k] = String(v);
    const env = await this.call("GET", "goodlife/v1/trade/order/query/", { query, headers: { "access-token": token, "Rpc-Transit-Life-Account": q.account_id } }, signal);
    const data = env.data;
    if (data.orders !== void 0 && data.orders !== null && !Array.isArray(data.orders)) {
      throw new PlatformError("malformed", `page ${q.page_num}: "orders" is not a list`);
    }
    const orders2 = data.orders ?? [];
    if (orders2.some((o) => o === null || typeof o !== "object" || typeof o.order_id !== "string")) {
      throw new PlatformError("malformed", `page ${q.page_num}: an order has no order_id`);
    }
    return {
      orders: orders2,
      page: { page_num: num(data.page?.page_num) || q.page_num, page_size: num(data.page?.page_size) || q.page_size, total: num(data.page?.total) }
    };
  }
};

// src/connectors/douyin-life/daily-metrics.ts
var douyinLifeDailyMetrics = {
  sql: `SELECT d.day, $2::text AS account, x.metric, x.value, x.currency
          FROM (SELECT (pay_time AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(pay_amount) AS revenue, count(*) AS orders, sum(count) AS units
                  FROM douyin_life_orders
                 WHERE account_id = $2 AND pay_time IS NOT NULL
                   AND pay_time >= (SELECT min(x) FROM unnest($1::date[]) x)::timestamp AT TIME ZONE 'Asia/Shanghai'
                   AND pay_time < ((SELECT max(x) FROM unnest($1::date[]) x) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
                 GROUP BY 1) d
          CROSS JOIN LATERAL (VALUES ('revenue', d.revenue, 'CNY'), ('orders', d.orders::numeric, ''), ('units', d.units::numeric, '')) AS x(metric, value, currency)`
};

// src/connectors/douyin-life/mapping.ts
function fenToYuan(v) {
  if (v === null || v === void 0 || v === "") return null;
  const s = String(v).trim();
  if (!/^-?\d+$/.test(s)) return null;
  const neg = s.startsWith("-");
  const digits = (neg ? s.slice(1) : s).padStart(3, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -2).replace(/^0+(?=\d)/, "")}.${digits.slice(-2)}`;
}
__name(fenToYuan, "fenToYuan");
function unixToIso(v) {
  const n = typeof v === "string" ? Number(v) : typeof v === "number" ? v : 0;
  return n > 0 ? new Date(n * 1e3).toISOString() : null;
}
__name(unixToIso, "unixToIso");
function firstPhone(order) {
  const contacts = order.contacts;
  if (Array.isArray(contacts)) {
    for (const c of contacts) {
      const p = c?.phone;
      if (typeof p === "string" && p) return p;
    }
  }
  return void 0;
}
__name(firstPhone, "firstPhone");
function toOrderRow(order, account, clientSecret, stats) {
  let phone = null;
  const raw = firstPhone(order);
  if (raw) {
    if (/^[\d*+\- ]{5,20}$/.test(raw)) phone = raw;
    else if (isOnlineCipher(raw)) {
      if (stats) stats.online += 1;
    } else {
      try {
        phone = decryptField(raw, clientSecret);
      } catch {
        if (stats) stats.failed += 1;
      }
    }
  }
  const ext = order.ext_order_id ?? order.out_order_no ?? order.source_order_id;
  return {
    order_id: String(order.order_id),
    account_id: account,
    order_status: order.order_status === void 0 || order.order_status === null ? null : String(order.order_status),
    order_type: typeof order.order_type === "number" ? order.order_type : order.order_type ? Number(order.order_type) : null,
    sku_id: order.sku_id === void 0 ? null : String(order.sku_id),
    sku_name: order.sku_name ?? null,
    pay_amount: fenToYuan(order.pay_amount),
    original_amount: fenToYuan(order.original_amount),
    count: typeof order.count === "number" ? order.count : order.count ? Number(order.count) : null,
    pay_time: unixToIso(order.pay_time),
    create_time: unixToIso(order.create_order_time),
    update_time: unixToIso(order.update_order_time),
    source_order_id: ext === void 0 || ext === null || ext === "" ? null : String(ext),
    phone,
    raw_data: order
  };
}
__name(toOrderRow, "toOrderRow");

// src/connectors/douyin-life/mirror.ts
var DOUYIN_LIFE_ORDERS_MIRROR = {
  name: "douyin_life_orders",
  source: "douyin_life_orders",
  table: "\u6296\u97F3\u6765\u5BA2\u8BA2\u5355",
  key: ["order_id"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "create_time",
  dateField: "\u4E0B\u5355\u65F6\u95F4",
  aliases: ["douyin-life", "douyin", "\u6296\u97F3\u6765\u5BA2"],
  optIn: "orders",
  fields: [
    { column: "order_id", field: "\u8BA2\u5355\u53F7", type: "text" },
    { column: "account_id", field: "\u8D26\u6237ID", type: "text" },
    { column: "order_status", field: "\u8BA2\u5355\u72B6\u6001", type: "singleSelect" },
    { column: "sku_name", field: "\u5546\u54C1\u540D\u79F0", type: "text" },
    { column: "pay_amount", field: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", type: "number" },
    { column: "original_amount", field: "\u539F\u4EF7(\u5143)", type: "number" },
    { column: "count", field: "\u6570\u91CF", type: "number" },
    { column: "create_time", field: "\u4E0B\u5355\u65F6\u95F4", type: "date" },
    { column: "pay_time", field: "\u652F\u4ED8\u65F6\u95F4", type: "date" }
  ]
};

// src/connectors/douyin-life/settings.ts
var douyinLifeSettings = external_exports.object({
  DOUYIN_LIFE_CLIENT_KEY: optionalString(),
  DOUYIN_LIFE_CLIENT_SECRET: optionalString(),
  DOUYIN_LIFE_ACCOUNT_ID: list(),
  /** Real API: https://open.douyin.com. Empty: the emulator (sandbox) or the real host. */
  DOUYIN_LIFE_BASE_URL: url(),
  DOUYIN_LIFE_PAGE_SIZE: int(50, 1, 200),
  /** Window on create time (true) or update time (false). */
  DOUYIN_LIFE_USE_CREATE_TIME: bool(true),
  DOUYIN_LIFE_ORDER_STATUS: optionalInt(-1, 1e5),
  DOUYIN_LIFE_GET_SECRET_NUMBER: bool(false),
  /** The scheduled window: the last N days, or a fixed date(-time) or unix-seconds range. */
  DOUYIN_LIFE_SYNC_DAYS: int(7, 1, 3650),
  DOUYIN_LIFE_START_DATE: optionalString(),
  DOUYIN_LIFE_END_DATE: optionalString(),
  DOUYIN_LIFE_START_TIME: optionalString(),
  DOUYIN_LIFE_END_TIME: optionalString(),
  /** Seconds between scheduled runs (old script); ignored when DOUYIN_LIFE_CRON is set. */
  DOUYIN_LIFE_SYNC_INTERVAL: optionalInt(60, 86400),
  DOUYIN_LIFE_CRON: cron("0 * * * *")
});
var douyinLifeAliases = {
  APPID: "DOUYIN_LIFE_CLIENT_KEY",
  AppSecret: "DOUYIN_LIFE_CLIENT_SECRET",
  APP_SECRET: "DOUYIN_LIFE_CLIENT_SECRET",
  ACCOUNT_ID: "DOUYIN_LIFE_ACCOUNT_ID",
  PAGE_SIZE: "DOUYIN_LIFE_PAGE_SIZE",
  USE_CREATE_TIME: "DOUYIN_LIFE_USE_CREATE_TIME",
  ORDER_STATUS: "DOUYIN_LIFE_ORDER_STATUS",
  GET_SECRET_NUMBER: "DOUYIN_LIFE_GET_SECRET_NUMBER",
  SYNC_DAYS: "DOUYIN_LIFE_SYNC_DAYS",
  START_DATE: "DOUYIN_LIFE_START_DATE",
  END_DATE: "DOUYIN_LIFE_END_DATE",
  START_TIME: "DOUYIN_LIFE_START_TIME",
  END_TIME: "DOUYIN_LIFE_END_TIME",
  SYNC_INTERVAL: "DOUYIN_LIFE_SYNC_INTERVAL"
};

// src/connectors/douyin-life/index.ts
var DOUYIN_LIFE_REAL_BASE_URL = "https://open.douyin.com";
var orders = {
  name: "orders",
  table: "douyin_life_orders",
  primaryKey: ["order_id"],
  mode: "upsert",
  columns: [
    { name: "order_id", type: "text" },
    { name: "account_id", type: "text" },
    { name: "order_status", type: "text" },
    { name: "order_type", type: "integer" },
    { name: "sku_id", type: "text" },
    { name: "sku_name", type: "text" },
    { name: "pay_amount", type: "numeric" },
    { name: "original_amount", type: "numeric" },
    { name: "count", type: "integer" },
    { name: "pay_time", type: "timestamptz" },
    { name: "create_time", type: "timestamptz" },
    { name: "update_time", type: "timestamptz" },
    { name: "source_order_id", type: "text" },
    { name: "phone", type: "text" },
    { name: "raw_data", type: "json" }
  ],
  async fetchPage(client, req, signal) {
    const cfg = client.settings;
    const from = Math.floor(req.slice.from.getTime() / 1e3);
    const to = Math.floor(req.slice.to.getTime() / 1e3);
    const res = await client.queryOrders(
      {
        account_id: req.account,
        page_num: req.page,
        page_size: cfg.DOUYIN_LIFE_PAGE_SIZE,
        ...cfg.DOUYIN_LIFE_USE_CREATE_TIME ? { create_order_start_time: from, create_order_end_time: to } : { update_order_start_time: from, update_order_end_time: to },
        order_status: cfg.DOUYIN_LIFE_ORDER_STATUS,
        get_secret_number: cfg.DOUYIN_LIFE_GET_SECRET_NUMBER || void 0
      },
      signal
    );
    const full = res.orders.length >= cfg.DOUYIN_LIFE_PAGE_SIZE;
    const hasMore = full && (res.page.total === 0 || req.page * cfg.DOUYIN_LIFE_PAGE_SIZE < res.page.total);
    return { records: res.orders, hasMore };
  },
  toRows(records, ctx) {
    return records.map((o) => toOrderRow(o, ctx.account, ctx.client.clientSecret));
  }
};
async function summary(pool, day2) {
  const from = addDays(day2, -6);
  const r = await pool.query(
    `SELECT to_char(d::date, 'YYYY-MM-DD') AS day, count(o.order_id)::int AS orders, COALESCE(sum(o.pay_amount), 0)::text AS amount
       FROM generate_series($1::date, $2::date, interval '1 day') AS d
       LEFT JOIN douyin_life_orders o ON o.create_time >= (d::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
                                     AND o.create_time <  (d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      GROUP BY d ORDER BY d`,
    [from, day2]
  );
  const today = r.rows[r.rows.length - 1] ?? { orders: 0, amount: "0" };
  const paid = await pool.query(
    `SELECT count(*)::int AS paid FROM douyin_life_orders WHERE create_time BETWEEN $1 AND $2 AND pay_time IS NOT NULL`,
    [dayStart(day2), dayEnd(day2)]
  );
  return {
    title: "\u6296\u97F3\u6765\u5BA2 orders",
    figures: [
      { label: "Orders created", value: String(today.orders) },
      { label: "Paid orders", value: String(paid.rows[0]?.paid ?? 0) },
      { label: "Amount paid", value: `\xA5${Number(today.amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` }
    ],
    trend: { label: "Amount paid (\u5143)", points: r.rows.map((x) => ({ day: x.day, value: Number(x.amount) })) }
  };
}
__name(summary, "summary");
function windowSettings(s) {
  return {
    SYNC_DAYS: s.DOUYIN_LIFE_SYNC_DAYS,
    START_DATE: s.DOUYIN_LIFE_START_DATE,
    END_DATE: s.DOUYIN_LIFE_END_DATE,
    START_TIME: s.DOUYIN_LIFE_START_TIME,
    END_TIME: s.DOUYIN_LIFE_END_TIME
  };
}
__name(windowSettings, "windowSettings");
var douyinLife = defineConnector({
  name: "douyin-life",
  title: "\u6296\u97F3\u6765\u5BA2",
  aliases: ["douyin", "laike", "\u6296\u97F3", "\u6765\u5BA2", "\u6296\u97F3\u6765\u5BA2"],
  settings: { schema: douyinLifeSettings, aliases: douyinLifeAliases },
  setup(s) {
    return {
      configured: Boolean(s.DOUYIN_LIFE_CLIENT_KEY && s.DOUYIN_LIFE_CLIENT_SECRET && s.DOUYIN_LIFE_ACCOUNT_ID.length),
      accounts: s.DOUYIN_LIFE_ACCOUNT_ID,
      baseUrl: s.DOUYIN_LIFE_BASE_URL,
      realBaseUrl: DOUYIN_LIFE_REAL_BASE_URL
    };
  },
  createClient(ctx) {
    return new DouyinLifeClient(ctx, ctx.settings.DOUYIN_LIFE_CLIENT_KEY ?? "", ctx.settings.DOUYIN_LIFE_CLIENT_SECRET ?? "", ctx.settings);
  },
  streams: [orders],
  schedules(s) {
    let cron2 = s.DOUYIN_LIFE_CRON;
    if (s.DOUYIN_LIFE_SYNC_INTERVAL && cron2 === "0 * * * *") {
      const minutes = Math.max(1, Math.round(s.DOUYIN_LIFE_SYNC_INTERVAL / 60));
      cron2 = minutes >= 60 ? `0 */${Math.min(23, Math.round(minutes / 60))} * * *` : `*/${minutes} * * * *`;
    }
    return [{ name: "incremental", cron: cron2, window: /* @__PURE__ */ __name((now) => planWindow(windowSettings(s), now), "window") }];
  },
  emulator: /* @__PURE__ */ __name(() => import("./sandbox-DBZ4BKIC.js").then((m) => m.start), "emulator"),
  mirror: [DOUYIN_LIFE_ORDERS_MIRROR],
  redact: ["*.DOUYIN_LIFE_CLIENT_SECRET", "*.AppSecret", "*.APP_SECRET"],
  summary,
  dailyMetrics: douyinLifeDailyMetrics
});

// src/tokens/cipher.ts
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
var FINGERPRINT_LABEL = "tongbu token-key fingerprint v1";
function createTokenCipher(secret) {
  const key = createHash("sha256").update(secret, "utf8").digest();
  return {
    fingerprint: `v1:${createHmac("sha256", key).update(FINGERPRINT_LABEL, "utf8").digest("hex")}`,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${data.toString("base64")}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split(":");
      if (version !== "v1" || !iv || !tag || data === void 0) throw new TongbuError("TOKEN_KEY_MISMATCH", "unknown ciphertext format");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
        decipher.setAuthTag(Buffer.from(tag, "base64"));
        return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
      } catch (e) {
        throw new TongbuError("TOKEN_KEY_MISMATCH", "authentication tag check failed", { cause: e });
      }
    }
  };
}
__name(createTokenCipher, "createTokenCipher");
async function loadTokenKey(config, log) {
  if (config.TOKEN_ENCRYPTION_KEY) return config.TOKEN_ENCRYPTION_KEY;
  const file = path.join(config.DATA_DIR, "token-key");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  await mkdir(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    await writeFile(file, `${secret}
`, { mode: 384, flag: "wx" });
  } catch (e) {
    if (e.code === "EEXIST") return (await readFile(file, "utf8")).trim();
    throw e;
  }
  await chmod(file, 384);
  log.warn({ file }, "TOKEN_ENCRYPTION_KEY is empty: generated a token encryption key once into this file; back it up with the database");
  return secret;
}
__name(loadTokenKey, "loadTokenKey");

// src/tokens/key-fingerprint.ts
async function storedFingerprint(db) {
  const res = await db.query(`SELECT fingerprint FROM token_key_fingerprint`);
  return res.rows[0]?.fingerprint;
}
__name(storedFingerprint, "storedFingerprint");
function differs(mine, stored) {
  const short = /* @__PURE__ */ __name((f) => f.slice(0, 15), "short");
  return new TongbuError("TOKEN_KEY_DIFFERS", `this process's key has fingerprint ${short(mine)}\u2026, the database's tokens were encrypted under ${short(stored)}\u2026`);
}
__name(differs, "differs");
async function recordTokenKey(db, cipher) {
  await db.query(`INSERT INTO token_key_fingerprint (fingerprint) VALUES ($1) ON CONFLICT (only_row) DO NOTHING`, [cipher.fingerprint]);
  const stored = await storedFingerprint(db);
  if (stored !== void 0 && stored !== cipher.fingerprint) throw differs(cipher.fingerprint, stored);
}
__name(recordTokenKey, "recordTokenKey");
async function checkTokenKey(pool, cipher) {
  const stored = await storedFingerprint(pool);
  if (stored !== void 0) {
    if (stored !== cipher.fingerprint) throw differs(cipher.fingerprint, stored);
    return;
  }
  const sample = (await pool.query(`SELECT access_token_enc FROM platform_tokens LIMIT 1`)).rows[0];
  if (!sample) return;
  try {
    cipher.decrypt(sample.access_token_enc);
  } catch (e) {
    throw new TongbuError("TOKEN_KEY_DIFFERS", "the stored tokens cannot be decrypted with this process's key", { cause: e });
  }
  await recordTokenKey(pool, cipher);
}
__name(checkTokenKey, "checkTokenKey");

// src/tokens/store.ts
import { randomBytes as randomBytes2 } from "node:crypto";

// src/tokens/types.ts
var RefreshRejectedError = class extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
    this.name = "RefreshRejectedError";
  }
  code;
  static {
    __name(this, "RefreshRejectedError");
  }
};

// src/tokens/store.ts
var DEFAULT_REFRESH_BEFORE_MS = 60 * 6e4;
var tokenAlertKey = /* @__PURE__ */ __name((platform, account) => `token:${platform}:${account}`, "tokenAlertKey");
var ALERT_LINK_STATE_MS = 7 * 24 * 36e5;
var AUTH_STATE_MS = 30 * 6e4;
var TokenStore = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  static {
    __name(this, "TokenStore");
  }
  providers = /* @__PURE__ */ new Map();
  refreshBefore = /* @__PURE__ */ new Map();
  /** Register (or replace) a platform's OAuth provider, refreshed `refreshBeforeMs` ahead of expiry. */
  register(provider, refreshBeforeMs = DEFAULT_REFRESH_BEFORE_MS) {
    this.providers.set(provider.platform, provider);
    this.refreshBefore.set(provider.platform, refreshBeforeMs);
    return this;
  }
  provider(platform) {
    const p = this.providers.get(platform);
    if (!p) throw new TongbuError("TOKEN_PLATFORM_UNKNOWN", platform);
    return p;
  }
  platforms() {
    return [...this.providers.keys()];
  }
  /** Store a new grant (after an authorisation), replacing any earlier one under this name. */
  async save(platform, account, grant) {
    const { cipher } = this.deps;
    await recordTokenKey(this.deps.pool, cipher);
    const now = Date.now();
    await this.deps.pool.query(
      `INSERT INTO platform_tokens (platform, account, access_token_enc, refresh_token_enc, access_expires_at, refresh_expires_at,
         granted_accounts, authorised_at, last_refresh_at, last_refresh_ok, last_refresh_error, refresh_count, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), NULL, NULL, NULL, 0, now())
       ON CONFLICT (platform, account) DO UPDATE SET access_token_enc = EXCLUDED.access_token_enc,
         refresh_token_enc = EXCLUDED.refresh_token_enc, access_expires_at = EXCLUDED.access_expires_at,
         refresh_expires_at = EXCLUDED.refresh_expires_at, granted_accounts = EXCLUDED.granted_accounts,
         authorised_at = now(), last_refresh_ok = NULL, last_refresh_error = NULL, updated_at = now()`,
      [
        platform,
        account,
        cipher.encrypt(grant.accessToken),
        cipher.encrypt(grant.refreshToken),
        new Date(now + grant.accessExpiresIn * 1e3),
        new Date(now + grant.refreshExpiresIn * 1e3),
        grant.grantedAccounts ?? []
      ]
    );
    this.setGauges(platform, account, new Date(now + grant.accessExpiresIn * 1e3), new Date(now + grant.refreshExpiresIn * 1e3));
    await this.notifier()?.recover(tokenAlertKey(platform, account), `${this.title(platform)} is authorised again (${account}).`);
  }
  /** A usable access token, refreshed first when less than the configured margin is left. */
  async getValidAccessToken(platform, account) {
    const row = await this.read(this.deps.pool, platform, account);
    if (!row) throw new TongbuError("TOKEN_MISSING", `${this.title(platform)} (${account})`);
    if (!this.needsRefresh(row)) return this.deps.cipher.decrypt(row.access_token_enc);
    return this.refresh(platform, account);
  }
  /**
   * Refresh under the row lock and return the access token to use. Without `force`, a token that
   * another caller already renewed is returned as is; a failed refresh that still leaves a live
   * access token returns that token (the alert has gone out) so syncs keep running meanwhile.
   */
  async refresh(platform, account, opts = {}) {
    const { pool, cipher, log } = this.deps;
    const provider = this.provider(platform);
    const client = await pool.connect();
    let failure;
    let result;
    try {
      await client.query("BEGIN");
      const row = await this.read(client, platform, account, true);
      if (!row) throw new TongbuError("TOKEN_MISSING", `${provider.title} (${account})`);
      const renewedByOther = opts.unlessRefreshedSince && row.last_refresh_ok && row.last_refresh_at && row.last_refresh_at > opts.unlessRefreshedSince;
      if (!opts.force && !this.needsRefresh(row) || renewedByOther) {
        await client.query("COMMIT");
        return cipher.decrypt(row.access_token_enc);
      }
      let grant;
      try {
        grant = await provider.refresh(cipher.decrypt(row.refresh_token_enc));
      } catch (error) {
        failure = { error, row };
        await client.query(
          `UPDATE platform_tokens SET last_refresh_at = now(), last_refresh_ok = false, last_refresh_error = $3, updated_at = now()
           WHERE platform = $1 AND account = $2`,
          [platform, account, error.message.slice(0, 500)]
        );
        await client.query("COMMIT");
        throw error;
      }
      const now = Date.now();
      const accessExpiresAt = new Date(now + grant.accessExpiresIn * 1e3);
      const refreshExpiresAt = new Date(now + grant.refreshExpiresIn * 1e3);
      await client.query(
        `UPDATE platform_tokens SET access_token_enc = $3, refresh_token_enc = $4, access_expires_at = $5, refresh_expires_at = $6,
           granted_accounts = CASE WHEN cardinality($7::text[]) > 0 THEN $7::text[] ELSE granted_accounts END,
           last_refresh_at = now(), last_refresh_ok = true, last_refresh_error = NULL, refresh_count = refresh_count + 1, updated_at = now()
         WHERE platform = $1 AND account = $2`,
        [platform, account, cipher.encrypt(grant.accessToken), cipher.encrypt(grant.refreshToken), accessExpiresAt, refreshExpiresAt, grant.grantedAccounts ?? []]
      );
      await client.query("COMMIT");
      log.info({ platform, account, accessExpiresAt, refreshExpiresAt }, "token refreshed");
      this.setGauges(platform, account, accessExpiresAt, refreshExpiresAt);
      result = grant.accessToken;
    } catch (e) {
      if (!failure) {
        await client.query("ROLLBACK").catch(() => void 0);
        throw e;
      }
    } finally {
      client.release();
    }
    if (failure) return this.onRefreshFailed(platform, account, failure.row, failure.error, opts);
    await this.notifier()?.recover(tokenAlertKey(platform, account), `${provider.title} token renewed (${account}).`);
    return result;
  }
  async onRefreshFailed(platform, account, row, error, opts) {
    const provider = this.provider(platform);
    const rejected = error instanceof RefreshRejectedError;
    const reason = error.message;
    this.deps.log.error({ platform, account, rejected, reason }, "token refresh failed");
    const link = await this.authorizationLink(platform, account, ALERT_LINK_STATE_MS);
    await this.notifier()?.alert({
      key: tokenAlertKey(platform, account),
      title: `${provider.title} token refresh failed (${account})`,
      message: rejected ? `The platform refused the refresh token (${reason}). Syncs stop when the access token runs out.` : `The refresh did not go through (${reason}); it is tried again on the next sync.`,
      action: rejected ? "re-authorise" : "If it repeats, re-authorise with the link.",
      link: { text: `Re-authorise ${provider.title}`, url: link }
    });
    if (!opts.force && row.access_expires_at.getTime() > Date.now()) return this.deps.cipher.decrypt(row.access_token_enc);
    throw new TongbuError("TOKEN_REFRESH_FAILED", `${provider.title} (${account}): ${reason}`, { cause: error });
  }
  /** The grant that covers a partition account: the one listing it, else the only grant. */
  async grantFor(platform, partitionAccount, preferred) {
    const rows = (await this.deps.pool.query(
      `SELECT account, granted_accounts FROM platform_tokens WHERE platform = $1 ORDER BY account`,
      [platform]
    )).rows;
    const listing = rows.find((r) => r.granted_accounts.includes(partitionAccount));
    if (listing) return listing.account;
    if (preferred && rows.some((r) => r.account === preferred)) return preferred;
    if (rows.length === 1) return rows[0].account;
    throw new TongbuError("TOKEN_MISSING", `${this.title(platform)} grant covering account ${partitionAccount}`);
  }
  async status(platform) {
    const rows = (await this.deps.pool.query(
      `SELECT * FROM platform_tokens WHERE ($1::text IS NULL OR platform = $1) ORDER BY platform, account`,
      [platform ?? null]
    )).rows;
    const now = Date.now();
    return rows.map((r) => {
      this.setGauges(r.platform, r.account, r.access_expires_at, r.refresh_expires_at);
      return {
        platform: r.platform,
        account: r.account,
        grantedAccounts: r.granted_accounts,
        accessExpiresAt: r.access_expires_at,
        refreshExpiresAt: r.refresh_expires_at,
        accessSecondsLeft: Math.floor((r.access_expires_at.getTime() - now) / 1e3),
        refreshSecondsLeft: Math.floor((r.refresh_expires_at.getTime() - now) / 1e3),
        lastRefreshAt: r.last_refresh_at,
        lastRefreshOk: r.last_refresh_ok,
        lastRefreshError: r.last_refresh_error,
        refreshCount: r.refresh_count
      };
    });
  }
  /** An authorisation link with a fresh single-use state that names the grant. */
  async authorizationLink(platform, account, validMs = AUTH_STATE_MS) {
    const provider = this.provider(platform);
    const state = randomBytes2(16).toString("hex");
    await this.deps.pool.query(`INSERT INTO oauth_states (state, platform, account, expires_at) VALUES ($1, $2, $3, $4)`, [
      state,
      platform,
      account,
      new Date(Date.now() + validMs)
    ]);
    await this.deps.pool.query(`DELETE FROM oauth_states WHERE expires_at < now()`);
    return provider.authorizationUrl(state);
  }
  /** The OAuth callback: check the state (once), exchange the code, store the grant. */
  async completeAuthorization(platform, state, code) {
    const found = await this.deps.pool.query(
      `DELETE FROM oauth_states WHERE state = $1 AND platform = $2 AND expires_at > now() RETURNING account`,
      [state, platform]
    );
    const account = found.rows[0]?.account;
    if (!account) throw new TongbuError("TOKEN_STATE_INVALID", state.slice(0, 8) || "empty");
    return this.authorizeWithCode(platform, account, code);
  }
  /** Exchange a code a person pasted (CLI) and store the grant under `account`. */
  async authorizeWithCode(platform, account, code) {
    const grant = await this.provider(platform).exchangeCode(code);
    await this.save(platform, account, grant);
    this.deps.log.info({ platform, account, grantedAccounts: grant.grantedAccounts ?? [] }, "authorised");
    return { account, grantedAccounts: grant.grantedAccounts ?? [] };
  }
  /** Re-read every grant's expiry into the metrics gauges (on scrape). */
  async refreshGauges() {
    await this.status();
  }
  notifier() {
    return this.deps.notifierOf?.() ?? this.deps.notifier;
  }
  needsRefresh(row) {
    return row.access_expires_at.getTime() - Date.now() < (this.refreshBefore.get(row.platform) ?? DEFAULT_REFRESH_BEFORE_MS);
  }
  title(platform) {
    return this.providers.get(platform)?.title ?? platform;
  }
  setGauges(platform, account, accessExpiresAt, refreshExpiresAt) {
    const g = this.deps.metrics?.tokenExpiry;
    if (!g) return;
    const now = Date.now();
    g.set({ platform, account, kind: "access" }, Math.floor((accessExpiresAt.getTime() - now) / 1e3));
    g.set({ platform, account, kind: "refresh" }, Math.floor((refreshExpiresAt.getTime() - now) / 1e3));
  }
  async read(db, platform, account, lock = false) {
    const res = await db.query(
      `SELECT * FROM platform_tokens WHERE platform = $1 AND account = $2${lock ? " FOR UPDATE" : ""}`,
      [platform, account]
    );
    return res.rows[0];
  }
};

// src/tokens/index.ts
async function openTokenStore(deps) {
  const cipher = createTokenCipher(await loadTokenKey(deps.config, deps.log));
  await checkTokenKey(deps.pool, cipher);
  const store = new TokenStore({
    pool: deps.pool,
    log: deps.log.child({ mod: "tokens" }),
    cipher,
    metrics: deps.metrics,
    notifier: deps.notifier,
    notifierOf: deps.notifierOf
  });
  for (const p of deps.providers ?? []) if (p.provider) store.register(p.provider, p.refreshBeforeMs);
  return store;
}
__name(openTokenStore, "openTokenStore");

// src/connectors/oceanengine-local/oauth.ts
var OCEANENGINE_PLATFORM = "oceanengine";
var REFRESH_DEAD_CODES = /* @__PURE__ */ new Set([40107, 40103, 40104, 40109]);
function oceanengineOAuth(opts) {
  if (!/^\d+$/.test(opts.appId)) throw new TongbuError("CONFIG_INVALID", "OCEANENGINE_APP_ID must be the numeric app id");
  async function post(path2, fields) {
    const body = `{"app_id":${opts.appId},${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(",")}}`;
    const res = await fetch(`${opts.baseUrl}${path2}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15e3)
    });
    const text3 = await res.text();
    if (res.status >= 500) throw new Error(`HTTP ${res.status} from ${path2}`);
    try {
      return parseJsonLossless(text3);
    } catch {
      throw new Error(`HTTP ${res.status} from ${path2}: not JSON`);
    }
  }
  __name(post, "post");
  function toGrant(data, path2) {
    const d = data ?? {};
    if (typeof d.access_token !== "string" || typeof d.refresh_token !== "string") throw new Error(`${path2}: no tokens in the answer`);
    const ids = Array.isArray(d.advertiser_ids) ? d.advertiser_ids.map(String) : void 0;
    return {
      accessToken: d.access_token,
      refreshToken: d.refresh_token,
      accessExpiresIn: Number(d.expires_in ?? 86400),
      refreshExpiresIn: Number(d.refresh_token_expires_in ?? 30 * 86400),
      grantedAccounts: ids
    };
  }
  __name(toGrant, "toGrant");
  return {
    platform: OCEANENGINE_PLATFORM,
    title: "\u5DE8\u91CF\u5F15\u64CE",
    async exchangeCode(code) {
      const path2 = "/open_api/oauth2/access_token/";
      const res = await post(path2, { secret: opts.secret, grant_type: "auth_code", auth_code: code.trim() });
      if (res.code !== 0) throw new TongbuError("TOKEN_AUTH_CODE_REJECTED", `code ${String(res.code)}: ${String(res.message ?? "")}`);
      return toGrant(res.data, path2);
    },
    async refresh(refreshToken) {
      const path2 = "/open_api/oauth2/refresh_token/";
      const res = await post(path2, { secret: opts.secret, grant_type: "refresh_token", refresh_token: refreshToken });
      if (res.code !== 0) {
        const code = Number(res.code);
        const message = `code ${String(res.code)}: ${String(res.message ?? "")}`;
        if (REFRESH_DEAD_CODES.has(code)) throw new RefreshRejectedError(message, code);
        throw new Error(message);
      }
      return toGrant(res.data, path2);
    },
    authorizationUrl(state) {
      const u = new URL(opts.authBaseUrl);
      u.searchParams.set("app_id", opts.appId);
      u.searchParams.set("state", state);
      if (opts.redirectUri) u.searchParams.set("redirect_uri", opts.redirectUri);
      return u.toString();
    }
  };
}
__name(oceanengineOAuth, "oceanengineOAuth");

// src/connectors/oceanengine-local/boot.ts
async function seedSandboxGrant(tokens, grant, log, platform = OCEANENGINE_PLATFORM) {
  if ((await tokens.status(platform)).length) return false;
  const link = await tokens.authorizationLink(platform, grant);
  const res = await fetch(link, { redirect: "manual" });
  let code;
  let state;
  if (res.status === 302) {
    const back = new URL(res.headers.get("location") ?? "");
    code = back.searchParams.get("auth_code");
    state = back.searchParams.get("state");
  } else {
    const body = await res.json();
    code = body.data?.auth_code ?? null;
    state = body.data?.state ?? null;
  }
  if (!code || !state) throw new Error(`the \u5DE8\u91CF\u5F15\u64CE emulator did not issue an auth code (HTTP ${res.status})`);
  const done = await tokens.completeAuthorization(platform, state, code);
  log.info({ grant, accounts: done.grantedAccounts }, "\u5DE8\u91CF\u5F15\u64CE (sandbox): authorised against the built-in emulator");
  return true;
}
__name(seedSandboxGrant, "seedSandboxGrant");

// src/connectors/oceanengine-local/client.ts
var REPORT_PATH = "/open_api/v3.0/local/report/promotion/get/";
var REPORT_METRICS = ["stat_cost", "convert_cnt", "clue_pay_order_cnt", "show_cnt", "click_cnt"];
function classify2(status, body) {
  if (status === 429) return { kind: "rateLimited", message: "HTTP 429" };
  if (status >= 500) return { kind: "retryable", message: `HTTP ${status}` };
  if (!body || typeof body !== "object") return { kind: status >= 400 ? "fatal" : "malformed", message: `HTTP ${status}: not a JSON object` };
  const { code, message } = body;
  if (typeof code !== "number") return { kind: "malformed", message: `HTTP ${status}: no numeric code in the envelope` };
  const text3 = `code ${code}: ${typeof message === "string" ? message : ""}`;
  if (code === 0) return status === 200 ? { kind: "ok", code, message: text3 } : { kind: "retryable", code, message: `HTTP ${status} with ${text3}` };
  if (code === 40100) return { kind: "rateLimited", code, message: text3 };
  if (code === 40102 || code === 40105) return { kind: "authExpired", code, message: text3 };
  if (code >= 5e4 && code < 6e4) return { kind: "retryable", code, message: text3 };
  return { kind: "fatal", code, message: text3 };
}
__name(classify2, "classify");
var OceanengineLocalClient = class {
  constructor(o) {
    this.o = o;
  }
  o;
  static {
    __name(this, "OceanengineLocalClient");
  }
  /** When the access token in use was read; a forced refresh is skipped if someone renewed after. */
  tokenReadAt = /* @__PURE__ */ new Date(0);
  async grant(store) {
    return store.grantFor(OCEANENGINE_PLATFORM, this.o.account, this.o.ctx.settings.OCEANENGINE_GRANT);
  }
  async refreshAuth() {
    const store = await this.o.tokens();
    await store.refresh(OCEANENGINE_PLATFORM, await this.grant(store), { force: true, unlessRefreshedSince: this.tokenReadAt });
  }
  /** One page of one day's promotion report. */
  async reportPage(day2, page, signal) {
    const store = await this.o.tokens();
    this.tokenReadAt = /* @__PURE__ */ new Date();
    const accessToken = await store.getValidAccessToken(OCEANENGINE_PLATFORM, await this.grant(store));
    const url2 = new URL(`${this.o.ctx.baseUrl}${REPORT_PATH}`);
    url2.searchParams.set("local_account_id", this.o.account);
    url2.searchParams.set("start_date", day2);
    url2.searchParams.set("end_date", day2);
    url2.searchParams.set("metrics", JSON.stringify(REPORT_METRICS));
    url2.searchParams.set("time_granularity", "TIME_GRANULARITY_DAILY");
    url2.searchParams.set("page", String(page));
    url2.searchParams.set("page_size", String(this.o.pageSize));
    const body = await platformFetch({
      url: url2,
      headers: { "Access-Token": accessToken },
      signal,
      label: `\u5DE8\u91CF\u672C\u5730\u63A8 ${REPORT_PATH} (account ${this.o.account})`,
      classify: classify2,
      lossless: true,
      onApiError: this.o.ctx.onApiError
    });
    const data = body.data;
    const info = data?.page_info;
    if (!data || !Array.isArray(data.promotion_list) || !info || typeof info.total_page !== "number") {
      this.o.ctx.onApiError?.("malformed");
      throw new PlatformError("malformed", `\u5DE8\u91CF\u672C\u5730\u63A8 ${REPORT_PATH} (account ${this.o.account}): data.promotion_list or data.page_info missing`);
    }
    return { records: data.promotion_list, page, totalPage: info.total_page };
  }
};

// src/money.ts
function yuanToDecimal(value) {
  let text3;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite amount: ${value}`);
    text3 = /e/i.test(String(value)) ? value.toFixed(20) : String(value);
  } else if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    text3 = value.trim();
  } else {
    throw new Error(`not an amount: ${JSON.stringify(value)}`);
  }
  return centsToDecimal(decimalToCents(text3));
}
__name(yuanToDecimal, "yuanToDecimal");
function decimalToCents(text3) {
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text3.trim());
  if (!m) throw new Error(`not a decimal: ${text3}`);
  const [, sign, whole, frac = ""] = m;
  let cents = BigInt(whole) * 100n + BigInt((frac + "00").slice(0, 2));
  if ((frac[2] ?? "0") >= "5") cents += 1n;
  return sign === "-" ? -cents : cents;
}
__name(decimalToCents, "decimalToCents");
function centsToDecimal(cents) {
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? "-" : ""}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}
__name(centsToDecimal, "centsToDecimal");
function divideToDecimal(amount, count3) {
  if (!count3) return null;
  const cents = decimalToCents(amount);
  const n = BigInt(count3);
  const neg = cents < 0n !== n < 0n;
  const a = cents < 0n ? -cents : cents;
  const b = n < 0n ? -n : n;
  const q = (a * 2n + b) / (2n * b);
  return centsToDecimal(neg ? -q : q);
}
__name(divideToDecimal, "divideToDecimal");
function fenToYuan2(value) {
  if (value === "" || value === null || value === void 0) return null;
  const text3 = typeof value === "number" ? Number.isSafeInteger(value) ? String(value) : "" : String(value).trim();
  if (!/^-?\d+$/.test(text3)) throw new Error(`not a whole number of fen: ${JSON.stringify(value)}`);
  return minorToMajor(text3, 2);
}
__name(fenToYuan2, "fenToYuan");
var MINOR_DIGITS = { JPY: 0, KRW: 0, VND: 0, CLP: 0, HUF: 2, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3 };
var KNOWN_CURRENCIES = /* @__PURE__ */ new Set(["CNY", "USD", "EUR", "GBP", "JPY", "KRW", "AUD", "CAD", "NZD", "MXN", "BRL", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "SGD", "MYR", "THB", "PHP", "IDR", "VND", "HKD", "TWD", "AED", "SAR", "QAR", "KWD", "BHD", "OMR", "JOD", "ILS", "TRY", "ZAR", "CLP", "COP", "PEN", "TND"]);
function minorDigits(currency) {
  const c = currency.trim().toUpperCase();
  if (!KNOWN_CURRENCIES.has(c)) throw new Error(`unknown currency: ${JSON.stringify(currency)}`);
  return MINOR_DIGITS[c] ?? 2;
}
__name(minorDigits, "minorDigits");
function minorToMajor(value, digits) {
  const text3 = String(value).trim();
  if (!/^-?\d+$/.test(text3)) throw new Error(`not a whole number of minor units: ${JSON.stringify(value)}`);
  const neg = text3.startsWith("-");
  const abs = (neg ? text3.slice(1) : text3).replace(/^0+(?=\d)/, "");
  if (digits === 0) return `${neg && abs !== "0" ? "-" : ""}${abs}`;
  const padded = abs.padStart(digits + 1, "0");
  const out = `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
  return neg && /[1-9]/.test(abs) ? `-${out}` : out;
}
__name(minorToMajor, "minorToMajor");
function minorToMajorIn(value, currency) {
  return minorToMajor(value, minorDigits(currency));
}
__name(minorToMajorIn, "minorToMajorIn");
function formatYuan(amount) {
  const [whole = "0", frac = ""] = amount.replace(/^-/, "").split(".");
  return `${amount.startsWith("-") ? "-" : ""}\xA5${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${(frac + "00").slice(0, 2)}`;
}
__name(formatYuan, "formatYuan");

// src/connectors/oceanengine-local/daily-report.ts
var DAILY_TABLE = "oceanengine_local_daily";
var DAILY_COLUMNS = [
  { name: "stat_date", type: "date" },
  { name: "account_id", type: "text" },
  { name: "unit_id", type: "text" },
  { name: "unit_name", type: "text" },
  { name: "project_id", type: "text" },
  { name: "project_name", type: "text" },
  { name: "spend", type: "numeric" },
  { name: "conversions", type: "integer" },
  { name: "cost_per_conversion", type: "numeric" },
  { name: "group_buy_leads", type: "integer" },
  { name: "show_cnt", type: "bigint" },
  { name: "click_cnt", type: "bigint" },
  { name: "raw_data", type: "jsonb" }
];
function count(r, field, required) {
  const v = r[field];
  if (v === void 0 || v === null) {
    if (required) return 0;
    return null;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new PlatformError("malformed", `promotion ${String(r.promotion_id)}: ${field} is not a count (${JSON.stringify(v)})`);
  return n;
}
__name(count, "count");
function toDailyRows(records, account) {
  return records.map((r) => {
    if (r.promotion_id === void 0 || r.promotion_id === null || !/^\d{4}-\d{2}-\d{2}$/.test(String(r.stat_time_day))) {
      throw new PlatformError("malformed", `a promotion_list item lacks promotion_id or stat_time_day: ${JSON.stringify(r).slice(0, 200)}`);
    }
    let spend;
    try {
      spend = yuanToDecimal(r.stat_cost ?? 0);
    } catch (e) {
      throw new PlatformError("malformed", `promotion ${String(r.promotion_id)}: stat_cost ${e.message}`);
    }
    const conversions = count(r, "convert_cnt", true);
    return {
      stat_date: r.stat_time_day,
      account_id: account,
      unit_id: String(r.promotion_id),
      unit_name: r.promotion_name ?? null,
      project_id: r.project_id === void 0 || r.project_id === null ? null : String(r.project_id),
      project_name: r.project_name ?? null,
      spend,
      conversions,
      cost_per_conversion: divideToDecimal(spend, conversions),
      group_buy_leads: count(r, "clue_pay_order_cnt", true),
      show_cnt: count(r, "show_cnt", false),
      click_cnt: count(r, "click_cnt", false),
      raw_data: r
    };
  });
}
__name(toDailyRows, "toDailyRows");
var dailyReportStream = {
  name: "daily_report",
  table: DAILY_TABLE,
  primaryKey: ["stat_date", "account_id", "unit_id"],
  columns: DAILY_COLUMNS,
  mode: "replace",
  replaceBy: { account: "account_id", day: "stat_date" },
  volatileColumns: ["synced_at"],
  async fetchPage(client, req, signal) {
    const page = await client.reportPage(req.slice.day, req.page, signal);
    const stray = page.records.find((r) => r.stat_time_day !== req.slice.day);
    if (stray) throw new PlatformError("malformed", `asked for ${req.slice.day}, got a row for ${String(stray.stat_time_day)}`);
    return { records: page.records, hasMore: page.page < page.totalPage };
  },
  toRows(records, ctx) {
    return toDailyRows(records, ctx.account);
  }
};

// src/connectors/oceanengine-local/daily-metrics.ts
var oceanengineLocalDailyMetrics = {
  sql: `SELECT d.stat_date AS day, $2::text AS account, x.metric, x.value, x.currency
          FROM (SELECT stat_date, sum(spend) AS spend, sum(conversions) AS conversions
                  FROM oceanengine_local_daily WHERE account_id = $2 AND stat_date = ANY($1::date[]) GROUP BY stat_date) d
          CROSS JOIN LATERAL (VALUES ('ad_spend', d.spend, 'CNY'), ('conversions', d.conversions::numeric, '')) AS x(metric, value, currency)`
};

// src/connectors/oceanengine-local/export.ts
var dailyReportExport = {
  name: "daily_report",
  title: "\u5DE8\u91CF\u672C\u5730\u63A8",
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT to_char(stat_date, 'YYYY-MM-DD') AS stat_date, account_id, unit_id, unit_name, spend::text, conversions,
              cost_per_conversion::text, group_buy_leads
       FROM ${DAILY_TABLE} WHERE stat_date BETWEEN $1 AND $2 ORDER BY stat_date, account_id, unit_id`,
      [first, last]
    );
    const t = (await pool.query(
      `SELECT sum(spend)::text AS spend, sum(conversions)::int AS conversions, sum(group_buy_leads)::int AS leads
         FROM ${DAILY_TABLE} WHERE stat_date BETWEEN $1 AND $2`,
      [first, last]
    )).rows[0];
    const spend = t?.spend ?? "0.00";
    const conversions = t?.conversions ?? 0;
    return {
      columns: [
        { header: "\u65F6\u95F4", key: "stat_date", width: 12 },
        { header: "\u8D26\u6237ID", key: "account_id", width: 20 },
        { header: "\u5355\u5143ID", key: "unit_id", width: 22 },
        { header: "\u5355\u5143\u540D\u79F0", key: "unit_name", width: 28 },
        { header: "\u6D88\u8017(\u5143)", key: "spend", width: 14, money: true },
        { header: "\u8F6C\u5316\u6570", key: "conversions", width: 10 },
        { header: "\u8F6C\u5316\u6210\u672C(\u5143)", key: "cost_per_conversion", width: 14, money: true },
        { header: "\u56E2\u8D2D\u7EBF\u7D22\u6570", key: "group_buy_leads", width: 12 }
      ],
      rows,
      totals: {
        stat_date: "\u5408\u8BA1",
        unit_name: `${rows.length} \u6761`,
        spend,
        conversions,
        cost_per_conversion: divideToDecimal(spend, conversions),
        group_buy_leads: t?.leads ?? 0
      }
    };
  }
};

// src/connectors/oceanengine-local/mirror.ts
var OCEANENGINE_LOCAL_DAILY_MIRROR = {
  name: "oceanengine_local_daily",
  source: "oceanengine_local_daily",
  table: "\u5DE8\u91CF\u672C\u5730\u63A8\u65E5\u62A5",
  key: ["stat_date", "account_id", "unit_id"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "stat_date",
  dateField: "\u65F6\u95F4",
  aliases: ["oceanengine", "oceanengine-local", "\u5DE8\u91CF\u672C\u5730\u63A8"],
  fields: [
    { column: "stat_date", field: "\u65F6\u95F4", type: "date" },
    { column: "unit_id", field: "\u5355\u5143ID", type: "text" },
    { column: "unit_name", field: "\u5355\u5143\u540D\u79F0", type: "text" },
    { column: "spend", field: "\u6D88\u8017(\u5143)", type: "number" },
    { column: "conversions", field: "\u8F6C\u5316\u6570", type: "number" },
    { column: "cost_per_conversion", field: "\u8F6C\u5316\u6210\u672C(\u5143)", type: "number" },
    { column: "group_buy_leads", field: "\u56E2\u8D2D\u7EBF\u7D22\u6570", type: "number" }
  ]
};

// src/connectors/oceanengine-local/settings.ts
var OCEANENGINE_REAL_BASE_URL = "https://api.oceanengine.com";
var oceanengineLocalSettings = external_exports.object({
  /** Numeric (int64 in the API). */
  OCEANENGINE_APP_ID: optionalString().refine((v) => v === void 0 || /^\d+$/.test(v), { error: "must be the numeric app id" }),
  OCEANENGINE_SECRET: optionalString(),
  /** 本地推 account ids (local_account_id, not advertiser_id), comma-separated. */
  OCEANENGINE_ACCOUNT_IDS: list(),
  /** Real API: https://api.oceanengine.com. Empty: the emulator (sandbox) or the real host. */
  OCEANENGINE_BASE_URL: url(),
  /** Where people authorise the app (the emulator's own page in sandbox mode). */
  OCEANENGINE_AUTH_BASE_URL: urlWithDefault("https://open.oceanengine.com/audit/oauth.html"),
  /** The redirect URI registered with the app; Tongbu serves it at /oauth/oceanengine/callback. */
  OCEANENGINE_OAUTH_REDIRECT_URI: optionalString(),
  /** Name of the grant `tongbu auth oceanengine` stores when --grant is not given. */
  OCEANENGINE_GRANT: stringWithDefault("default"),
  OCEANENGINE_CRON: cron("0 7 * * *"),
  /** Full days re-pulled by each scheduled run, ending yesterday (the platform revises recent days). */
  OCEANENGINE_LOOKBACK_DAYS: int(3, 1, 365),
  /** Refresh the access token when fewer than this many minutes are left. */
  OCEANENGINE_REFRESH_BEFORE_MINUTES: int(60, 1, 1380),
  /** Report rows per page: the API accepts 10, 20, 50 or 100. */
  OCEANENGINE_PAGE_SIZE: int(100, 10, 100).refine((v) => [10, 20, 50, 100].includes(v), { error: "must be 10, 20, 50 or 100" })
});
var oceanengineLocalAliases = {
  JULIANG_APP_ID: "OCEANENGINE_APP_ID",
  JULIANG_SECRET: "OCEANENGINE_SECRET",
  JULIANG_ADVERTISER_ID: "OCEANENGINE_ACCOUNT_IDS"
};
function oceanengineTokenProvider(s, baseUrl) {
  if (!s.OCEANENGINE_APP_ID || !s.OCEANENGINE_SECRET) return void 0;
  return oceanengineOAuth({
    appId: s.OCEANENGINE_APP_ID,
    secret: s.OCEANENGINE_SECRET,
    baseUrl,
    authBaseUrl: s.OCEANENGINE_AUTH_BASE_URL,
    redirectUri: s.OCEANENGINE_OAUTH_REDIRECT_URI
  });
}
__name(oceanengineTokenProvider, "oceanengineTokenProvider");

// src/connectors/oceanengine-local/summary.ts
async function dayTotals(pool, day2) {
  const r = (await pool.query(
    `SELECT count(*)::int AS records, coalesce(sum(spend), 0)::numeric(14,2)::text AS spend,
              coalesce(sum(conversions), 0)::int AS conversions, coalesce(sum(group_buy_leads), 0)::int AS leads
       FROM ${DAILY_TABLE} WHERE stat_date = $1`,
    [day2]
  )).rows[0];
  return { day: day2, records: r.records, spend: r.spend, conversions: r.conversions, groupBuyLeads: r.leads, costPerConversion: divideToDecimal(r.spend, r.conversions) };
}
__name(dayTotals, "dayTotals");
async function oceanengineSummary(pool, day2) {
  const t = await dayTotals(pool, day2);
  const trend = await pool.query(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(t.spend), 0)::text AS spend
     FROM generate_series($1::date - 6, $1::date, interval '1 day') AS d
     LEFT JOIN ${DAILY_TABLE} t ON t.stat_date = d::date
     GROUP BY d ORDER BY d`,
    [day2]
  );
  return {
    title: `\u5DE8\u91CF\u672C\u5730\u63A8 ${day2}`,
    figures: [
      { label: "\u65E5\u671F", value: day2 },
      { label: "\u8BB0\u5F55\u6570", value: t.records.toLocaleString("en-US") },
      { label: "\u603B\u6D88\u8017", value: formatYuan(t.spend) },
      { label: "\u603B\u8F6C\u5316", value: t.conversions.toLocaleString("en-US") },
      { label: "\u5E73\u5747\u8F6C\u5316\u6210\u672C", value: t.costPerConversion === null ? "\u2014" : formatYuan(t.costPerConversion) }
    ],
    // Chart points only: the exact figures are above.
    trend: { label: "\u6D88\u8017(\u5143)", points: trend.rows.map((r) => ({ day: r.day, value: Number(r.spend) })) }
  };
}
__name(oceanengineSummary, "oceanengineSummary");

// src/connectors/oceanengine-local/index.ts
function reportWindow(now, lookbackDays) {
  const last = yesterday(now);
  return { from: dayStart(addDays(last, -(lookbackDays - 1))), to: dayEnd(last) };
}
__name(reportWindow, "reportWindow");
function tokenStoreFor(ctx) {
  const given = ctx.tokens;
  let opened;
  return () => {
    if (given) {
      if (!given.platforms().includes(OCEANENGINE_PLATFORM)) {
        const p = oceanengineTokenProvider(ctx.settings, ctx.baseUrl);
        if (p) given.register(p, ctx.settings.OCEANENGINE_REFRESH_BEFORE_MINUTES * 6e4);
      }
      return Promise.resolve(given);
    }
    return opened ??= openTokenStore({
      config: ctx.config,
      log: ctx.log,
      pool: ctx.pool,
      providers: [{ provider: oceanengineTokenProvider(ctx.settings, ctx.baseUrl), refreshBeforeMs: ctx.settings.OCEANENGINE_REFRESH_BEFORE_MINUTES * 6e4 }]
    });
  };
}
__name(tokenStoreFor, "tokenStoreFor");
var oceanengineLocal = defineConnector({
  name: "oceanengine-local",
  title: "\u5DE8\u91CF\u672C\u5730\u63A8",
  aliases: ["oceanengine", "\u5DE8\u91CF", "\u672C\u5730\u63A8"],
  settings: { schema: oceanengineLocalSettings, aliases: oceanengineLocalAliases },
  setup(s) {
    return {
      configured: Boolean(s.OCEANENGINE_APP_ID && s.OCEANENGINE_SECRET),
      accounts: s.OCEANENGINE_ACCOUNT_IDS,
      baseUrl: s.OCEANENGINE_BASE_URL,
      realBaseUrl: OCEANENGINE_REAL_BASE_URL
    };
  },
  createClient(ctx, partition) {
    return new OceanengineLocalClient({ ctx, account: partition.id, pageSize: ctx.settings.OCEANENGINE_PAGE_SIZE, tokens: tokenStoreFor(ctx) });
  },
  streams: [dailyReportStream],
  schedules(s) {
    return [{ name: "daily", cron: s.OCEANENGINE_CRON, window: /* @__PURE__ */ __name((now) => reportWindow(now, s.OCEANENGINE_LOOKBACK_DAYS), "window") }];
  },
  emulator: /* @__PURE__ */ __name(() => import("./sandbox-WXD6SMKF.js").then((m) => m.start), "emulator"),
  oauth: {
    platform: OCEANENGINE_PLATFORM,
    title: "\u5DE8\u91CF\u5F15\u64CE",
    aliases: ["oceanengine", "oceanengine-local", "\u5DE8\u91CF", "\u5DE8\u91CF\u5F15\u64CE", "\u672C\u5730\u63A8"],
    provider: oceanengineTokenProvider,
    refreshBeforeMinutes: /* @__PURE__ */ __name((s) => s.OCEANENGINE_REFRESH_BEFORE_MINUTES, "refreshBeforeMinutes"),
    defaultGrant: /* @__PURE__ */ __name((s) => s.OCEANENGINE_GRANT, "defaultGrant"),
    signInHint: "the account that manages the \u672C\u5730\u63A8 accounts",
    async onStart({ tokens, mode, settings, log }) {
      if (mode === "sandbox") await seedSandboxGrant(tokens, settings.OCEANENGINE_GRANT, log);
    }
  },
  mirror: [OCEANENGINE_LOCAL_DAILY_MIRROR],
  exports: [dailyReportExport],
  redact: ["*.OCEANENGINE_SECRET", "*.JULIANG_SECRET"],
  summary: oceanengineSummary,
  dailyMetrics: oceanengineLocalDailyMetrics
});

// src/connectors/douplus/client.ts
var DOUPLUS_PLATFORM = "douplus";
var ORDER_LIST_PATH = "/open_api/v3.0/douplus/order/list/";
var ORDER_REPORT_PATH = "/open_api/v3.0/douplus/order/report/";
var ADVERTISER_GET_PATH = "/open_api/oauth2/advertiser/get/";
function classify3(status, body) {
  const c = classify2(status, body);
  return c.kind === "fatal" && c.code === 40108 ? { ...c, kind: "authExpired" } : c;
}
__name(classify3, "classify");
function idText(v) {
  if (typeof v === "string" && /^\d+$/.test(v.trim())) return v.trim();
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return String(v);
  return void 0;
}
__name(idText, "idText");
var pad = /* @__PURE__ */ __name((n) => String(n).padStart(2, "0"), "pad");
function shanghaiDateTime(d) {
  const s = new Date(d.getTime() + 8 * 36e5);
  return `${s.getUTCFullYear()}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())} ${pad(s.getUTCHours())}:${pad(s.getUTCMinutes())}:${pad(s.getUTCSeconds())}`;
}
__name(shanghaiDateTime, "shanghaiDateTime");
function shanghaiDate(d) {
  return shanghaiDateTime(d).slice(0, 10);
}
__name(shanghaiDate, "shanghaiDate");
var DouplusClient = class {
  constructor(o) {
    this.o = o;
  }
  o;
  static {
    __name(this, "DouplusClient");
  }
  tokenReadAt = /* @__PURE__ */ new Date(0);
  /** Order ids a stats slice covers, with the bucket they are read for (kept for the slice's pages). */
  statsPlans = /* @__PURE__ */ new Map();
  get account() {
    return this.o.account;
  }
  get settings() {
    return this.o.ctx.settings;
  }
  get pool() {
    return this.o.ctx.pool;
  }
  get log() {
    return this.o.ctx.log;
  }
  async token() {
    const store = await this.o.tokens();
    this.tokenReadAt = /* @__PURE__ */ new Date();
    return store.getValidAccessToken(DOUPLUS_PLATFORM, await store.grantFor(DOUPLUS_PLATFORM, this.o.account, this.settings.DOUPLUS_GRANT));
  }
  async refreshAuth() {
    const store = await this.o.tokens();
    const grant = await store.grantFor(DOUPLUS_PLATFORM, this.o.account, this.settings.DOUPLUS_GRANT);
    await store.refresh(DOUPLUS_PLATFORM, grant, { force: true, unlessRefreshedSince: this.tokenReadAt });
  }
  async get(path2, query, signal, headerToken = true) {
    const token = await this.token();
    const url2 = new URL(`${this.o.ctx.baseUrl}${path2}`);
    for (const [k, v] of Object.entries(query)) url2.searchParams.set(k, v);
    if (!headerToken) url2.searchParams.set("access_token", token);
    const body = await platformFetch({
      url: url2,
      headers: headerToken ? { "Access-Token": token } : {},
      signal,
      label: `DOU+ ${path2} (${this.o.account.slice(0, 16)}\u2026)`,
      classify: classify3,
      lossless: true,
      onApiError: this.o.ctx.onApiError
    });
    const data = body.data;
    if (!data || typeof data !== "object") throw this.malformed(path2, "no data object in the answer");
    return data;
  }
  malformed(path2, why) {
    this.o.ctx.onApiError?.("malformed");
    return new PlatformError("malformed", `DOU+ ${path2} (${this.o.account.slice(0, 16)}\u2026): ${why}`);
  }
  pageInfo(path2, data) {
    const info = data.page_info;
    if (!info || typeof info.total_page !== "number" || typeof info.total_num !== "number") throw this.malformed(path2, "data.page_info (total_page, total_num) missing");
    return { totalPage: info.total_page, totalNum: info.total_num };
  }
  /** One page (1-based) of the orders created within [from, to], oldest first. */
  async orderPage(range, page, signal) {
    const s = this.settings;
    const data = await this.get(
      ORDER_LIST_PATH,
      {
        aweme_sec_uid: this.o.account,
        page: String(page - 1 + s.DOUPLUS_FIRST_PAGE),
        page_size: String(s.DOUPLUS_PAGE_SIZE),
        // Oldest first: orders created while we page land after the pages already read.
        order_by_field: "CREATE_TIME",
        order_by_type: "ASC",
        filter: JSON.stringify({ order_create_time: { start_time: shanghaiDateTime(range.from), end_time: shanghaiDateTime(range.to) } })
      },
      signal
    );
    if (!Array.isArray(data.order_list)) throw this.malformed(ORDER_LIST_PATH, "data.order_list is not a list");
    return { records: data.order_list, ...this.pageInfo(ORDER_LIST_PATH, data) };
  }
  /**
   * The cumulative report of the given orders over [beginDay, endDay] (per ad: GROUP_BY_AD_ID), every
   * page of it. Order ids are written into the filter as bare int64 numbers.
   */
  async report(orderIds, beginDay, endDay, signal) {
    const s = this.settings;
    const out = [];
    for (let page = 1; ; page++) {
      const data = await this.get(
        ORDER_REPORT_PATH,
        {
          aweme_sec_uid: this.o.account,
          stat_time: JSON.stringify({ begin_time: beginDay, end_time: endDay }),
          group_by: s.DOUPLUS_GROUP_BY_FORMAT === "csv" ? "GROUP_BY_AD_ID" : '["GROUP_BY_AD_ID"]',
          filter: `{"order_ids":[${orderIds.join(",")}]}`,
          page: String(page - 1 + s.DOUPLUS_FIRST_PAGE),
          page_size: String(s.DOUPLUS_PAGE_SIZE)
        },
        signal
      );
      if (!Array.isArray(data.order_metrics)) throw this.malformed(ORDER_REPORT_PATH, "data.order_metrics is not a list");
      out.push(...data.order_metrics);
      const { totalPage } = this.pageInfo(ORDER_REPORT_PATH, data);
      if (page >= totalPage || data.order_metrics.length === 0) return out;
    }
  }
  /** The 抖音号 (aweme_sec_uid) the grant covers: the accounts with an account_string_id. */
  async awemeAccounts(signal) {
    const data = await this.get(ADVERTISER_GET_PATH, {}, signal, false);
    if (!Array.isArray(data.list)) throw this.malformed(ADVERTISER_GET_PATH, "data.list is not a list");
    return data.list.filter((a) => typeof a.account_string_id === "string" && a.account_string_id && a.is_valid !== false).map((a) => ({ id: a.account_string_id, label: typeof a.advertiser_name === "string" ? a.advertiser_name : a.account_string_id }));
  }
};

// src/connectors/douplus/settings.ts
var DOUPLUS_REAL_BASE_URL = "https://api.oceanengine.com";
var douplusSettings = external_exports.object({
  /** 巨量引擎 app (numeric); default OCEANENGINE_APP_ID. */
  DOUPLUS_APP_ID: optionalString().refine((v) => v === void 0 || /^\d+$/.test(v), { error: "must be the numeric app id" }),
  DOUPLUS_SECRET: optionalString(),
  /** The stored grant DOU+ calls with; default OCEANENGINE_GRANT (one grant for both products). */
  DOUPLUS_GRANT: stringWithDefault("default"),
  DOUPLUS_AUTH_BASE_URL: urlWithDefault("https://open.oceanengine.com/audit/oauth.html"),
  DOUPLUS_OAUTH_REDIRECT_URI: optionalString(),
  DOUPLUS_REFRESH_BEFORE_MINUTES: int(60, 1, 1380),
  /** 抖音号 (aweme_sec_uid), comma-separated. Empty: every 抖音号 the grant lists. */
  DOUPLUS_AWEME_SEC_UIDS: list(),
  /** Real API: https://api.oceanengine.com. Empty: the emulator (sandbox) or the real host. */
  DOUPLUS_BASE_URL: url(),
  /** Orders: the incremental pass covers orders created in the last N days … */
  DOUPLUS_INCREMENTAL_DAYS: int(7, 1, 90),
  DOUPLUS_ORDERS_CRON: cron("*/5 * * * *"),
  /** … and the daily full pass the last N days. */
  DOUPLUS_FULL_DAYS: int(90, 1, 365),
  DOUPLUS_FULL_CRON: cron("30 3 * * *"),
  /** Effect stats: every 5 minutes, one minute after the bucket closes. */
  DOUPLUS_STATS_CRON: cron("1-59/5 * * * *"),
  /**
   * A stats pass whose window ended longer ago than this is skipped: the report only gives the
   * cumulative figures of now, which must not be filed under a past bucket (a run queued too
   * long, or `/sync douplus <past range>`, which re-reads orders only).
   */
  DOUPLUS_STATS_MAX_LATE_MINUTES: int(10, 1, 10080),
  /** Yesterday's per-video figures (douplus_video_daily, mirrored to Bitable). */
  DOUPLUS_VIDEO_DAILY_CRON: cron("10 0 * * *"),
  /** An order that ended (or whose status is not known) is followed this many hours more. */
  DOUPLUS_ENDED_FOLLOW_HOURS: int(24, 0, 720),
  /** Orders and report rows per page (the API allows 1–100). */
  DOUPLUS_PAGE_SIZE: int(100, 1, 100),
  /** The API's first page: 1 (the production script's reading) or 0 (a third-party SDK's comment). */
  DOUPLUS_FIRST_PAGE: int(1, 0, 1),
  /** How `group_by` is written in the query: a JSON array (the Go SDK) or CSV (the TypeScript SDK). */
  DOUPLUS_GROUP_BY_FORMAT: enumOf(["json", "csv"], "json"),
  /** Unit of stat_cost / custom_convert_cost on the wire (integers in the SDK: 分). */
  DOUPLUS_COST_UNIT: enumOf(["fen", "yuan"], "fen"),
  /** Unit of an ad's cpa_bid (the SDK says int64; sources disagree between 分 and 元). */
  DOUPLUS_CPA_BID_UNIT: enumOf(["fen", "yuan"], "fen")
});
var douplusAliases = {
  OCEANENGINE_APP_ID: "DOUPLUS_APP_ID",
  OCEANENGINE_SECRET: "DOUPLUS_SECRET",
  OCEANENGINE_GRANT: "DOUPLUS_GRANT",
  OCEANENGINE_AUTH_BASE_URL: "DOUPLUS_AUTH_BASE_URL",
  OCEANENGINE_OAUTH_REDIRECT_URI: "DOUPLUS_OAUTH_REDIRECT_URI",
  OCEANENGINE_REFRESH_BEFORE_MINUTES: "DOUPLUS_REFRESH_BEFORE_MINUTES",
  SYNC_INCREMENTAL_DAYS: "DOUPLUS_INCREMENTAL_DAYS",
  SYNC_FULL_DAYS: "DOUPLUS_FULL_DAYS"
};

// src/connectors/douplus/mapping.ts
var STATUS_TEXT = {
  UNPAID: "\u672A\u652F\u4ED8",
  AUDITING: "\u5BA1\u6838\u4E2D",
  OFFLINE_AUDIT: "\u5BA1\u6838\u4E0D\u901A\u8FC7",
  TIME_NO_REACH: "\u5F85\u5F00\u64AD",
  DELIVERING: "\u6295\u653E\u4E2D",
  UNDELIVERIED: "\u6295\u653E\u7EC8\u6B62",
  DELIVERIED: "\u6295\u653E\u5B8C\u6210",
  AUDIT_PAUSE: "\u5BA1\u6838\u6682\u505C",
  WAIT_TO_START: "\u7B49\u5F85\u5F00\u59CB"
};
var ENDED_STATUSES = ["UNDELIVERIED", "DELIVERIED"];
var DEAD_STATUSES = ["UNPAID", "OFFLINE_AUDIT"];
var malformed = /* @__PURE__ */ __name((why) => new PlatformError("malformed", why), "malformed");
function money(value, unit, what) {
  if (value === void 0 || value === null || value === "") return null;
  try {
    return unit === "fen" ? fenToYuan2(value) : yuanToDecimal(value);
  } catch (e) {
    throw malformed(`${what}: ${e.message}`);
  }
}
__name(money, "money");
function parseShanghaiTime(text3, what) {
  const m = typeof text3 === "string" ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text3.trim()) : null;
  if (!m) throw malformed(`${what}: not a "YYYY-MM-DD HH:mm:ss" time (${JSON.stringify(text3)})`);
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - 8 * 36e5;
  const back = new Date(ms + 8 * 36e5);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw malformed(`${what}: no such time (${JSON.stringify(text3)})`);
  }
  return new Date(ms).toISOString();
}
__name(parseShanghaiTime, "parseShanghaiTime");
var str = /* @__PURE__ */ __name((v) => v === void 0 || v === null || v === "" ? null : String(v), "str");
function toOrderRow2(item, account) {
  const o = item.order;
  const orderId = idText(o?.order_id);
  if (!o || !orderId) throw malformed(`an order_list item has no order.order_id: ${JSON.stringify(item).slice(0, 200)}`);
  const status = typeof o.task_status === "string" && o.task_status.trim() ? o.task_status.trim() : void 0;
  if (!status) throw malformed(`order ${orderId}: no task_status`);
  const video = item.item_info_list?.[0];
  return {
    order_id: orderId,
    account_id: account,
    task_id: idText(o.task_id) ?? str(o.task_id),
    scene_type: str(o.scene_type),
    item_id: video ? idText(video.aweme_item_id) ?? str(video.aweme_item_id) : null,
    item_title: str(video?.aweme_item_title),
    author_name: str(video?.aweme_author_name),
    room_id: item.live_room_info ? str(item.live_room_info.room_id) : null,
    status,
    // A status outside the enum is kept as sent; people see the code itself.
    status_text: STATUS_TEXT[status] ?? null,
    budget: money(o.budget, "fen", `order ${orderId}: budget`),
    create_time: parseShanghaiTime(o.order_create_time, `order ${orderId}: order_create_time`),
    live_scene: str(o.live_scene),
    renew_count: typeof o.renew_count === "number" ? o.renew_count : null,
    raw_data: item
  };
}
__name(toOrderRow2, "toOrderRow");
function toAdRows(item, account, cpaBidUnit) {
  const orderId = idText(item.order?.order_id);
  if (!orderId) return [];
  return (item.ad_list ?? []).map((ad) => {
    const adId = idText(ad.ad_id);
    if (!adId) throw malformed(`order ${orderId}: an ad without ad_id`);
    const hours = ad.delivery_time;
    return {
      order_id: orderId,
      ad_id: adId,
      account_id: account,
      ad_status: str(ad.ad_status),
      budget: money(ad.budget, "fen", `order ${orderId} ad ${adId}: budget`),
      cpa_bid: money(ad.cpa_bid, cpaBidUnit, `order ${orderId} ad ${adId}: cpa_bid`),
      bid_mode: str(ad.bid_mode),
      delivery_hours: typeof hours === "number" && Number.isFinite(hours) ? yuanToDecimal(hours) : null,
      external_action: str(ad.external_action),
      external_action_text: str(ad.external_action_text),
      is_fans: typeof ad.is_fans === "boolean" ? ad.is_fans : null,
      raw_data: ad
    };
  });
}
__name(toAdRows, "toAdRows");
function count2(m, field, orderId, optional = false) {
  const v = m[field];
  if (v === void 0 || v === null) return optional ? null : 0;
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) throw malformed(`order ${orderId}: ${field} is not a count (${JSON.stringify(v)})`);
  return n;
}
__name(count2, "count");
function rate(v, orderId) {
  if (v === void 0 || v === null) return null;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw malformed(`order ${orderId}: play_duration_5s_rank is not a rate (${JSON.stringify(v)})`);
  return /e/i.test(String(v)) ? v.toFixed(6) : String(v);
}
__name(rate, "rate");
function fenOf(v, unit, what) {
  if (v === void 0 || v === null || v === "") return 0n;
  const text3 = money(v, unit, what);
  const [w, f = "00"] = text3.replace("-", "").split(".");
  const cents = BigInt(w) * 100n + BigInt(f.padEnd(2, "0").slice(0, 2));
  return text3.startsWith("-") ? -cents : cents;
}
__name(fenOf, "fenOf");
var yuanText = /* @__PURE__ */ __name((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, "0")}`, "yuanText");
function toStatsRows(items, account, statTime, costUnit) {
  const byOrder = /* @__PURE__ */ new Map();
  for (const item of items) {
    const orderId = idText(item.dimension_data?.order_id);
    if (!orderId) throw malformed(`a report row has no dimension_data.order_id: ${JSON.stringify(item).slice(0, 200)}`);
    const m = item.metrics_data;
    if (!m || typeof m !== "object") throw malformed(`order ${orderId}: a report row has no metrics_data`);
    const costFen = fenOf(m.stat_cost, costUnit, `order ${orderId}: stat_cost`);
    const plays = count2(m, "total_play", orderId);
    const r = rate(m.play_duration_5s_rank, orderId);
    const cur = {
      plays,
      likes: count2(m, "custom_like", orderId),
      shares: count2(m, "dy_share", orderId),
      comments: count2(m, "dy_comment", orderId),
      follows: count2(m, "dy_follow", orderId),
      home_visits: count2(m, "dy_home_visited", orderId, true),
      shows: count2(m, "show_cnt", orderId, true),
      conversions: count2(m, "dp_target_convert_cnt", orderId)
    };
    const cpc = cur.conversions ? money(m.custom_convert_cost, costUnit, `order ${orderId}: custom_convert_cost`) : null;
    const prev = byOrder.get(orderId);
    if (!prev) {
      byOrder.set(orderId, {
        row: {
          order_id: orderId,
          stat_time: statTime.toISOString(),
          account_id: account,
          item_id: idText(item.dimension_data?.item_id) ?? null,
          cost: "0.00",
          ...cur,
          cost_per_conversion: null,
          play_5s_rate: null
        },
        costFen,
        ads: 1,
        platformCpc: cpc,
        rateSum: r === null ? 0 : Number(r) * plays,
        ratePlays: r === null ? 0 : plays,
        rates: [r]
      });
      continue;
    }
    const row = prev.row;
    prev.costFen += costFen;
    prev.ads += 1;
    row.plays += cur.plays;
    row.likes += cur.likes;
    row.shares += cur.shares;
    row.comments += cur.comments;
    row.follows += cur.follows;
    row.home_visits = row.home_visits === null || cur.home_visits === null ? row.home_visits ?? cur.home_visits : row.home_visits + cur.home_visits;
    row.shows = row.shows === null || cur.shows === null ? row.shows ?? cur.shows : row.shows + cur.shows;
    row.conversions += cur.conversions;
    if (r !== null) {
      prev.rateSum += Number(r) * plays;
      prev.ratePlays += plays;
    }
    prev.rates.push(r);
  }
  return [...byOrder.values()].map((e) => {
    const row = e.row;
    row.cost = yuanText(e.costFen);
    if (e.ads === 1) {
      row.cost_per_conversion = e.platformCpc;
      row.play_5s_rate = e.rates[0] ?? null;
    } else {
      row.cost_per_conversion = row.conversions ? yuanText((e.costFen * 2n + BigInt(row.conversions)) / (2n * BigInt(row.conversions))) : null;
      row.play_5s_rate = e.ratePlays ? (Math.round(e.rateSum / e.ratePlays * 1e6) / 1e6).toString() : e.rates.find((x) => x !== null) ?? null;
    }
    return row;
  });
}
__name(toStatsRows, "toStatsRows");

// src/connectors/douplus/streams.ts
var ORDERS_TABLE = "douplus_orders";
var ADS_TABLE = "douplus_order_ads";
var STATS_TABLE = "douplus_order_stats";
var BUCKET_MS = 5 * 6e4;
function bucketOf(d) {
  return new Date(Math.floor(d.getTime() / BUCKET_MS) * BUCKET_MS);
}
__name(bucketOf, "bucketOf");
var ORDER_COLUMNS = [
  { name: "order_id", type: "text" },
  { name: "account_id", type: "text" },
  { name: "task_id", type: "text" },
  { name: "scene_type", type: "text" },
  { name: "item_id", type: "text" },
  { name: "item_title", type: "text" },
  { name: "author_name", type: "text" },
  { name: "room_id", type: "text" },
  { name: "status", type: "text" },
  { name: "status_text", type: "text" },
  { name: "budget", type: "numeric" },
  { name: "create_time", type: "timestamptz" },
  { name: "live_scene", type: "text" },
  { name: "renew_count", type: "integer" },
  { name: "raw_data", type: "jsonb" }
];
var ADS_TARGET = {
  table: ADS_TABLE,
  primaryKey: ["order_id", "ad_id"],
  columns: [
    { name: "order_id", type: "text" },
    { name: "ad_id", type: "text" },
    { name: "account_id", type: "text" },
    { name: "ad_status", type: "text" },
    { name: "budget", type: "numeric" },
    { name: "cpa_bid", type: "numeric" },
    { name: "bid_mode", type: "text" },
    { name: "delivery_hours", type: "numeric" },
    { name: "external_action", type: "text" },
    { name: "external_action_text", type: "text" },
    { name: "is_fans", type: "boolean" },
    { name: "raw_data", type: "jsonb" }
  ]
};
var STATS_COLUMNS = [
  { name: "order_id", type: "text" },
  { name: "stat_time", type: "timestamptz" },
  { name: "account_id", type: "text" },
  { name: "item_id", type: "text" },
  { name: "cost", type: "numeric" },
  { name: "plays", type: "bigint" },
  { name: "likes", type: "bigint" },
  { name: "shares", type: "bigint" },
  { name: "comments", type: "bigint" },
  { name: "follows", type: "bigint" },
  { name: "home_visits", type: "bigint" },
  { name: "shows", type: "bigint" },
  { name: "conversions", type: "bigint" },
  { name: "cost_per_conversion", type: "numeric" },
  { name: "play_5s_rate", type: "numeric" }
];
var warnedStatuses = /* @__PURE__ */ new Set();
var ordersStream = {
  name: "orders",
  table: ORDERS_TABLE,
  primaryKey: ["order_id"],
  columns: ORDER_COLUMNS,
  mode: "upsert",
  slice: "none",
  async fetchPage(client, req, signal) {
    const page = await client.orderPage({ from: req.slice.from, to: req.slice.to }, req.page, signal);
    for (const r of page.records) {
      toOrderRow2(r, req.account);
      toAdRows(r, req.account, client.settings.DOUPLUS_CPA_BID_UNIT);
    }
    return { records: page.records, hasMore: req.page < page.totalPage && page.records.length > 0 };
  },
  toRows(records, ctx) {
    const rows = records.map((r) => toOrderRow2(r, ctx.account));
    for (const r of rows) {
      if (!(r.status in STATUS_TEXT) && !warnedStatuses.has(r.status)) {
        warnedStatuses.add(r.status);
        ctx.client.log.warn({ order: r.order_id, status: r.status }, `DOU+: order status ${r.status} is not one Tongbu knows; the order is kept with its status as sent and followed like a delivering one`);
      }
    }
    return rows;
  },
  children: [
    {
      target: ADS_TARGET,
      toRows: /* @__PURE__ */ __name((records, ctx) => records.flatMap((r) => toAdRows(r, ctx.account, ctx.client.settings.DOUPLUS_CPA_BID_UNIT)), "toRows")
    }
  ]
};
async function followedOrders(client, at) {
  const hours = client.settings.DOUPLUS_ENDED_FOLLOW_HOURS;
  const res = await client.pool.query(
    `SELECT order_id, create_time FROM ${ORDERS_TABLE}
      WHERE account_id = $1 AND create_time <= $2 AND status <> ALL($3)
        AND (status <> ALL($4) OR status_changed_at > $2::timestamptz - make_interval(hours => $5))
      ORDER BY order_id`,
    [client.account, at, DEAD_STATUSES, ENDED_STATUSES, hours]
  );
  return res.rows.map((r) => ({ id: r.order_id, day: shanghaiDate(r.create_time) }));
}
__name(followedOrders, "followedOrders");
var orderStatsStream = {
  name: "order_stats",
  table: STATS_TABLE,
  primaryKey: ["order_id", "stat_time"],
  columns: STATS_COLUMNS,
  mode: "snapshot",
  snapshot: { entity: ["order_id"], time: "stat_time" },
  slice: "none",
  async fetchPage(client, req, signal) {
    const late = Date.now() - req.slice.to.getTime();
    if (late > client.settings.DOUPLUS_STATS_MAX_LATE_MINUTES * 6e4) {
      if (req.page === 1) client.log.info({ account: req.account, windowEnd: req.slice.to }, 'DOU+: the window ended too long ago for a stats pass (figures are "now"); orders only');
      return { records: [], hasMore: false };
    }
    const key = req.slice.from.toISOString();
    let plan = client.statsPlans.get(key);
    if (!plan) {
      const statTime = bucketOf(new Date(Math.min(req.slice.to.getTime(), Date.now())));
      const followed = await followedOrders(client, new Date(Math.max(req.slice.to.getTime(), Date.now())));
      plan = { ids: followed.map((f) => f.id), statTime, firstDay: new Map(followed.map((f) => [f.id, f.day])) };
      client.statsPlans.set(key, plan);
    }
    const per = client.settings.DOUPLUS_PAGE_SIZE;
    const chunk = plan.ids.slice((req.page - 1) * per, req.page * per);
    if (chunk.length === 0) return { records: [], hasMore: false };
    const today = shanghaiDate(/* @__PURE__ */ new Date());
    const limit = shanghaiDate(new Date(Date.now() - 179 * 864e5));
    let begin = today;
    for (const id of chunk) {
      const d = plan.firstDay.get(id);
      if (d < begin) begin = d;
    }
    if (begin < limit) begin = limit;
    const records = await client.report(chunk, begin, today, signal);
    const asked = new Set(chunk);
    const stray = [...new Set(records.map((r) => String(r.dimension_data?.order_id ?? "")))].filter((id) => id && !asked.has(id));
    if (stray.length) {
      client.log.warn({ account: client.account, orders: stray }, `DOU+: the report holds ${stray.length} order(s) the order list has not shown yet; their snapshots are kept and the orders appear with the next order sync`);
    }
    const rows = toStatsRows(records, req.account, plan.statTime, client.settings.DOUPLUS_COST_UNIT);
    return { records: rows, hasMore: req.page * per < plan.ids.length };
  },
  toRows(records) {
    return records;
  }
};

// src/connectors/douplus/periods.ts
var PERIODS = ["today", "7d", "30d", "all"];
function periodStart(period, now) {
  if (period === "all") return void 0;
  if (period === "today") return dayStart(businessDay(now));
  return new Date(now.getTime() - (period === "7d" ? 7 : 30) * 864e5);
}
__name(periodStart, "periodStart");

// src/connectors/douplus/query.ts
var dayOrInstant = external_exports.string().trim().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isNaN(Date.parse(v)), { error: "must be YYYY-MM-DD or an ISO time" });
var orderListParams = external_exports.object({
  account: external_exports.string().trim().min(1).optional(),
  status: external_exports.string().trim().regex(/^[A-Z_]+(,[A-Z_]+)*$/, { error: "must be statuses such as DELIVERING or DELIVERING,DELIVERIED" }).optional(),
  video: external_exports.string().trim().regex(/^\d+$/, { error: "must be a video id (item_id, digits)" }).optional(),
  created_from: dayOrInstant.optional(),
  created_to: dayOrInstant.optional(),
  sort: external_exports.enum(["cost", "plays", "conversions", "created"], { error: "must be one of cost, plays, conversions, created" }).default("created"),
  order: external_exports.enum(["asc", "desc"], { error: "must be asc or desc" }).default("desc"),
  page: external_exports.coerce.number({ error: "must be a whole number \u2265 1" }).int({ error: "must be a whole number \u2265 1" }).min(1, { error: "must be a whole number \u2265 1" }).default(1),
  page_size: external_exports.coerce.number({ error: "must be 1\u2013100" }).int({ error: "must be 1\u2013100" }).min(1, { error: "must be 1\u2013100" }).max(100, { error: "must be 1\u2013100" }).default(20)
}).strict();
var rankingParams = external_exports.object({
  period: external_exports.enum(PERIODS, { error: "must be one of today, 7d, 30d, all" }).default("7d"),
  account: external_exports.string().trim().min(1).optional(),
  limit: external_exports.coerce.number({ error: "must be 1\u2013200" }).int({ error: "must be 1\u2013200" }).min(1, { error: "must be 1\u2013200" }).max(200, { error: "must be 1\u2013200" }).default(50)
}).strict();
var bound = /* @__PURE__ */ __name((v, end) => /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(dayStart(v).getTime() + (end ? 864e5 - 1 : 0)) : new Date(v), "bound");
var SORT_SQL = {
  cost: "l.cost",
  plays: "l.plays",
  conversions: "l.conversions",
  created: "o.create_time"
};
function orderView(r) {
  return {
    order_id: r.order_id,
    task_id: r.task_id,
    account_id: r.account_id,
    item_id: r.item_id,
    item_title: r.item_title,
    status: r.status,
    status_text: r.status_text,
    budget: r.budget,
    create_time: r.create_time.toISOString(),
    stats: r.stat_time ? {
      stat_time: r.stat_time.toISOString(),
      cost: r.cost,
      plays: Number(r.plays),
      likes: Number(r.likes),
      shares: Number(r.shares),
      comments: Number(r.comments),
      follows: Number(r.follows),
      conversions: Number(r.conversions),
      cost_per_conversion: r.cost_per_conversion,
      play_5s_rate: r.play_5s_rate
    } : null
  };
}
__name(orderView, "orderView");
var ORDER_COLUMNS2 = `o.order_id, o.task_id, o.account_id, o.item_id, o.item_title, o.status, o.status_text, o.budget::text AS budget, o.create_time,
  l.stat_time, l.cost::text AS cost, l.plays, l.likes, l.shares, l.comments, l.follows, l.conversions, l.cost_per_conversion::text AS cost_per_conversion, l.play_5s_rate::text AS play_5s_rate`;
async function listOrders(pool, p) {
  const where = [];
  const args = [];
  const add = /* @__PURE__ */ __name((sql, v) => {
    args.push(v);
    where.push(sql.replace("?", `$${args.length}`));
  }, "add");
  if (p.account) add("o.account_id = ?", p.account);
  if (p.status) add("o.status = ANY(?)", p.status.split(","));
  if (p.video) add("o.item_id = ?", p.video);
  if (p.created_from) add("o.create_time >= ?", bound(p.created_from, false));
  if (p.created_to) add("o.create_time <= ?", bound(p.created_to, true));
  const w = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const total = pool.query(`SELECT count(*)::int AS n FROM douplus_orders o ${w}`, args);
  total.catch(() => void 0);
  const offset = (p.page - 1) * p.page_size;
  let rows;
  if (p.sort !== "created" && p.order === "desc") {
    const col = SORT_SQL[p.sort];
    const withStats = (await pool.query(
      `SELECT ${ORDER_COLUMNS2} FROM douplus_order_latest l JOIN douplus_orders o ON o.order_id = l.order_id ${w}
          ORDER BY ${col} DESC, l.order_id DESC LIMIT ${p.page_size} OFFSET ${offset}`,
      args
    )).rows;
    rows = withStats;
    if (withStats.length < p.page_size) {
      const counted = (await pool.query(`SELECT count(*)::int AS n FROM douplus_order_latest l JOIN douplus_orders o ON o.order_id = l.order_id ${w}`, args)).rows[0];
      const rest = await pool.query(
        `SELECT ${ORDER_COLUMNS2} FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id
          ${w ? `${w} AND` : "WHERE"} l.order_id IS NULL ORDER BY o.order_id DESC LIMIT ${p.page_size - withStats.length} OFFSET ${Math.max(0, offset - counted.n)}`,
        args
      );
      rows = [...withStats, ...rest.rows];
    }
  } else {
    const dir = p.order === "asc" ? "ASC" : "DESC";
    const nulls = p.order === "asc" ? "NULLS FIRST" : "NULLS LAST";
    rows = (await pool.query(
      `SELECT ${ORDER_COLUMNS2} FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id ${w}
          ORDER BY ${SORT_SQL[p.sort]} ${dir} ${nulls}, o.order_id ${dir} LIMIT ${p.page_size} OFFSET ${offset}`,
      args
    )).rows;
  }
  return { orders: rows.map(orderView), page: p.page, page_size: p.page_size, total: (await total).rows[0].n };
}
__name(listOrders, "listOrders");
async function orderDetail(pool, orderId) {
  const o = await pool.query(`SELECT ${ORDER_COLUMNS2} FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id WHERE o.order_id = $1`, [orderId]);
  const row = o.rows[0];
  if (!row) return void 0;
  const [ads, series] = await Promise.all([
    pool.query(
      `SELECT ad_id, ad_status, budget::text AS budget, cpa_bid::text AS cpa_bid, bid_mode, delivery_hours::text AS delivery_hours, external_action_text
         FROM douplus_order_ads WHERE order_id = $1 ORDER BY ad_id`,
      [orderId]
    ),
    pool.query(
      `SELECT stat_time, cost::text AS cost, plays::text AS plays, likes::text AS likes, shares::text AS shares, comments::text AS comments, follows::text AS follows,
              conversions::text AS conversions, cost_per_conversion::text AS cost_per_conversion, play_5s_rate::text AS play_5s_rate
         FROM douplus_order_stats WHERE order_id = $1 ORDER BY stat_time`,
      [orderId]
    )
  ]);
  return {
    order: orderView(row),
    ads: ads.rows,
    series: series.rows.map((s) => ({
      ...s,
      stat_time: s.stat_time.toISOString(),
      plays: Number(s.plays),
      likes: Number(s.likes),
      shares: Number(s.shares),
      comments: Number(s.comments),
      follows: Number(s.follows),
      conversions: Number(s.conversions)
    }))
  };
}
__name(orderDetail, "orderDetail");
async function videoRanking(pool, p) {
  const res = await pool.query(
    `SELECT item_id, item_title, coalesce(accounts, ARRAY[account_id]) AS accounts, order_count AS orders, as_of,
            cost::text AS cost, plays::text AS plays, likes::text AS likes, shares::text AS shares, conversions::text AS conversions,
            CASE WHEN cost > 0 THEN round(plays * 100 / cost, 2)::text END AS plays_per_100_yuan,
            CASE WHEN conversions > 0 THEN round(cost / conversions, 2)::text END AS cost_per_conversion,
            CASE WHEN plays > 0 THEN round(likes::numeric / plays, 4)::text END AS like_rate,
            CASE WHEN plays > 0 THEN round(shares::numeric / plays, 4)::text END AS share_rate
       FROM douplus_video_ranking r WHERE period = $1 AND account_id = $2
      ORDER BY r.cost DESC, r.item_id LIMIT $3`,
    [p.period, p.account ?? "*", p.limit]
  );
  const asOf = res.rows.reduce((m, r) => !m || r.as_of > m ? r.as_of : m, null);
  return {
    asOf: asOf ? asOf.toISOString() : null,
    videos: res.rows.map((r) => ({
      item_id: r.item_id,
      item_title: r.item_title,
      accounts: r.accounts,
      orders: r.orders,
      cost: r.cost,
      plays: Number(r.plays),
      likes: Number(r.likes),
      shares: Number(r.shares),
      conversions: Number(r.conversions),
      plays_per_100_yuan: r.plays_per_100_yuan,
      cost_per_conversion: r.cost_per_conversion,
      like_rate: r.like_rate,
      share_rate: r.share_rate
    }))
  };
}
__name(videoRanking, "videoRanking");
async function accountTotals(pool, period) {
  const res = await pool.query(
    `WITH a AS (
       SELECT account_id, count(*)::int AS orders, count(*) FILTER (WHERE status = 'DELIVERING')::int AS delivering FROM douplus_orders GROUP BY account_id
     ), r AS (
       SELECT account_id, sum(cost) AS cost, sum(plays) AS plays, sum(conversions) AS conversions FROM douplus_video_ranking WHERE period = $1 AND account_id <> '*' GROUP BY account_id
     )
     SELECT a.account_id, a.orders, a.delivering, coalesce(r.cost, 0)::numeric(14,2)::text AS cost, coalesce(r.plays, 0)::text AS plays,
            coalesce(r.conversions, 0)::text AS conversions,
            CASE WHEN r.conversions > 0 THEN round(r.cost / r.conversions, 2)::text END AS cost_per_conversion
       FROM a LEFT JOIN r USING (account_id) ORDER BY a.account_id`,
    [period]
  );
  return res.rows.map((r) => ({
    account_id: r.account_id,
    orders: r.orders,
    delivering: r.delivering,
    cost: r.cost,
    plays: Number(r.plays),
    conversions: Number(r.conversions),
    cost_per_conversion: r.cost_per_conversion
  }));
}
__name(accountTotals, "accountTotals");

// src/connectors/douplus/chat.ts
var CHAT_PERIODS = ["today", "7d", "30d"];
var PERIOD_WORDS = { today: "today", \u4ECA\u5929: "today", \u4ECA\u65E5: "today", "7d": "7d", "7\u5929": "7d", "30d": "30d", "30\u5929": "30d" };
var TOP = 10;
var douplusCommand = {
  name: "douplus",
  aliases: ["\u6296\u52A0", "dou+"],
  summary: "DOU+: top videos by cost, with plays per 100 \u5143 and conversions",
  usage: ["/douplus [account] [today|7d|30d]"],
  examples: ["/douplus", "/douplus 7d", "/\u6296\u52A0 today"],
  async run(args, { pool }) {
    let period = "today";
    let account;
    for (const a of args) {
      const p = PERIOD_WORDS[a.toLowerCase()];
      if (p) period = p;
      else if (!account) account = a;
      else throw new TongbuError("COMMAND_BAD_ARGS", `unexpected "${a.slice(0, 40)}": give at most one account and one of ${CHAT_PERIODS.join(", ")}`);
    }
    if (account) {
      const known = (await pool.query(`SELECT DISTINCT account_id FROM douplus_orders WHERE account_id LIKE $1 || '%'`, [account])).rows.map((r) => r.account_id);
      if (known.length !== 1) throw new TongbuError("COMMAND_BAD_ARGS", known.length ? `"${account}" matches ${known.length} \u6296\u97F3\u53F7; give more of it` : `no \u6296\u97F3\u53F7 ${account.slice(0, 40)} has DOU+ orders`);
      account = known[0];
    }
    const { asOf, videos } = await videoRanking(pool, { period, account, limit: TOP });
    const label = period === "today" ? "\u4ECA\u5929" : period === "7d" ? "\u8FD17\u5929" : "\u8FD130\u5929";
    if (!videos.length) return { title: `DOU+ ${label}`, lines: ["No DOU+ spend in this period yet."], note: asOf ? void 0 : "Stats arrive every 5 minutes once orders deliver." };
    return {
      title: `DOU+ ${label}: top ${videos.length} videos by cost${account ? ` (${account.slice(0, 12)}\u2026)` : ""}`,
      lines: videos.map(
        (v, i) => `${i + 1}. **${v.item_title ?? v.item_id}** \u2014 ${formatYuan(v.cost)}, ${v.plays.toLocaleString("en-US")} plays (${v.plays_per_100_yuan ?? "\u2014"} per 100 \u5143), ${v.conversions.toLocaleString("en-US")} conversions`
      ),
      chart: { label: "\u6D88\u8017(\u5143)", points: videos.map((v) => ({ label: (v.item_title ?? v.item_id).slice(0, 12), value: Number(v.cost) })) },
      note: asOf ? `As of ${formatBusinessTime(new Date(asOf))} (Asia/Shanghai)` : void 0
    };
  }
};

// src/connectors/douplus/video-agg.ts
var VIDEO_AGG_TABLE = "douplus_video_stats_agg";
async function refreshVideoAgg(tx, account, statTime) {
  const res = await tx.query(
    `WITH moved AS (
       SELECT DISTINCT item_id FROM ${STATS_TABLE} WHERE account_id = $1 AND stat_time = $2 AND item_id IS NOT NULL
     ), latest AS (
       SELECT DISTINCT ON (s.order_id) s.*
         FROM ${STATS_TABLE} s JOIN moved m ON m.item_id = s.item_id
        WHERE s.account_id = $1 AND s.stat_time <= $2
        ORDER BY s.order_id, s.stat_time DESC
     )
     INSERT INTO ${VIDEO_AGG_TABLE} AS a (account_id, item_id, stat_time, item_title, order_count, total_cost, total_play, total_like, total_share,
                                          total_convert, play_per_100_cost, like_rate, share_rate, avg_convert_cost, avg_5s_rate)
     SELECT $1, l.item_id, $2,
            (SELECT o.item_title FROM douplus_orders o WHERE o.item_id = l.item_id AND o.item_title IS NOT NULL ORDER BY o.create_time DESC LIMIT 1),
            count(*), sum(l.cost), sum(l.plays), sum(l.likes), sum(l.shares), sum(l.conversions),
            CASE WHEN sum(l.cost) > 0 THEN round(sum(l.plays) * 100 / sum(l.cost), 2) END,
            CASE WHEN sum(l.plays) > 0 THEN round(sum(l.likes)::numeric / sum(l.plays), 4) END,
            CASE WHEN sum(l.plays) > 0 THEN round(sum(l.shares)::numeric / sum(l.plays), 4) END,
            CASE WHEN sum(l.conversions) > 0 THEN round(sum(l.cost) / sum(l.conversions), 2) END,
            CASE WHEN coalesce(sum(l.plays) FILTER (WHERE l.play_5s_rate IS NOT NULL), 0) > 0
                 THEN round(sum(l.play_5s_rate * l.plays) / sum(l.plays) FILTER (WHERE l.play_5s_rate IS NOT NULL), 6) END
       FROM latest l GROUP BY l.item_id
     ON CONFLICT (account_id, item_id, stat_time) DO UPDATE SET
       item_title = EXCLUDED.item_title, order_count = EXCLUDED.order_count, total_cost = EXCLUDED.total_cost, total_play = EXCLUDED.total_play,
       total_like = EXCLUDED.total_like, total_share = EXCLUDED.total_share, total_convert = EXCLUDED.total_convert,
       play_per_100_cost = EXCLUDED.play_per_100_cost, like_rate = EXCLUDED.like_rate, share_rate = EXCLUDED.share_rate,
       avg_convert_cost = EXCLUDED.avg_convert_cost, avg_5s_rate = EXCLUDED.avg_5s_rate`,
    [account, statTime]
  );
  return { rows: res.rowCount ?? 0 };
}
__name(refreshVideoAgg, "refreshVideoAgg");
var RANKING_TABLE = "douplus_video_ranking";
async function refreshVideoRanking(tx, account, asOf) {
  const items = `SELECT DISTINCT item_id FROM ${VIDEO_AGG_TABLE} WHERE account_id = $1`;
  await tx.query(`DELETE FROM ${RANKING_TABLE} WHERE account_id = $1 OR (account_id = '*' AND item_id IN (${items}))`, [account]);
  let rows = 0;
  for (const period of PERIODS) {
    const start = periodStart(period, asOf);
    const res = await tx.query(
      `INSERT INTO ${RANKING_TABLE} (period, account_id, item_id, as_of, item_title, order_count, cost, plays, likes, shares, conversions)
       SELECT $4, v.account_id, v.item_id, $2, e.item_title, e.order_count,
              e.total_cost - coalesce(s.total_cost, 0), e.total_play - coalesce(s.total_play, 0), e.total_like - coalesce(s.total_like, 0),
              e.total_share - coalesce(s.total_share, 0), e.total_convert - coalesce(s.total_convert, 0)
         FROM (SELECT DISTINCT account_id, item_id FROM ${VIDEO_AGG_TABLE} WHERE account_id = $1) v
         CROSS JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = v.account_id AND a.item_id = v.item_id AND a.stat_time <= $2
                              ORDER BY a.stat_time DESC LIMIT 1) e
         LEFT JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE $3::timestamptz IS NOT NULL AND a.account_id = v.account_id AND a.item_id = v.item_id
                              AND a.stat_time <= $3 ORDER BY a.stat_time DESC LIMIT 1) s ON true
        WHERE e.total_cost - coalesce(s.total_cost, 0) <> 0 OR e.total_play - coalesce(s.total_play, 0) <> 0`,
      [account, asOf, start ?? null, period]
    );
    rows += res.rowCount ?? 0;
  }
  const all = await tx.query(
    `INSERT INTO ${RANKING_TABLE} (period, account_id, accounts, item_id, as_of, item_title, order_count, cost, plays, likes, shares, conversions)
     SELECT period, '*', array_agg(account_id ORDER BY account_id), item_id, max(as_of), max(item_title), sum(order_count), sum(cost), sum(plays), sum(likes), sum(shares), sum(conversions)
       FROM ${RANKING_TABLE} WHERE account_id <> '*' AND item_id IN (${items}) GROUP BY period, item_id`,
    [account]
  );
  return { rows: rows + (all.rowCount ?? 0) };
}
__name(refreshVideoRanking, "refreshVideoRanking");
var videoAggDerived = {
  name: "video_stats_agg",
  after: ["order_stats"],
  async refresh(tx, scope) {
    const statTime = bucketOf(new Date(Math.min(scope.window.to.getTime(), scope.now.getTime())));
    const agg = await refreshVideoAgg(tx, scope.account, statTime);
    if (agg.rows === 0) return agg;
    const ranking = await refreshVideoRanking(tx, scope.account, statTime);
    return { rows: agg.rows + ranking.rows };
  }
};

// src/connectors/douplus/daily.ts
var VIDEO_DAILY_TABLE = "douplus_video_daily";
async function videoDeltas(db, from, to, account) {
  const res = await db.query(
    `WITH v AS (SELECT DISTINCT account_id, item_id FROM ${VIDEO_AGG_TABLE} WHERE stat_time > $1 AND stat_time <= $2 AND ($3::text IS NULL OR account_id = $3)),
     d AS (
       SELECT v.account_id, v.item_id, e.item_title,
              e.total_cost - coalesce(s.total_cost, 0) AS cost, e.total_play - coalesce(s.total_play, 0) AS plays,
              e.total_like - coalesce(s.total_like, 0) AS likes, e.total_share - coalesce(s.total_share, 0) AS shares,
              e.total_convert - coalesce(s.total_convert, 0) AS conversions
         FROM v
         CROSS JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = v.account_id AND a.item_id = v.item_id AND a.stat_time <= $2 ORDER BY a.stat_time DESC LIMIT 1) e
         LEFT JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = v.account_id AND a.item_id = v.item_id AND a.stat_time <= $1 ORDER BY a.stat_time DESC LIMIT 1) s ON true
     )
     SELECT account_id, item_id, item_title, cost::numeric(14,2)::text AS cost, plays::text AS plays, likes::text AS likes, shares::text AS shares, conversions::text AS conversions,
            CASE WHEN cost > 0 THEN round(plays * 100 / cost, 2)::text END AS plays_per_100_yuan,
            CASE WHEN conversions > 0 THEN round(cost / conversions, 2)::text END AS cost_per_conversion
       FROM d WHERE cost <> 0 OR plays <> 0 ORDER BY account_id, item_id`,
    [from, to, account ?? null]
  );
  return res.rows;
}
__name(videoDeltas, "videoDeltas");
var videoDailyStream = {
  name: "video_daily",
  table: VIDEO_DAILY_TABLE,
  primaryKey: ["stat_date", "account_id", "item_id"],
  columns: [
    { name: "stat_date", type: "date" },
    { name: "account_id", type: "text" },
    { name: "item_id", type: "text" },
    { name: "item_title", type: "text" },
    { name: "cost", type: "numeric" },
    { name: "plays", type: "bigint" },
    { name: "likes", type: "bigint" },
    { name: "shares", type: "bigint" },
    { name: "conversions", type: "bigint" },
    { name: "plays_per_100_yuan", type: "numeric" },
    { name: "cost_per_conversion", type: "numeric" }
  ],
  mode: "replace",
  replaceBy: { account: "account_id", day: "stat_date" },
  slice: { days: 1 },
  async fetchPage(client, req) {
    const day2 = req.slice.day;
    const rows = await videoDeltas(client.pool, new Date(dayStart(day2).getTime() - 1), dayEnd(day2), req.account);
    return { records: rows.map((r) => ({ stat_date: day2, ...r })), hasMore: false };
  },
  toRows(records) {
    return records;
  }
};
async function douplusSummary(pool, day2) {
  const points = [];
  let today = [];
  for (let i = 6; i >= 0; i--) {
    const d = addDays(day2, -i);
    const rows = await videoDeltas(pool, new Date(dayStart(d).getTime() - 1), dayEnd(d));
    if (i === 0) today = rows;
    const cents2 = rows.reduce((s, r) => s + BigInt(r.cost.replace(".", "")), 0n);
    points.push({ day: d, value: Number(cents2) / 100 });
  }
  const cents = today.reduce((s, r) => s + BigInt(r.cost.replace(".", "")), 0n);
  const spend = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
  const plays = today.reduce((s, r) => s + BigInt(r.plays), 0n);
  const conversions = today.reduce((s, r) => s + BigInt(r.conversions), 0n);
  const best = today.filter((r) => Number(r.cost) >= 10 && r.plays_per_100_yuan !== null).sort((a, b) => Number(b.plays_per_100_yuan) - Number(a.plays_per_100_yuan) || (a.item_id < b.item_id ? -1 : 1))[0];
  return {
    title: `DOU+ ${day2}`,
    figures: [
      { label: "\u6D88\u8017", value: formatYuan(spend) },
      { label: "\u64AD\u653E", value: plays.toLocaleString("en-US") },
      { label: "\u8F6C\u5316", value: conversions.toLocaleString("en-US") },
      {
        label: "\u6700\u4F73\u89C6\u9891",
        value: best ? `${best.item_title ?? best.item_id} \u2014 ${Number(best.plays_per_100_yuan).toLocaleString("en-US")} \u64AD\u653E/\u767E\u5143, ${formatYuan(best.cost)}` : "\u2014"
      }
    ],
    // Chart points only: the exact figures are above.
    trend: { label: "\u6D88\u8017(\u5143)", points }
  };
}
__name(douplusSummary, "douplusSummary");
var douplusDailyMetrics = {
  sql: `SELECT d AS day, $2::text AS account, x.metric, x.value, x.currency
          FROM unnest($1::date[]) AS d
          CROSS JOIN LATERAL (
            SELECT coalesce(sum(e.total_cost - coalesce(s.total_cost, 0)), 0) AS spend,
                   coalesce(sum(e.total_convert - coalesce(s.total_convert, 0)), 0) AS conversions,
                   coalesce(sum(e.total_play - coalesce(s.total_play, 0)), 0) AS plays
              FROM (SELECT DISTINCT item_id FROM ${VIDEO_AGG_TABLE}
                     WHERE account_id = $2 AND stat_time >= (d::timestamp AT TIME ZONE 'Asia/Shanghai') AND stat_time < ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) v
              CROSS JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = $2 AND a.item_id = v.item_id
                                    AND a.stat_time < ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') ORDER BY a.stat_time DESC LIMIT 1) e
              LEFT JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = $2 AND a.item_id = v.item_id
                                   AND a.stat_time < (d::timestamp AT TIME ZONE 'Asia/Shanghai') ORDER BY a.stat_time DESC LIMIT 1) s ON true
          ) t
          CROSS JOIN LATERAL (VALUES ('ad_spend', t.spend, 'CNY'), ('conversions', t.conversions::numeric, ''), ('plays', t.plays::numeric, '')) AS x(metric, value, currency)`
};

// src/connectors/douplus/mirror.ts
var DOUPLUS_VIDEO_DAILY_MIRROR = {
  name: "douplus_video_daily",
  source: "douplus_video_daily",
  table: "DOU+\u89C6\u9891\u6392\u884C",
  key: ["stat_date", "account_id", "item_id"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "stat_date",
  dateField: "\u65E5\u671F",
  aliases: ["douplus", "dou+", "\u6296\u52A0"],
  fields: [
    { column: "stat_date", field: "\u65E5\u671F", type: "date" },
    { column: "account_id", field: "\u6296\u97F3\u53F7", type: "text" },
    { column: "item_id", field: "\u89C6\u9891ID", type: "text" },
    { column: "item_title", field: "\u89C6\u9891\u6807\u9898", type: "text" },
    { column: "cost", field: "\u6D88\u8017(\u5143)", type: "number" },
    { column: "plays", field: "\u64AD\u653E", type: "number" },
    { column: "likes", field: "\u70B9\u8D5E", type: "number" },
    { column: "shares", field: "\u5206\u4EAB", type: "number" },
    { column: "conversions", field: "\u8F6C\u5316", type: "number" },
    { column: "plays_per_100_yuan", field: "\u767E\u5143\u64AD\u653E", type: "number" },
    { column: "cost_per_conversion", field: "\u8F6C\u5316\u6210\u672C(\u5143)", type: "number" }
  ]
};

// src/connectors/douplus/routes.ts
function badRequest(error, example) {
  const problems = error.issues.map((i) => {
    if (i.code === "unrecognized_keys") return `unknown parameter(s): ${i.keys.join(", ")}`;
    return `${i.path.join(".")}: ${i.message}`;
  });
  return { status: 400, body: { error: { code: "BAD_REQUEST", message: problems.join("; "), problems, action: `Fix the parameters, e.g. ${example}` } } };
}
__name(badRequest, "badRequest");
function flat(query) {
  const out = {};
  for (const [k, v] of Object.entries(query)) out[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
  return out;
}
__name(flat, "flat");
var douplusRoutes = [
  {
    method: "GET",
    path: "/orders",
    access: "read",
    async handle(req, ctx) {
      const p = orderListParams.safeParse(flat(req.query));
      if (!p.success) return badRequest(p.error, "/api/douplus/orders?sort=cost&page=1&page_size=20&status=DELIVERING");
      return { body: await listOrders(ctx.pool, p.data) };
    }
  },
  {
    method: "GET",
    path: "/orders/:id",
    access: "read",
    async handle(req, ctx) {
      const id = req.params.id ?? "";
      if (!/^\d+$/.test(id)) return { status: 400, body: { error: { code: "BAD_REQUEST", message: `order id must be digits, got ${JSON.stringify(id)}`, action: "Use an order_id from /api/douplus/orders." } } };
      const found = await orderDetail(ctx.pool, id);
      if (!found) return { status: 404, body: { error: { code: "NOT_FOUND", message: `no DOU+ order ${id}`, action: "Use an order_id from /api/douplus/orders; new orders appear within 5 minutes." } } };
      return { body: found };
    }
  },
  {
    method: "GET",
    path: "/videos",
    access: "read",
    async handle(req, ctx) {
      const p = rankingParams.safeParse(flat(req.query));
      if (!p.success) return badRequest(p.error, "/api/douplus/videos?period=7d");
      const r = await videoRanking(ctx.pool, p.data);
      return { body: { period: p.data.period, account: p.data.account ?? null, as_of: r.asOf, videos: r.videos } };
    }
  },
  {
    method: "GET",
    path: "/accounts",
    access: "read",
    async handle(req, ctx) {
      const q = flat(req.query);
      const extra = Object.keys(q).filter((k) => k !== "period");
      const period = q.period ?? "7d";
      const problems = [
        ...extra.length ? [`unknown parameter(s): ${extra.join(", ")}`] : [],
        ...PERIODS.includes(period) ? [] : [`period: must be one of ${PERIODS.join(", ")}`]
      ];
      if (problems.length) return { status: 400, body: { error: { code: "BAD_REQUEST", message: problems.join("; "), problems, action: "Fix the parameters, e.g. /api/douplus/accounts?period=7d" } } };
      return { body: { period, accounts: await accountTotals(ctx.pool, period) } };
    }
  }
];

// src/connectors/douplus/index.ts
var DOUPLUS_NAME = "douplus";
function douplusTokenProvider(s, baseUrl) {
  if (!s.DOUPLUS_APP_ID || !s.DOUPLUS_SECRET) return void 0;
  return { ...oceanengineOAuth({ appId: s.DOUPLUS_APP_ID, secret: s.DOUPLUS_SECRET, baseUrl, authBaseUrl: s.DOUPLUS_AUTH_BASE_URL, redirectUri: s.DOUPLUS_OAUTH_REDIRECT_URI }), platform: DOUPLUS_PLATFORM, title: "DOU+ (\u5DE8\u91CF\u5F15\u64CE)" };
}
__name(douplusTokenProvider, "douplusTokenProvider");
function tokenStoreFor2(ctx) {
  const given = ctx.tokens;
  let opened;
  const refreshBeforeMs = ctx.settings.DOUPLUS_REFRESH_BEFORE_MINUTES * 6e4;
  return () => {
    if (given) {
      if (!given.platforms().includes(DOUPLUS_PLATFORM)) {
        const p = douplusTokenProvider(ctx.settings, ctx.baseUrl);
        if (p) given.register(p, refreshBeforeMs);
      }
      return Promise.resolve(given);
    }
    return opened ??= openTokenStore({ config: ctx.config, log: ctx.log, pool: ctx.pool, providers: [{ provider: douplusTokenProvider(ctx.settings, ctx.baseUrl), refreshBeforeMs }] });
  };
}
__name(tokenStoreFor2, "tokenStoreFor");
var days = /* @__PURE__ */ __name((n) => n * 864e5, "days");
var douplus = defineConnector({
  name: DOUPLUS_NAME,
  title: "DOU+",
  aliases: ["DOU+", "dou+", "\u6296\u52A0", "doujia"],
  settings: { schema: douplusSettings, aliases: douplusAliases },
  setup(s) {
    return {
      configured: Boolean(s.DOUPLUS_APP_ID && s.DOUPLUS_SECRET),
      accounts: s.DOUPLUS_AWEME_SEC_UIDS,
      baseUrl: s.DOUPLUS_BASE_URL,
      realBaseUrl: DOUPLUS_REAL_BASE_URL
    };
  },
  async partitions(ctx) {
    if (ctx.settings.DOUPLUS_AWEME_SEC_UIDS.length) return ctx.settings.DOUPLUS_AWEME_SEC_UIDS.map((id) => ({ id }));
    const client = new DouplusClient({ ctx, account: "", tokens: tokenStoreFor2(ctx) });
    return client.awemeAccounts();
  },
  createClient(ctx, partition) {
    return new DouplusClient({ ctx, account: partition.id, tokens: tokenStoreFor2(ctx) });
  },
  streams: [ordersStream, orderStatsStream, videoDailyStream],
  derived: [videoAggDerived],
  schedules(s) {
    return [
      { name: "incremental", cron: s.DOUPLUS_ORDERS_CRON, streams: ["orders"], window: /* @__PURE__ */ __name((now) => ({ from: new Date(now.getTime() - days(s.DOUPLUS_INCREMENTAL_DAYS)), to: now }), "window") },
      { name: "full", cron: s.DOUPLUS_FULL_CRON, streams: ["orders"], catchUp: false, window: /* @__PURE__ */ __name((now) => ({ from: new Date(now.getTime() - days(s.DOUPLUS_FULL_DAYS)), to: now }), "window") },
      // The bucket that just closed (12:06 → 12:05): cumulative figures are "now", so a missed
      // bucket cannot be fetched later and there is nothing to catch up.
      // Yesterday's per-video figures (for the Bitable ranking), from our own aggregate.
      { name: "video-daily", cron: s.DOUPLUS_VIDEO_DAILY_CRON, streams: ["video_daily"], window: /* @__PURE__ */ __name((now) => ({ from: dayStart(yesterday(now)), to: dayEnd(yesterday(now)) }), "window") },
      { name: "stats", cron: s.DOUPLUS_STATS_CRON, streams: ["order_stats"], catchUp: false, window: /* @__PURE__ */ __name((now) => ({ from: bucketOf(now), to: new Date(bucketOf(now).getTime() + BUCKET_MS - 1e3) }), "window") }
    ];
  },
  emulator: /* @__PURE__ */ __name(() => import("./sandbox-GB4WKCLF.js").then((m) => m.start), "emulator"),
  oauth: {
    platform: DOUPLUS_PLATFORM,
    title: "DOU+ (\u5DE8\u91CF\u5F15\u64CE)",
    aliases: ["douplus", "dou+", "\u6296\u52A0"],
    provider: douplusTokenProvider,
    refreshBeforeMinutes: /* @__PURE__ */ __name((s) => s.DOUPLUS_REFRESH_BEFORE_MINUTES, "refreshBeforeMinutes"),
    defaultGrant: /* @__PURE__ */ __name((s) => s.DOUPLUS_GRANT, "defaultGrant"),
    signInHint: "the \u6296\u97F3\u53F7 whose DOU+ orders to sync (or the \u5DE8\u91CF\u5F15\u64CE account it is bound to)",
    async onStart({ tokens, mode, settings, log }) {
      if (mode === "sandbox") await seedSandboxGrant(tokens, settings.DOUPLUS_GRANT, log, DOUPLUS_PLATFORM);
    }
  },
  redact: ["*.DOUPLUS_SECRET"],
  routes: douplusRoutes,
  mirror: [DOUPLUS_VIDEO_DAILY_MIRROR],
  summary: douplusSummary,
  chatCommands: [douplusCommand],
  dailyMetrics: douplusDailyMetrics
});

// src/connectors/xiaoe/codes.ts
var ORDER_STATE = {
  0: "\u672A\u652F\u4ED8",
  1: "\u652F\u4ED8\u6210\u529F",
  // 1.0 only; kept so an old-style answer still reads.
  2: "\u652F\u4ED8\u5931\u8D25",
  3: "\u5DF2\u9000\u6B3E",
  6: "\u8BA2\u5355\u8D85\u65F6\u672A\u652F\u4ED8\u81EA\u52A8\u53D6\u6D88",
  7: "\u624B\u52A8\u53D6\u6D88",
  8: "\u9000\u6B3E\u4E2D",
  9: "\u9000\u6B3E\u5931\u8D25",
  10: "\u9000\u6B3E\u6210\u529F",
  11: "\u90E8\u5206\u9000\u6B3E"
};
var SHIP_STATE = {
  0: "\u7981\u6B62\u53D1\u8D27",
  1: "\u672A\u53D1\u8D27",
  2: "\u5DF2\u53D1\u8D27",
  3: "\u5DF2\u6536\u8D27",
  4: "\u90E8\u5206\u53D1\u8D27"
};
var SALES_STATE = {
  1: "\u90E8\u5206\u9000\u6B3E",
  2: "\u5168\u90E8\u9000\u6B3E",
  [-1]: "\u9ED8\u8BA4(\u65E0\u552E\u540E)"
};
var RESOURCE_TYPE = {
  1: "\u56FE\u6587",
  2: "\u97F3\u9891",
  3: "\u89C6\u9891",
  4: "\u76F4\u64AD",
  5: "\u4F1A\u5458",
  6: "\u4E13\u680F",
  7: "\u5708\u5B50",
  8: "\u5927\u4E13\u680F",
  20: "\u7535\u5B50\u4E66",
  21: "\u5B9E\u7269\u5546\u54C1",
  23: "\u8D85\u7EA7\u4F1A\u5458",
  25: "\u8BAD\u7EC3\u8425",
  29: "\u7EBF\u4E0B\u8BFE",
  31: "\u5C0F\u73ED\u8BFE",
  35: "\u5927\u73ED\u8BFE",
  41: "\u6709\u4EF7\u4F18\u60E0\u5238",
  42: "\u8BFE\u65F6\u5305",
  45: "AI\u4E92\u52A8\u8BFE",
  50: "\u8BFE\u7A0B(\u8BAD\u7EC3\u8425pro)",
  68: "\u670D\u52A1\u7C7B\u5546\u54C1"
};
function codeText(map, code) {
  if (code === null) return null;
  return map[code] ?? `\u672A\u77E5(${code})`;
}
__name(codeText, "codeText");

// src/connectors/xiaoe/mapping.ts
var XiaoeMappingError = class extends Error {
  static {
    __name(this, "XiaoeMappingError");
  }
  constructor(message) {
    super(message);
    this.name = "XiaoeMappingError";
  }
};
var TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
var ZERO_TIME = /^0000-00-00( 00:00:00)?$/;
function parseXiaoeTime(value, field, orderId, required = false) {
  if (value === null || value === void 0 || value === "" || typeof value === "string" && ZERO_TIME.test(value.trim())) {
    if (required) throw new XiaoeMappingError(`order ${orderId}: ${field} is empty`);
    return null;
  }
  const m = typeof value === "string" ? TIME_RE.exec(value.trim()) : null;
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    const ms = Date.UTC(y, mo - 1, d, h - 8, mi, s);
    const back = new Date(ms + 8 * 36e5);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60) {
      return new Date(ms).toISOString();
    }
  }
  if (required) throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not a time like 2026-02-11 09:30:00`);
  return null;
}
__name(parseXiaoeTime, "parseXiaoeTime");
function int2(value, field, orderId) {
  if (value === null || value === void 0 || value === "") return null;
  const n = typeof value === "number" ? value : typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not a whole number`);
  return n;
}
__name(int2, "int");
function text(value) {
  if (value === null || value === void 0) return null;
  return typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}
__name(text, "text");
function money2(value, field, orderId, unit) {
  if (value === null || value === void 0 || value === "") return null;
  try {
    return unit === "\u5143" ? yuanToDecimal(value) : fenToYuan2(value);
  } catch {
    throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not an amount in ${unit}`);
  }
}
__name(money2, "money");
function rawNumber(value, field, orderId) {
  if (value === null || value === void 0 || value === "") return null;
  const t = String(value).trim();
  if (typeof value === "object" || !/^-?\d+(\.\d+)?$/.test(t)) throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not a number`);
  return t;
}
__name(rawNumber, "rawNumber");
function toXiaoeOrderRow(o, appId) {
  const id = typeof o.order_id === "string" ? o.order_id.trim() : "";
  if (!id) throw new XiaoeMappingError(`an order in the list has no order_id (${JSON.stringify(o).slice(0, 120)})`);
  const orderState = int2(o.order_state, "order_state", id);
  const shipState = int2(o.ship_state, "ship_state", id);
  const salesState = int2(o.sales_state, "sales_state", id);
  const resourceType = int2(o.resource_type, "resource_type", id);
  let orderType = null;
  if (Array.isArray(o.order_type)) orderType = o.order_type.map((t) => int2(t, "order_type", id) ?? 0);
  return {
    order_id: id,
    app_id: appId,
    user_id: text(o.user_id),
    resource_type: resourceType,
    resource_type_text: codeText(RESOURCE_TYPE, resourceType),
    resource_id: text(o.resource_id),
    title: text(o.title),
    count: int2(o.count, "count", id),
    price: money2(o.price, "price", id, "\u5143"),
    coupon_id: text(o.coupon_id),
    coupon_name: text(o.coupon_name),
    coupon_price: money2(o.coupon_price, "coupon_price", id, "\u5206"),
    discount_price_raw: rawNumber(o.discount_price, "discount_price", id),
    order_state: orderState,
    order_state_text: codeText(ORDER_STATE, orderState),
    ship_state: shipState,
    ship_state_text: codeText(SHIP_STATE, shipState),
    sales_state: salesState,
    sales_state_text: codeText(SALES_STATE, salesState),
    after_sales_state: int2(o.after_sales_state, "after_sales_state", id),
    team_buy_state: int2(o.team_buy_state, "team_buy_state", id),
    pay_way: int2(o.pay_way, "pay_way", id),
    collection_way: int2(o.collection_way, "collection_way", id),
    client_type: int2(o.client_type, "client_type", id),
    out_order_id: text(o.out_order_id),
    transaction_id: text(o.transaction_id),
    created_time: parseXiaoeTime(o.created_time, "created_time", id, true),
    pay_time: parseXiaoeTime(o.pay_time, "pay_time", id),
    refund_time: parseXiaoeTime(o.refund_time, "refund_time", id),
    settle_time: parseXiaoeTime(o.settle_time, "settle_time", id),
    refund_money: money2(o.refund_money, "refund_money", id, "\u5206"),
    order_type: orderType,
    goods_no: text(o.goods_no),
    raw_data: o
  };
}
__name(toXiaoeOrderRow, "toXiaoeOrderRow");

// src/connectors/xiaoe/client.ts
var XIAOE_PLATFORM = "xiaoe";
var TOKEN_PATH = "/token";
var ORDER_LIST_PATH2 = "/xe.order.list.get/1.0.1";
var MAX_SPAN_SECONDS = 7 * 86400;
var MAX_PAGE_SIZE = 200;
var INVALID_SECRET = 2001;
var DEFAULT_CODES = { authExpired: [40001, 40002], rateLimited: [40003] };
var AUTH_WORDS = /access_token|token.*(过期|失效|无效|expired|invalid)|(过期|失效|无效|invalid|expired).*token/i;
var RATE_WORDS = /频繁|限流|超过.*(频率|次数|限制)|rate.?limit|too many/i;
function classifyWith(codes) {
  return (status, body) => {
    if (status === 429) return { kind: "rateLimited", message: "HTTP 429 Too Many Requests" };
    if (status >= 500) return { kind: "retryable", message: `HTTP ${status}` };
    if (body === null || body === void 0 || typeof body !== "object" || Array.isArray(body)) {
      return { kind: status >= 400 ? "fatal" : "malformed", message: `HTTP ${status}: the answer is not a JSON object` };
    }
    const env = body;
    const code = typeof env.code === "number" ? env.code : typeof env.code === "string" && /^-?\d+$/.test(env.code) ? Number(env.code) : void 0;
    const msg = typeof env.msg === "string" ? env.msg : typeof env.message === "string" ? env.message : "";
    if (code === void 0) return { kind: "malformed", message: `HTTP ${status}: the answer has no numeric code` };
    const text3 = `code ${code}${msg ? `: ${msg}` : ""}`;
    if (code === 0) return status >= 400 ? { kind: "fatal", code, message: `HTTP ${status} with ${text3}` } : { kind: "ok", code, message: "" };
    if (codes.rateLimited.includes(code) || RATE_WORDS.test(msg)) return { kind: "rateLimited", code, message: text3 };
    if (code === INVALID_SECRET) return { kind: "fatal", code, message: text3 };
    if (codes.authExpired.includes(code) || AUTH_WORDS.test(msg)) return { kind: "authExpired", code, message: text3 };
    return { kind: "fatal", code, message: text3 };
  };
}
__name(classifyWith, "classifyWith");
var classify4 = classifyWith(DEFAULT_CODES);
function codesOf(s) {
  return { authExpired: s.XIAOE_AUTH_ERROR_CODES, rateLimited: s.XIAOE_RATE_LIMIT_CODES };
}
__name(codesOf, "codesOf");
async function fetchXiaoeToken(baseUrl, app, codes = DEFAULT_CODES, signal) {
  const url2 = new URL(`${baseUrl}${TOKEN_PATH}`);
  url2.searchParams.set("app_id", app.appId);
  url2.searchParams.set("client_id", app.clientId);
  url2.searchParams.set("secret_key", app.secretKey);
  url2.searchParams.set("grant_type", "client_credential");
  let body;
  try {
    body = await platformFetch({ url: url2, method: "GET", signal, label: `\u5C0F\u9E45\u901A ${TOKEN_PATH}`, classify: classifyWith(codes), timeoutMs: 15e3 });
  } catch (e) {
    if (e instanceof PlatformError && e.info.code === INVALID_SECRET) {
      throw new TongbuError("SYNC_AUTH_FAILED", `\u5C0F\u9E45\u901A ${TOKEN_PATH}: ${e.message.replace(/^小鹅通 \/token: /, "")} (check XIAOE_APP_ID, XIAOE_CLIENT_ID and XIAOE_SECRET_KEY)`, { cause: e });
    }
    throw e;
  }
  const data = body.data;
  if (!data || typeof data.access_token !== "string" || !data.access_token) {
    throw new PlatformError("malformed", `\u5C0F\u9E45\u901A ${TOKEN_PATH}: the answer has no data.access_token`);
  }
  const ttl = Number(data.expires_in);
  return { accessToken: data.access_token, expiresIn: Number.isFinite(ttl) && ttl > 0 ? ttl : 7200 };
}
__name(fetchXiaoeToken, "fetchXiaoeToken");
var NO_REFRESH_TOKEN = "client_credential";
function xiaoeTokenProvider(app, baseUrl, codes = DEFAULT_CODES) {
  const grant = /* @__PURE__ */ __name(async () => {
    try {
      const t = await fetchXiaoeToken(baseUrl, app, codes);
      return { accessToken: t.accessToken, refreshToken: NO_REFRESH_TOKEN, accessExpiresIn: t.expiresIn, refreshExpiresIn: 10 * 365 * 86400, grantedAccounts: [app.appId] };
    } catch (e) {
      if (e instanceof TongbuError && e.code === "SYNC_AUTH_FAILED") throw new RefreshRejectedError(e.detail, INVALID_SECRET);
      throw e;
    }
  }, "grant");
  return {
    platform: XIAOE_PLATFORM,
    title: "\u5C0F\u9E45\u901A",
    exchangeCode: /* @__PURE__ */ __name(() => grant(), "exchangeCode"),
    refresh: /* @__PURE__ */ __name(() => grant(), "refresh"),
    // No authorisation page: the app's credentials are set in .env and the server's IP must be
    // on the whitelist of 云服务控制台.
    authorizationUrl: /* @__PURE__ */ __name(() => "https://admin.xiaoe-tech.com", "authorizationUrl")
  };
}
__name(xiaoeTokenProvider, "xiaoeTokenProvider");
function credentialsRefused(e) {
  if (e instanceof TongbuError && e.code === "TOKEN_REFRESH_FAILED" && e.cause instanceof RefreshRejectedError) {
    return new TongbuError("SYNC_AUTH_FAILED", e.cause.message, { cause: e });
  }
  return e;
}
__name(credentialsRefused, "credentialsRefused");
var ownStores = /* @__PURE__ */ new WeakMap();
var firstFetch = /* @__PURE__ */ new Map();
var XiaoeClient = class {
  constructor(o) {
    this.o = o;
    this.classify = classifyWith(codesOf(o.settings));
    this.provider = xiaoeTokenProvider(o.app, o.baseUrl, codesOf(o.settings));
  }
  o;
  static {
    __name(this, "XiaoeClient");
  }
  /**
   * When the token an expired-token answer was given for had been read: a forced renewal is
   * skipped if someone renewed after that, so requests in flight that all saw the same expired
   * token renew it once.
   */
  staleReadAt;
  cached;
  classify;
  provider;
  get appId() {
    return this.o.app.appId;
  }
  get settings() {
    return this.o.settings;
  }
  async tokens() {
    const { ctx } = this.o;
    const refreshBeforeMs = this.o.settings.XIAOE_TOKEN_REFRESH_BEFORE_MINUTES * 6e4;
    let store = ctx.tokens;
    if (!store) {
      let opened = ownStores.get(ctx.pool);
      if (!opened) ownStores.set(ctx.pool, opened = openTokenStore({ config: ctx.config, log: ctx.log, pool: ctx.pool }));
      store = await opened;
    }
    store.register(this.provider, refreshBeforeMs);
    return store;
  }
  /** A valid access token from the store (kept here a minute); the first one is fetched and stored. */
  async accessToken() {
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    const value = await this.readToken();
    this.cached = { value, until: Date.now() + 6e4 };
    return value;
  }
  async readToken() {
    const store = await this.tokens();
    try {
      return await store.getValidAccessToken(XIAOE_PLATFORM, this.appId);
    } catch (e) {
      if (!(e instanceof TongbuError && e.code === "TOKEN_MISSING")) throw credentialsRefused(e);
    }
    let first = firstFetch.get(this.appId);
    if (!first) {
      first = (async () => store.save(XIAOE_PLATFORM, this.appId, await this.provider.exchangeCode("")))().finally(() => firstFetch.delete(this.appId));
      firstFetch.set(this.appId, first);
    }
    try {
      await first;
    } catch (e) {
      if (e instanceof RefreshRejectedError) throw new TongbuError("SYNC_AUTH_FAILED", e.message, { cause: e });
      throw e;
    }
    return store.getValidAccessToken(XIAOE_PLATFORM, this.appId);
  }
  async refreshAuth() {
    this.cached = void 0;
    const store = await this.tokens();
    if (!(await store.status(XIAOE_PLATFORM)).some((s) => s.account === this.appId)) {
      await this.accessToken();
      return;
    }
    try {
      await store.refresh(XIAOE_PLATFORM, this.appId, { force: true, unlessRefreshedSince: this.staleReadAt });
    } catch (e) {
      throw credentialsRefused(e);
    }
  }
  /** One page of the order list (creation-time window), mapped to rows. */
  async listOrders(q, signal) {
    if (q.end - q.begin > MAX_SPAN_SECONDS) {
      throw new PlatformError("fatal", `\u5C0F\u9E45\u901A ${ORDER_LIST_PATH2}: a query spans at most 7 days (asked ${((q.end - q.begin) / 86400).toFixed(2)} days)`);
    }
    if (q.pageSize > MAX_PAGE_SIZE || q.pageSize < 1) throw new PlatformError("fatal", `\u5C0F\u9E45\u901A ${ORDER_LIST_PATH2}: page_size must be 1..200 (asked ${q.pageSize})`);
    const readAt = /* @__PURE__ */ new Date();
    const token = await this.accessToken();
    const label = `\u5C0F\u9E45\u901A ${ORDER_LIST_PATH2} (page ${q.page})`;
    const body = await platformFetch({
      url: `${this.o.baseUrl}${ORDER_LIST_PATH2}`,
      method: "POST",
      json: {
        access_token: token,
        page_index: q.page,
        page_size: q.pageSize,
        begin_time: String(q.begin),
        end_time: String(q.end),
        order_by: "created_at:asc"
      },
      signal,
      label,
      classify: this.classify,
      onApiError: this.o.ctx.onApiError
    }).catch((e) => {
      if (e instanceof PlatformError && e.kind === "authExpired") {
        this.staleReadAt = readAt;
        if (this.cached?.value === token) this.cached = void 0;
      }
      throw e;
    });
    const data = body.data;
    if (!data || typeof data !== "object" || !Array.isArray(data.list)) {
      this.o.ctx.onApiError?.("malformed");
      throw new PlatformError("malformed", `${label}: the answer has no data.list`);
    }
    const total = Number(data.total ?? 0);
    const rows = [];
    let skipped = 0;
    for (const item of data.list) {
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        this.o.ctx.onApiError?.("malformed");
        throw new PlatformError("malformed", `${label}: a list item is not an object`);
      }
      const rec = item;
      if (rec.order_id === void 0 || rec.order_id === null || rec.order_id === "") {
        skipped += 1;
        continue;
      }
      try {
        rows.push(toXiaoeOrderRow(rec, this.appId));
      } catch (e) {
        if (!(e instanceof XiaoeMappingError)) throw e;
        this.o.ctx.onApiError?.("malformed");
        throw new PlatformError("malformed", `${label}: ${e.message}`);
      }
    }
    if (skipped) this.o.ctx.log.warn({ page: q.page, skipped }, `\u5C0F\u9E45\u901A: ${skipped} list item(s) without order_id skipped`);
    return { rows, listed: data.list.length, skipped, total: Number.isFinite(total) ? total : 0 };
  }
};

// src/connectors/xiaoe/mirror.ts
var XIAOE_WELFARE_MIRROR = {
  name: "xiaoe_welfare",
  source: "xiaoe_welfare",
  table: "\u5C0F\u9E45\u901A\u798F\u5229",
  key: ["order_id"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "decision_day",
  dateField: "\u5224\u5B9A\u65E5",
  aliases: ["xiaoe", "\u5C0F\u9E45\u901A", "welfare", "\u798F\u5229"],
  fields: [
    { column: "order_id", field: "\u8BA2\u5355\u53F7", type: "text" },
    { column: "user_id", field: "\u4E70\u5BB6ID", type: "text" },
    { column: "title", field: "\u5546\u54C1", type: "text" },
    { column: "price", field: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", type: "number" },
    { column: "pay_time", field: "\u652F\u4ED8\u65F6\u95F4", type: "date" },
    { column: "decision_day", field: "\u5224\u5B9A\u65E5", type: "date" },
    { column: "status", field: "\u798F\u5229\u72B6\u6001", type: "singleSelect" },
    { column: "granted_on", field: "\u53D1\u653E\u65E5", type: "date" },
    { column: "revoked_on", field: "\u53D6\u6D88\u65E5", type: "date" },
    { column: "refund_money", field: "\u9000\u6B3E\u91D1\u989D(\u5143)", type: "number" },
    { column: "refund_time", field: "\u9000\u6B3E\u65F6\u95F4", type: "date" },
    { column: "late_refund_seen_on", field: "\u903E\u671F\u9000\u6B3E\u53D1\u73B0\u65E5", type: "date" }
  ]
};
var XIAOE_ORDERS_MIRROR = {
  name: "xiaoe_orders",
  source: "xiaoe_orders",
  table: "\u5C0F\u9E45\u901A\u8BA2\u5355",
  key: ["order_id"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "created_time",
  dateField: "\u4E0B\u5355\u65F6\u95F4",
  aliases: ["xiaoe-orders", "\u5C0F\u9E45\u901A\u8BA2\u5355"],
  optIn: "orders",
  fields: [
    { column: "order_id", field: "\u8BA2\u5355\u53F7", type: "text" },
    { column: "user_id", field: "\u4E70\u5BB6ID", type: "text" },
    { column: "title", field: "\u5546\u54C1\u540D\u79F0", type: "text" },
    { column: "resource_type_text", field: "\u5546\u54C1\u7C7B\u578B", type: "singleSelect" },
    { column: "price", field: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", type: "number" },
    { column: "coupon_price", field: "\u4F18\u60E0\u5238\u62B5\u6263(\u5143)", type: "number" },
    { column: "refund_money", field: "\u9000\u6B3E\u91D1\u989D(\u5143)", type: "number" },
    { column: "order_state_text", field: "\u8BA2\u5355\u72B6\u6001", type: "singleSelect" },
    { column: "sales_state_text", field: "\u552E\u540E\u72B6\u6001", type: "singleSelect" },
    { column: "created_time", field: "\u4E0B\u5355\u65F6\u95F4", type: "date" },
    { column: "pay_time", field: "\u652F\u4ED8\u65F6\u95F4", type: "date" },
    { column: "refund_time", field: "\u9000\u6B3E\u65F6\u95F4", type: "date" }
  ]
};

// src/connectors/xiaoe/orders.ts
var XIAOE_ORDERS_TABLE = "xiaoe_orders";
var ordersStream2 = {
  name: "orders",
  table: XIAOE_ORDERS_TABLE,
  primaryKey: ["order_id"],
  mode: "upsert",
  // The API refuses a creation-time span over 7 days.
  slice: { days: 7 },
  columns: [
    { name: "order_id", type: "text" },
    { name: "app_id", type: "text" },
    { name: "user_id", type: "text" },
    { name: "resource_type", type: "integer" },
    { name: "resource_type_text", type: "text" },
    { name: "resource_id", type: "text" },
    { name: "title", type: "text" },
    { name: "count", type: "integer" },
    { name: "price", type: "numeric" },
    { name: "coupon_id", type: "text" },
    { name: "coupon_name", type: "text" },
    { name: "coupon_price", type: "numeric" },
    { name: "discount_price_raw", type: "numeric" },
    { name: "order_state", type: "integer" },
    { name: "order_state_text", type: "text" },
    { name: "ship_state", type: "integer" },
    { name: "ship_state_text", type: "text" },
    { name: "sales_state", type: "integer" },
    { name: "sales_state_text", type: "text" },
    { name: "after_sales_state", type: "integer" },
    { name: "team_buy_state", type: "integer" },
    { name: "pay_way", type: "integer" },
    { name: "collection_way", type: "integer" },
    { name: "client_type", type: "integer" },
    { name: "out_order_id", type: "text" },
    { name: "transaction_id", type: "text" },
    { name: "created_time", type: "timestamptz" },
    { name: "pay_time", type: "timestamptz" },
    { name: "refund_time", type: "timestamptz" },
    { name: "settle_time", type: "timestamptz" },
    { name: "refund_money", type: "numeric" },
    { name: "order_type", type: "jsonb" },
    { name: "goods_no", type: "text" },
    { name: "raw_data", type: "json" }
  ],
  async fetchPage(client, req, signal) {
    const size = client.settings.XIAOE_PAGE_SIZE;
    const begin = Math.floor(req.slice.from.getTime() / 1e3);
    const end = Math.min(Math.floor(req.slice.to.getTime() / 1e3) + 1, begin + 7 * 86400);
    const res = await client.listOrders({ page: req.page, pageSize: size, begin, end }, signal);
    const hasMore = res.listed >= size && (res.total === 0 || req.page * size < res.total);
    return { records: res.rows, hasMore };
  },
  toRows(records) {
    return records;
  }
};

// src/connectors/xiaoe/settings.ts
var XIAOE_REAL_BASE_URL = "https://api.xiaoe-tech.com";
var day = /* @__PURE__ */ __name((def) => stringWithDefault(def).refine((v) => parseDay(v) !== void 0, { error: "must be a date like 2025-01-01" }), "day");
var xiaoeSettings = external_exports.object({
  /** 店铺ID (app_id), e.g. app1a2b3c4d5e6f. */
  XIAOE_APP_ID: optionalString(),
  /** 应用ID (client_id, xop…). */
  XIAOE_CLIENT_ID: optionalString(),
  /** client_secret (secret_key). */
  XIAOE_SECRET_KEY: optionalString(),
  /** Real API: https://api.xiaoe-tech.com. Empty: the emulator (sandbox) or the real host. */
  XIAOE_BASE_URL: url(),
  /** The history the first run fetches starts on this day (Asia/Shanghai). */
  XIAOE_START_DATE: day("2025-01-01"),
  /** New orders: every 30 minutes (Asia/Shanghai). */
  XIAOE_CRON: cron("*/30 * * * *"),
  /** How far back each new-orders run reads (creation time); runs overlap, upserts absorb it. */
  XIAOE_INCREMENTAL_MINUTES: int(120, 30, 1440),
  /** The rescan of recent orders (the list has no update-time filter, so refunds are found by reading again). */
  XIAOE_RESCAN_CRON: cron("15 * * * *"),
  XIAOE_RESCAN_DAYS: int(15, 1, 92),
  /** Orders per page (the API allows at most 200). */
  XIAOE_PAGE_SIZE: int(200, 1, 200),
  /** Fetch a new access token (2 h) when fewer than this many minutes are left. */
  XIAOE_TOKEN_REFRESH_BEFORE_MINUTES: int(10, 1, 110),
  /** Business codes meaning "access_token invalid or expired" (unpublished; the message is read too). */
  XIAOE_AUTH_ERROR_CODES: list().transform((v) => (v.length ? v : ["40001", "40002"]).map(Number)),
  /** Business codes meaning "too many requests" (unpublished; HTTP 429 and the message are read too). */
  XIAOE_RATE_LIMIT_CODES: list().transform((v) => (v.length ? v : ["40003"]).map(Number)),
  /** Days after payment on which the welfare is decided. */
  XIAOE_WELFARE_DAYS: int(14, 1, 365),
  /** revoke: a partial refund before the decision day revokes the welfare; keep: only a full refund does. */
  XIAOE_WELFARE_PARTIAL_REFUND: enumOf(["revoke", "keep"], "revoke"),
  /** Post the welfare card (granted / revoked yesterday, late refunds, with an xlsx) with the daily summary. */
  XIAOE_WELFARE_REPORT: bool(true)
});
var xiaoeAliases = {
  XIAOE_SHOP_ID: "XIAOE_APP_ID",
  XIAOE_CLIENT_SECRET: "XIAOE_SECRET_KEY",
  XIAOETONG_APP_ID: "XIAOE_APP_ID",
  XIAOETONG_CLIENT_ID: "XIAOE_CLIENT_ID",
  XIAOETONG_SECRET_KEY: "XIAOE_SECRET_KEY"
};

// src/connectors/xiaoe/welfare.ts
function welfareRule(s) {
  return { days: s.XIAOE_WELFARE_DAYS, partialRevokes: s.XIAOE_WELFARE_PARTIAL_REFUND === "revoke" };
}
__name(welfareRule, "welfareRule");
var REFUND_SQL = /* @__PURE__ */ __name((o) => `(${o}.order_state IN (3, 10) OR ${o}.sales_state = 2 OR ($3::boolean AND (${o}.order_state = 11 OR ${o}.sales_state = 1)))`, "REFUND_SQL");
var REFUND_KIND_SQL = /* @__PURE__ */ __name((o) => `CASE WHEN ${o}.order_state IN (3, 10) OR ${o}.sales_state = 2 THEN 'full' WHEN ${o}.order_state = 11 OR ${o}.sales_state = 1 THEN 'partial' END`, "REFUND_KIND_SQL");
var REFUNDED_INDEX_SQL = "(order_state IN (3, 10, 11) OR sales_state IN (1, 2))";
var REFUND_DAY_SQL = /* @__PURE__ */ __name((o) => `COALESCE((${o}.refund_time AT TIME ZONE 'Asia/Shanghai')::date, $1::date)`, "REFUND_DAY_SQL");
async function enterWelfare(tx, rule, now, created) {
  const params = [businessDay(now), rule.days, rule.partialRevokes];
  if (created) params.push(created.from, created.to);
  const entered = await tx.query(
    `INSERT INTO xiaoe_welfare (order_id, user_id, title, price, pay_time, decision_day, status, granted_on, revoked_on,
                                refund_money, refund_time, refund_kind, late_refund, late_refund_seen_on, historical)
     SELECT n.order_id, n.user_id, n.title, n.price, n.pay_time, n.decision_day, n.status,
            CASE WHEN n.status = 'granted' THEN $1::date END, CASE WHEN n.status = 'revoked' THEN $1::date END,
            CASE WHEN n.refunded AND n.status <> 'pending' THEN n.refund_money END,
            CASE WHEN n.refunded AND n.status <> 'pending' THEN n.refund_time END,
            CASE WHEN n.refunded AND n.status <> 'pending' THEN n.refund_kind END,
            n.refunded AND n.status = 'granted', CASE WHEN n.refunded AND n.status = 'granted' THEN $1::date END, n.historical
       FROM (SELECT o.order_id, o.user_id, o.title, o.price, o.pay_time, o.refund_money, o.refund_time, d.decision_day, r.refunded,
                    ${REFUND_KIND_SQL("o")} AS refund_kind, $1::date >= d.decision_day AS historical,
                    CASE WHEN $1::date < d.decision_day THEN 'pending'
                         WHEN r.refunded AND ${REFUND_DAY_SQL("o")} < d.decision_day THEN 'revoked'
                         WHEN o.order_state = 8 THEN 'pending'
                         ELSE 'granted' END AS status
               FROM xiaoe_orders o
              CROSS JOIN LATERAL (SELECT (o.pay_time AT TIME ZONE 'Asia/Shanghai')::date + $2::int AS decision_day) d
              CROSS JOIN LATERAL (SELECT ${REFUND_SQL("o")} AS refunded) r
              WHERE o.pay_time IS NOT NULL AND ${// A slice's orders (a few thousand) are checked against the welfare's key by the
    // insert itself, a probe each; NOT EXISTS there was planned as a hash anti-join
    // reading the whole welfare table for every slice. The whole table's orders are
    // anti-joined in one pass.
    created ? "o.created_time BETWEEN $4 AND $5" : "NOT EXISTS (SELECT 1 FROM xiaoe_welfare w WHERE w.order_id = o.order_id)"}) n
     ON CONFLICT (order_id) DO NOTHING
     RETURNING order_id`,
    params
  );
  return entered.rows;
}
__name(enterWelfare, "enterWelfare");
async function flagLateRefunds(tx, rule, now, created) {
  const params = [businessDay(now), rule.days, rule.partialRevokes];
  if (created) params.push(created.from, created.to);
  const orders2 = created ? `(SELECT order_id, refund_money, refund_time, order_state, sales_state FROM xiaoe_orders WHERE created_time BETWEEN $4 AND $5 OFFSET 0)` : "xiaoe_orders";
  const late = await tx.query(
    `WITH o AS MATERIALIZED (SELECT o.order_id, o.refund_money, o.refund_time, ${REFUND_KIND_SQL("o")} AS refund_kind
                               FROM ${orders2} o WHERE ${REFUNDED_INDEX_SQL} AND ${REFUND_SQL("o")})
     UPDATE xiaoe_welfare w SET late_refund = true, late_refund_seen_on = $1::date, refund_money = o.refund_money,
            refund_time = o.refund_time, refund_kind = o.refund_kind, updated_at = now()
       FROM o
      WHERE o.order_id = w.order_id AND w.status = 'granted' AND NOT w.late_refund AND $2::int IS NOT NULL
     RETURNING w.order_id`,
    params
  );
  return late.rows;
}
__name(flagLateRefunds, "flagLateRefunds");
async function welfareOfSlice(tx, rule, now, created) {
  const entered = await enterWelfare(tx, rule, now, created);
  const late = await flagLateRefunds(tx, rule, now, created);
  return { entered: entered.map((r) => r.order_id), lateRefunds: late.map((r) => r.order_id) };
}
__name(welfareOfSlice, "welfareOfSlice");
async function refreshWelfare(tx, rule, now, slicesCovered = false) {
  const params = [businessDay(now), rule.days, rule.partialRevokes];
  const entered = slicesCovered ? [] : await enterWelfare(tx, rule, now);
  const revoked = await tx.query(
    `UPDATE xiaoe_welfare w SET status = 'revoked', revoked_on = $1::date, refund_money = o.refund_money, refund_time = o.refund_time,
            refund_kind = ${REFUND_KIND_SQL("o")}, updated_at = now()
       FROM xiaoe_orders o
      WHERE o.order_id = w.order_id AND w.status = 'pending' AND $2::int IS NOT NULL
        AND ${REFUND_SQL("o")} AND ${REFUND_DAY_SQL("o")} < w.decision_day
     RETURNING w.order_id`,
    params
  );
  const granted = await tx.query(
    `UPDATE xiaoe_welfare w SET status = 'granted', granted_on = $1::date,
            late_refund = ${REFUND_SQL("o")},
            late_refund_seen_on = CASE WHEN ${REFUND_SQL("o")} THEN $1::date END,
            refund_money = CASE WHEN ${REFUND_SQL("o")} THEN o.refund_money END,
            refund_time = CASE WHEN ${REFUND_SQL("o")} THEN o.refund_time END,
            refund_kind = CASE WHEN ${REFUND_SQL("o")} THEN ${REFUND_KIND_SQL("o")} END,
            updated_at = now()
       FROM xiaoe_orders o
      WHERE o.order_id = w.order_id AND w.status = 'pending' AND $2::int IS NOT NULL
        AND w.decision_day <= $1::date AND o.order_state IS DISTINCT FROM 8
        AND NOT (${REFUND_SQL("o")} AND ${REFUND_DAY_SQL("o")} < w.decision_day)
     RETURNING w.order_id, w.late_refund AS late`,
    params
  );
  const late = slicesCovered ? [] : await flagLateRefunds(tx, rule, now);
  const changed = new Set([...entered, ...revoked.rows, ...granted.rows, ...late].map((r) => r.order_id));
  return {
    entered: entered.length,
    revoked: revoked.rowCount ?? 0,
    granted: granted.rowCount ?? 0,
    lateRefunds: late.length + granted.rows.filter((r) => r.late).length,
    changed: [...changed]
  };
}
__name(refreshWelfare, "refreshWelfare");
var COLUMNS = `order_id, user_id, title, price::text AS price, refund_money::text AS refund_money, refund_kind, pay_time, refund_time,
  to_char(decision_day, 'YYYY-MM-DD') AS decision_day, status, to_char(granted_on, 'YYYY-MM-DD') AS granted_on,
  to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, to_char(late_refund_seen_on, 'YYYY-MM-DD') AS late_refund_seen_on`;
async function welfareDay(pool, day2) {
  const list2 = /* @__PURE__ */ __name(async (where) => (await pool.query(`SELECT ${COLUMNS} FROM xiaoe_welfare WHERE ${where} ORDER BY pay_time, order_id`, [day2])).rows, "list");
  const granted = await list2(`status = 'granted' AND granted_on = $1::date AND NOT historical`);
  const revoked = await list2(`status = 'revoked' AND revoked_on = $1::date AND NOT historical`);
  const lateRefunds = await list2(`late_refund AND late_refund_seen_on = $1::date AND (NOT historical OR late_refund_seen_on > granted_on)`);
  const p = (await pool.query(
    `SELECT count(*)::int AS pending, count(*) FILTER (WHERE decision_day <= $1::date + 3)::int AS due FROM xiaoe_welfare WHERE status = 'pending'`,
    [day2]
  )).rows[0];
  return { day: day2, granted, revoked, lateRefunds, pending: p?.pending ?? 0, dueSoon: p?.due ?? 0 };
}
__name(welfareDay, "welfareDay");

// src/connectors/xiaoe/summary.ts
var DAY_RANGE = /* @__PURE__ */ __name((col) => `${col} >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND ${col} < ($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, "DAY_RANGE");
async function xiaoeSummary(pool, day2) {
  const t = (await pool.query(
    `SELECT (SELECT count(*) FROM xiaoe_orders WHERE ${DAY_RANGE("created_time")})::int AS orders,
              (SELECT count(*) FROM xiaoe_orders WHERE ${DAY_RANGE("pay_time")})::int AS paid,
              (SELECT coalesce(sum(price), 0) FROM xiaoe_orders WHERE ${DAY_RANGE("pay_time")})::numeric(14,2)::text AS amount,
              (SELECT count(*) FROM xiaoe_orders WHERE ${DAY_RANGE("refund_time")})::int AS refunds,
              (SELECT coalesce(sum(refund_money), 0) FROM xiaoe_orders WHERE ${DAY_RANGE("refund_time")})::numeric(14,2)::text AS refunded`,
    [day2]
  )).rows[0] ?? { orders: 0, paid: 0, amount: "0.00", refunds: 0, refunded: "0.00" };
  const w = await welfareDay(pool, day2);
  const trend = await pool.query(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(o.price), 0)::text AS amount
       FROM generate_series($1::date - 6, $1::date, interval '1 day') AS d
       LEFT JOIN xiaoe_orders o ON o.pay_time >= d::timestamp AT TIME ZONE 'Asia/Shanghai' AND o.pay_time < (d + interval '1 day')::timestamp AT TIME ZONE 'Asia/Shanghai'
      GROUP BY d ORDER BY d`,
    [day2]
  );
  return {
    title: `\u5C0F\u9E45\u901A ${day2}`,
    figures: [
      { label: "\u65B0\u8BA2\u5355", value: t.orders.toLocaleString("en-US") },
      { label: "\u652F\u4ED8\u8BA2\u5355", value: t.paid.toLocaleString("en-US") },
      { label: "\u5B9E\u4ED8\u91D1\u989D", value: formatYuan(t.amount) },
      { label: "\u9000\u6B3E", value: `${t.refunds.toLocaleString("en-US")} \u7B14 / ${formatYuan(t.refunded)}` },
      { label: "\u798F\u5229\u53D1\u653E / \u53D6\u6D88", value: `${w.granted.length} / ${w.revoked.length}` },
      { label: "\u798F\u5229\u5F85\u5B9A", value: `${w.pending.toLocaleString("en-US")}\uFF083\u5929\u5185\u5230\u671F ${w.dueSoon}\uFF09` },
      ...w.lateRefunds.length ? [{ label: "\u903E\u671F\u9000\u6B3E(\u9700\u4EBA\u5DE5\u5224\u65AD)", value: String(w.lateRefunds.length) }] : []
    ],
    // Chart points only: the exact figures are above.
    trend: { label: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", points: trend.rows.map((r) => ({ day: r.day, value: Number(r.amount) })) }
  };
}
__name(xiaoeSummary, "xiaoeSummary");

// src/connectors/xiaoe/commands.ts
var WHAT = { granted: "\u53D1\u653E", revoked: "\u53D6\u6D88", late: "\u903E\u671F\u9000\u6B3E" };
function sheetOf(rows) {
  return {
    columns: [
      { header: "\u5904\u7406", key: "what", width: 10 },
      { header: "\u8BA2\u5355\u53F7", key: "order_id", width: 30 },
      { header: "\u4E70\u5BB6ID", key: "user_id", width: 24 },
      { header: "\u5546\u54C1", key: "title", width: 28 },
      { header: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", key: "price", width: 14, money: true },
      { header: "\u9000\u6B3E\u91D1\u989D(\u5143)", key: "refund_money", width: 14, money: true },
      { header: "\u652F\u4ED8\u65F6\u95F4", key: "pay_time", width: 18 },
      { header: "\u5224\u5B9A\u65E5", key: "decision_day", width: 12 },
      { header: "\u9000\u6B3E\u65F6\u95F4", key: "refund_time", width: 18 }
    ],
    rows: rows.map(({ what, o }) => ({
      what: WHAT[what],
      order_id: o.order_id,
      user_id: o.user_id,
      title: o.title,
      price: o.price,
      refund_money: o.refund_money,
      pay_time: formatBusinessTime(o.pay_time),
      decision_day: o.decision_day,
      refund_time: o.refund_time ? formatBusinessTime(o.refund_time) : null
    }))
  };
}
__name(sheetOf, "sheetOf");
var line = /* @__PURE__ */ __name((o) => `${o.order_id} \xB7 ${o.user_id ?? "\u2014"} \xB7 ${o.title ?? ""} \xB7 \u5B9E\u4ED8 ${o.price ? formatYuan(o.price) : "\u2014"}${o.refund_money ? ` \xB7 \u9000\u6B3E ${formatYuan(o.refund_money)}` : ""}`, "line");
async function welfareReport(ctx, day2) {
  const w = await welfareDay(ctx.pool, day2);
  const rows = [...w.granted.map((o) => ({ what: "granted", o })), ...w.revoked.map((o) => ({ what: "revoked", o })), ...w.lateRefunds.map((o) => ({ what: "late", o }))];
  const notes = [];
  if (w.lateRefunds.length) {
    notes.push(`**\u903E\u671F\u9000\u6B3E (\u9700\u4EBA\u5DE5\u5224\u65AD)**\uFF1A\u4EE5\u4E0B\u8BA2\u5355\u5728\u5224\u5B9A\u65E5\u4E4B\u540E\u9000\u6B3E\uFF0C\u798F\u5229\u5DF2\u53D1\u653E\uFF0C\u672A\u81EA\u52A8\u6536\u56DE\uFF1A
${w.lateRefunds.map((o) => `- ${line(o)}`).join("\n")}`);
  }
  for (const [what, list2] of [
    ["granted", w.granted],
    ["revoked", w.revoked]
  ]) {
    if (list2.length && list2.length <= 10) notes.push(`**${WHAT[what]}**\uFF1A
${list2.map((o) => `- ${line(o)}`).join("\n")}`);
  }
  if (rows.length > 0 && (w.granted.length > 10 || w.revoked.length > 10)) notes.push("\u5B8C\u6574\u540D\u5355\u89C1\u9644\u4EF6\u3002");
  return {
    title: `\u5C0F\u9E45\u901A\u798F\u5229 ${day2}`,
    tone: w.lateRefunds.length ? "warning" : rows.length ? "success" : "info",
    figures: [
      { label: "\u53D1\u653E", value: String(w.granted.length) },
      { label: "\u53D6\u6D88", value: String(w.revoked.length) },
      { label: "\u903E\u671F\u9000\u6B3E", value: String(w.lateRefunds.length) },
      { label: "\u5F85\u5B9A", value: `${w.pending}\uFF083\u5929\u5185\u5224\u5B9A ${w.dueSoon}\uFF09` }
    ],
    notes,
    attachment: rows.length ? { fileName: `\u5C0F\u9E45\u901A\u798F\u5229_${day2}.xlsx`, sheet: sheetOf(rows) } : void 0,
    data: w
  };
}
__name(welfareReport, "welfareReport");
var welfareCommand = {
  name: "welfare",
  aliases: ["\u798F\u5229"],
  summary: "\u5C0F\u9E45\u901A welfare decisions of a day: granted, revoked, late refunds (default yesterday)",
  usage: ["/welfare [YYYY-MM-DD]", "tongbu welfare [--day YYYY-MM-DD] [--json]"],
  examples: ["/welfare", "/\u798F\u5229 2026-02-16", "tongbu welfare --day 2026-02-16 --json"],
  async run(ctx, input) {
    const given = typeof input.flags.day === "string" ? input.flags.day : input.args[0];
    const day2 = given === void 0 ? yesterday(ctx.now) : parseDay(given);
    if (!day2) throw new TongbuError("COMMAND_BAD_ARGS", `"${given}" is not a day like 2026-02-16`);
    return welfareReport(ctx, day2);
  }
};
async function welfareDailyReports(ctx, day2) {
  if (!ctx.settings.XIAOE_WELFARE_REPORT) return [];
  return [await welfareReport(ctx, day2)];
}
__name(welfareDailyReports, "welfareDailyReports");

// src/connectors/xiaoe/daily-metrics.ts
var xiaoeDailyMetrics = {
  // Reads xiaoe_orders only, not the welfare: refreshed beside it.
  afterDerived: false,
  sql: `WITH span AS (SELECT min(x)::timestamp AT TIME ZONE 'Asia/Shanghai' AS lo, (max(x) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS hi
                      FROM unnest($1::date[]) x),
        paid AS (SELECT (o.pay_time AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(o.price) AS revenue, count(*) AS orders, sum(coalesce(o.count, 1)) AS units
                   FROM xiaoe_orders o, span WHERE o.app_id = $2 AND o.pay_time >= span.lo AND o.pay_time < span.hi GROUP BY 1),
        refunded AS (SELECT (o.refund_time AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(o.refund_money) AS refunds
                       FROM xiaoe_orders o, span
                      WHERE o.app_id = $2 AND o.refund_money IS NOT NULL AND o.refund_time >= span.lo AND o.refund_time < span.hi GROUP BY 1)
        SELECT p.day, $2::text AS account, x.metric, x.value, x.currency
          FROM paid p CROSS JOIN LATERAL (VALUES ('revenue', p.revenue, 'CNY'), ('orders', p.orders::numeric, ''), ('units', p.units::numeric, '')) AS x(metric, value, currency)
        UNION ALL
        SELECT r.day, $2::text, 'refunds', r.refunds, 'CNY' FROM refunded r`
};

// src/connectors/xiaoe/export.ts
var RANGE = `created_time >= ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AND created_time < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
var ordersExport = {
  name: "orders",
  title: "\u5C0F\u9E45\u901A\u8BA2\u5355",
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT order_id, user_id, title, resource_type_text, price::text AS price, coupon_price::text AS coupon_price,
              refund_money::text AS refund_money, order_state_text, sales_state_text,
              to_char(created_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS created_time,
              to_char(pay_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS pay_time,
              to_char(refund_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS refund_time
         FROM xiaoe_orders WHERE ${RANGE} ORDER BY created_time, order_id`,
      [first, last]
    );
    const t = (await pool.query(
      `SELECT sum(price)::text AS price, sum(coupon_price)::text AS coupon, sum(refund_money)::text AS refund FROM xiaoe_orders WHERE ${RANGE}`,
      [first, last]
    )).rows[0];
    return {
      columns: [
        { header: "\u8BA2\u5355\u53F7", key: "order_id", width: 28 },
        { header: "\u4E70\u5BB6ID", key: "user_id", width: 22 },
        { header: "\u5546\u54C1", key: "title", width: 28 },
        { header: "\u5546\u54C1\u7C7B\u578B", key: "resource_type_text", width: 10 },
        { header: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", key: "price", width: 14, money: true },
        { header: "\u4F18\u60E0\u5238\u62B5\u6263(\u5143)", key: "coupon_price", width: 14, money: true },
        { header: "\u9000\u6B3E\u91D1\u989D(\u5143)", key: "refund_money", width: 14, money: true },
        { header: "\u8BA2\u5355\u72B6\u6001", key: "order_state_text", width: 14 },
        { header: "\u552E\u540E\u72B6\u6001", key: "sales_state_text", width: 12 },
        { header: "\u4E0B\u5355\u65F6\u95F4", key: "created_time", width: 20 },
        { header: "\u652F\u4ED8\u65F6\u95F4", key: "pay_time", width: 20 },
        { header: "\u9000\u6B3E\u65F6\u95F4", key: "refund_time", width: 20 }
      ],
      rows,
      totals: { order_id: "\u5408\u8BA1", title: `${rows.length} \u7B14`, price: t?.price ?? "0.00", coupon_price: t?.coupon ?? "0.00", refund_money: t?.refund ?? "0.00" }
    };
  }
};
var welfareExport = {
  name: "welfare",
  title: "\u5C0F\u9E45\u901A\u798F\u5229",
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT order_id, user_id, title, price::text AS price, refund_money::text AS refund_money, status,
              to_char(pay_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS pay_time,
              to_char(decision_day, 'YYYY-MM-DD') AS decision_day, to_char(granted_on, 'YYYY-MM-DD') AS granted_on,
              to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on, CASE WHEN late_refund THEN '\u662F' ELSE '' END AS late_refund
         FROM xiaoe_welfare
        WHERE NOT historical AND (granted_on BETWEEN $1 AND $2 OR revoked_on BETWEEN $1 AND $2 OR late_refund_seen_on BETWEEN $1 AND $2)
        ORDER BY coalesce(granted_on, revoked_on), order_id`,
      [first, last]
    );
    return { columns: WELFARE_COLUMNS, rows };
  }
};
var WELFARE_COLUMNS = [
  { header: "\u8BA2\u5355\u53F7", key: "order_id", width: 28 },
  { header: "\u4E70\u5BB6ID", key: "user_id", width: 22 },
  { header: "\u5546\u54C1", key: "title", width: 28 },
  { header: "\u5B9E\u4ED8\u91D1\u989D(\u5143)", key: "price", width: 14, money: true },
  { header: "\u9000\u6B3E\u91D1\u989D(\u5143)", key: "refund_money", width: 14, money: true },
  { header: "\u798F\u5229\u72B6\u6001", key: "status", width: 10 },
  { header: "\u652F\u4ED8\u65F6\u95F4", key: "pay_time", width: 20 },
  { header: "\u5224\u5B9A\u65E5", key: "decision_day", width: 12 },
  { header: "\u53D1\u653E\u65E5", key: "granted_on", width: 12 },
  { header: "\u53D6\u6D88\u65E5", key: "revoked_on", width: 12 },
  { header: "\u903E\u671F\u9000\u6B3E", key: "late_refund", width: 10 }
];

// src/connectors/xiaoe/index.ts
function settingsIn(value) {
  return value ?? xiaoeSettings.parse({});
}
__name(settingsIn, "settingsIn");
function clientFor(ctx, appId) {
  const s = ctx.settings;
  return new XiaoeClient({
    ctx,
    settings: s,
    app: { appId: appId ?? s.XIAOE_APP_ID ?? "", clientId: s.XIAOE_CLIENT_ID ?? "", secretKey: s.XIAOE_SECRET_KEY ?? "" },
    baseUrl: ctx.baseUrl
  });
}
__name(clientFor, "clientFor");
var xiaoe = defineConnector({
  name: "xiaoe",
  title: "\u5C0F\u9E45\u901A",
  aliases: ["\u5C0F\u9E45\u901A", "xiaoetong", "xet"],
  settings: { schema: xiaoeSettings, aliases: xiaoeAliases },
  setup(s) {
    return {
      configured: Boolean(s.XIAOE_APP_ID && s.XIAOE_CLIENT_ID && s.XIAOE_SECRET_KEY),
      accounts: s.XIAOE_APP_ID ? [s.XIAOE_APP_ID] : [],
      baseUrl: s.XIAOE_BASE_URL,
      realBaseUrl: XIAOE_REAL_BASE_URL
    };
  },
  createClient(ctx, partition) {
    return clientFor(ctx, partition.id);
  },
  streams: [ordersStream2],
  schedules(s) {
    const history = /* @__PURE__ */ __name((now) => ({ from: dayStart(s.XIAOE_START_DATE), to: now }), "history");
    return [
      {
        name: "incremental",
        cron: s.XIAOE_CRON,
        streams: ["orders"],
        window: /* @__PURE__ */ __name((now) => ({ from: new Date(now.getTime() - s.XIAOE_INCREMENTAL_MINUTES * 6e4), to: now }), "window"),
        firstWindow: history
      },
      {
        // The list cannot filter on update time: refunds are found by reading the last days again.
        name: "rescan",
        cron: s.XIAOE_RESCAN_CRON,
        streams: ["orders"],
        window: /* @__PURE__ */ __name((now) => ({ from: dayStart(addDays(businessDay(now), -s.XIAOE_RESCAN_DAYS)), to: now }), "window"),
        catchUp: false
      }
    ];
  },
  derived: [
    {
      name: "welfare",
      after: ["orders"],
      async refresh(tx, scope) {
        const r = await refreshWelfare(tx, welfareRule(settingsIn(scope.settings)), scope.now, scope.slicesCovered);
        return { rows: r.entered + r.granted + r.revoked + r.lateRefunds, changed: [{ table: "xiaoe_welfare", keys: r.changed.map((order_id) => ({ order_id })) }] };
      },
      // A written slice's paid orders enter at once, and its late refunds are flagged, beside the
      // run's other slices: a history's first run no longer enters 300,000 orders in one
      // statement at its end, and no refresh reads every order again (docs/xiaoe.md).
      async afterSlice(tx, scope) {
        const r = await welfareOfSlice(tx, welfareRule(settingsIn(scope.settings)), scope.now, scope.slice);
        const changed = [.../* @__PURE__ */ new Set([...r.entered, ...r.lateRefunds])];
        return { rows: r.entered.length + r.lateRefunds.length, changed: [{ table: "xiaoe_welfare", keys: changed.map((order_id) => ({ order_id })) }] };
      }
    }
  ],
  emulator: /* @__PURE__ */ __name(() => import("./sandbox-ZB6MCEFX.js").then((m) => m.start), "emulator"),
  oauth: {
    platform: XIAOE_PLATFORM,
    title: "\u5C0F\u9E45\u901A",
    aliases: ["xiaoe", "\u5C0F\u9E45\u901A", "xiaoetong", "xet"],
    provider: /* @__PURE__ */ __name((s, baseUrl) => s.XIAOE_APP_ID && s.XIAOE_CLIENT_ID && s.XIAOE_SECRET_KEY ? xiaoeTokenProvider({ appId: s.XIAOE_APP_ID, clientId: s.XIAOE_CLIENT_ID, secretKey: s.XIAOE_SECRET_KEY }, baseUrl, codesOf(s)) : void 0, "provider"),
    refreshBeforeMinutes: /* @__PURE__ */ __name((s) => s.XIAOE_TOKEN_REFRESH_BEFORE_MINUTES, "refreshBeforeMinutes"),
    defaultGrant: /* @__PURE__ */ __name((s) => s.XIAOE_APP_ID ?? "default", "defaultGrant"),
    signInHint: "no sign-in: the token is fetched with XIAOE_CLIENT_ID / XIAOE_SECRET_KEY (the server IP must be whitelisted in \u4E91\u670D\u52A1\u63A7\u5236\u53F0)"
  },
  mirror: [XIAOE_WELFARE_MIRROR, XIAOE_ORDERS_MIRROR],
  exports: [ordersExport, welfareExport],
  redact: ["*.XIAOE_SECRET_KEY", "*.XIAOE_CLIENT_SECRET", "*.secret_key", "*.access_token"],
  summary: xiaoeSummary,
  commands: [welfareCommand],
  dailyReports: welfareDailyReports,
  dailyMetrics: xiaoeDailyMetrics
});

// src/connectors/temu/settings.ts
var TEMU_REGIONS = ["us", "eu", "global", "cn"];
var TEMU_HOSTS = {
  us: "https://openapi-b-us.temu.com",
  eu: "https://openapi-b-eu.temu.com",
  global: "https://openapi-b-global.temu.com",
  cn: "https://openapi.kuajingmaihuo.com"
};
var TEMU_ROUTER_PATH = "/openapi/router";
var shopInput = external_exports.object({
  name: external_exports.string().trim().regex(/^[\p{L}\p{N}_.-]{1,64}$/u, { error: 'a shop name is 1\u201364 letters, digits, "_", "." or "-"' }),
  region: external_exports.string().trim().toLowerCase().pipe(external_exports.enum(TEMU_REGIONS, { error: `region must be one of ${TEMU_REGIONS.join(", ")}` })),
  token: external_exports.string().trim().min(8, { error: "the access token is too short" })
});
var shopList = external_exports.preprocess(
  (v) => {
    if (v === void 0 || typeof v === "string" && v.trim() === "") return [];
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  },
  external_exports.array(shopInput, { error: 'must be a JSON list such as [{"name":"us-1","region":"us","token":"\u2026"}]' })
);
var dayList = /* @__PURE__ */ __name((def) => external_exports.preprocess(
  (v) => typeof v === "string" && v.trim() !== "" ? v : def,
  external_exports.string().transform((v) => v.split(",").map((s) => Number(s.trim()))).refine((a) => a.every((n) => Number.isInteger(n) && n >= 0 && n <= 365), { error: "must be whole days such as 14,3,1" }).transform((a) => [...new Set(a)].sort((x, y) => y - x))
), "dayList");
var temuSettings = external_exports.object({
  TEMU_APP_KEY: optionalString(),
  TEMU_APP_SECRET: optionalString(),
  /** The app for shops of region `cn` (the semi-managed host), when it differs. */
  TEMU_CN_APP_KEY: optionalString(),
  TEMU_CN_APP_SECRET: optionalString(),
  /**
   * Every region's host, replaced (a proxy, or the emulator). `{region}` in it is replaced by the
   * shop's region (`http://proxy:8001/{region}`); without it every shop goes to this one host.
   */
  TEMU_BASE_URL: external_exports.preprocess(
    (v) => typeof v === "string" && v.trim() === "" ? void 0 : typeof v === "string" ? v.trim().replace(/\/+$/, "") : v,
    external_exports.string().refine((v) => url().safeParse(v.replace("{region}", "us")).success, { error: "must be a URL such as https://host:port (may contain {region})" }).optional()
  ),
  /** Shops as a JSON list of {name, region, token}; `tongbu temu shop add` stores them encrypted instead. */
  TEMU_SHOPS: shopList,
  TEMU_ORDERS_CRON: cron("*/30 * * * *"),
  TEMU_PRODUCTS_CRON: cron("5 * * * *"),
  /** The very first orders run of a shop reaches this many days back (on update time). */
  TEMU_FIRST_RUN_DAYS: int(90, 1, 730),
  /** Each scheduled orders run also re-reads this many minutes before the last run's end (late updates). */
  TEMU_ORDER_OVERLAP_MINUTES: int(30, 0, 1440),
  /** Orders and products per page: the API's maximum is 100. */
  TEMU_PAGE_SIZE: int(100, 1, 100),
  /** Calls per second for one app key, across every shop and replica (the contract: 20). */
  TEMU_RATE_PER_SECOND: int(20, 1, 1e3),
  /** Expected payout = the delivery day + this many days (UNCONFIRMED: set it to your contract's rule). */
  TEMU_PAYOUT_DAYS: int(14, 0, 365),
  /** Alerts this many days before a shop token expires. */
  TEMU_TOKEN_ALERT_DAYS: dayList("14,3,1"),
  /** Currency of cost prices without a 币种 column; empty: the currency of the order. */
  TEMU_COST_CURRENCY: optionalString(),
  /** A call with no answer after this long is retried. */
  TEMU_REQUEST_TIMEOUT_MS: int(3e4, 1e3, 3e5)
});
var temuAliases = {
  TEMU_API_PROXY_URL: "TEMU_BASE_URL"
};
function hostFor(s, region, override) {
  const base = override ?? s.TEMU_BASE_URL;
  if (base) return base.replace("{region}", region);
  return TEMU_HOSTS[region];
}
__name(hostFor, "hostFor");
function appFor(s, region) {
  if (region === "cn" && s.TEMU_CN_APP_KEY && s.TEMU_CN_APP_SECRET) return { key: s.TEMU_CN_APP_KEY, secret: s.TEMU_CN_APP_SECRET };
  if (s.TEMU_APP_KEY && s.TEMU_APP_SECRET) return { key: s.TEMU_APP_KEY, secret: s.TEMU_APP_SECRET };
  return void 0;
}
__name(appFor, "appFor");

// src/connectors/temu/mirror.ts
var TEMU_ORDERS_MIRROR = {
  name: "temu_order_finance",
  source: "temu_order_finance",
  table: "Temu\u8BA2\u5355",
  key: ["shop", "parent_order_sn"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "order_day",
  dateField: "\u4E0B\u5355\u65E5\u671F",
  optIn: "orders",
  aliases: ["temu", "temu-orders", "Temu\u8BA2\u5355"],
  fields: [
    { column: "shop", field: "\u5E97\u94FA", type: "text" },
    { column: "parent_order_sn", field: "\u7236\u8BA2\u5355\u53F7", type: "text" },
    { column: "order_day", field: "\u4E0B\u5355\u65E5\u671F", type: "date" },
    { column: "currency", field: "\u5E01\u79CD", type: "text" },
    { column: "units", field: "\u4EF6\u6570", type: "number" },
    { column: "customer_paid", field: "\u987E\u5BA2\u5B9E\u4ED8", type: "number" },
    { column: "revenue", field: "\u9884\u8BA1\u6536\u5165", type: "number" },
    { column: "cost", field: "\u6210\u672C", type: "number" },
    { column: "profit", field: "\u5229\u6DA6", type: "number" },
    { column: "payout_due", field: "\u9884\u8BA1\u56DE\u6B3E\u65E5", type: "date" }
  ]
};
var TEMU_DAILY_MIRROR = {
  name: "temu_shop_daily",
  source: "temu_shop_daily",
  table: "Temu\u5E97\u94FA\u65E5\u62A5",
  key: ["shop", "day", "currency"],
  keyField: "\u8BB0\u5F55\u952E",
  dateColumn: "day",
  dateField: "\u65E5\u671F",
  aliases: ["temu-daily", "Temu\u5E97\u94FA\u65E5\u62A5"],
  fields: [
    { column: "day", field: "\u65E5\u671F", type: "date" },
    { column: "shop", field: "\u5E97\u94FA", type: "text" },
    { column: "currency", field: "\u5E01\u79CD", type: "text" },
    { column: "orders", field: "\u8BA2\u5355\u6570", type: "number" },
    { column: "units", field: "\u4EF6\u6570", type: "number" },
    { column: "gmv", field: "GMV", type: "number" },
    { column: "refunds", field: "\u9000\u6B3E", type: "number" },
    { column: "cost", field: "\u6210\u672C", type: "number" },
    { column: "profit", field: "\u5229\u6DA6", type: "number" },
    { column: "missing_cost", field: "\u7F3A\u6210\u672C\u8BA2\u5355", type: "number" },
    { column: "payouts_due", field: "\u5F53\u65E5\u5E94\u56DE\u6B3E", type: "number" }
  ]
};

// src/connectors/temu/daily-metrics.ts
var temuDailyMetrics = {
  sql: `SELECT d.day, $2::text AS account, x.metric, x.value, x.currency
          FROM (SELECT day, currency, sum(gmv) AS gmv, sum(refunds) AS refunds, sum(orders) AS orders, sum(units) AS units
                  FROM temu_shop_daily WHERE shop = $2 AND day = ANY($1::date[]) AND currency <> '' GROUP BY day, currency) d
          CROSS JOIN LATERAL (VALUES ('revenue', d.gmv, d.currency), ('refunds', d.refunds, d.currency),
                                     ('orders', d.orders::numeric, ''), ('units', d.units::numeric, '')) AS x(metric, value, currency)`
};

// src/connectors/temu/export.ts
var temuOrdersExport = {
  name: "orders",
  title: "Temu",
  async month(pool, { first, last }) {
    const { rows } = await pool.query(
      `SELECT f.shop, f.parent_order_sn, to_char(f.order_day, 'YYYY-MM-DD') AS order_day, f.status, f.currency, f.units,
              f.customer_paid::text, f.refunds::text, f.revenue::text, round(f.cost, 2)::text AS cost, round(f.profit, 2)::text AS profit,
              array_to_string(f.missing_skus, ',') AS missing_skus, to_char(f.payout_due, 'YYYY-MM-DD') AS payout_due
       FROM temu_order_finance f WHERE f.order_day BETWEEN $1 AND $2 ORDER BY f.order_day, f.shop, f.parent_order_sn`,
      [first, last]
    );
    const t = (await pool.query(
      `SELECT count(*)::int AS orders, count(*) FILTER (WHERE cost IS NULL AND status <> 3)::int AS missing FROM temu_order_finance WHERE order_day BETWEEN $1 AND $2`,
      [first, last]
    )).rows[0];
    return {
      columns: [
        { header: "\u5E97\u94FA", key: "shop", width: 14 },
        { header: "\u7236\u8BA2\u5355\u53F7", key: "parent_order_sn", width: 28 },
        { header: "\u4E0B\u5355\u65E5\u671F", key: "order_day", width: 12 },
        { header: "\u72B6\u6001", key: "status", width: 8 },
        { header: "\u5E01\u79CD", key: "currency", width: 8 },
        { header: "\u4EF6\u6570", key: "units", width: 8 },
        { header: "\u987E\u5BA2\u5B9E\u4ED8", key: "customer_paid", width: 12, money: true },
        { header: "\u9000\u6B3E", key: "refunds", width: 12, money: true },
        { header: "\u9884\u8BA1\u6536\u5165", key: "revenue", width: 12, money: true },
        { header: "\u6210\u672C", key: "cost", width: 12, money: true },
        { header: "\u5229\u6DA6", key: "profit", width: 12, money: true },
        { header: "\u7F3A\u6210\u672CSKU", key: "missing_skus", width: 24 },
        { header: "\u9884\u8BA1\u56DE\u6B3E\u65E5", key: "payout_due", width: 12 }
      ],
      rows,
      totals: { shop: "\u5408\u8BA1", parent_order_sn: `${t?.orders ?? 0} \u5355`, missing_skus: `${t?.missing ?? 0} \u5355\u7F3A\u6210\u672C` }
    };
  }
};

// node_modules/pg/esm/index.mjs
var import_lib = __toESM(require_lib2(), 1);
var Client = import_lib.default.Client;
var Pool = import_lib.default.Pool;
var Connection = import_lib.default.Connection;
var types = import_lib.default.types;
var Query = import_lib.default.Query;
var DatabaseError = import_lib.default.DatabaseError;
var escapeIdentifier = import_lib.default.escapeIdentifier;
var escapeLiteral = import_lib.default.escapeLiteral;
var Result = import_lib.default.Result;
var TypeOverrides = import_lib.default.TypeOverrides;
var defaults = import_lib.default.defaults;
var esm_default = import_lib.default;

// src/db/pool.ts
esm_default.types.setTypeParser(esm_default.types.builtins.INT8, (v) => Number(v));
function createPool(connectionString, max = 10) {
  const pool = new esm_default.Pool({ connectionString, max, application_name: "tongbu" });
  pool.on("error", () => void 0);
  pool.on("connect", (client) => client.on("error", () => void 0));
  return pool;
}
__name(createPool, "createPool");
function isConnectionLost(e) {
  const err = e;
  const code = typeof err?.code === "string" ? err.code : "";
  if (/^(57P0[1-3]|08\d{3})$/.test(code) || ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"].includes(code)) return true;
  const message = typeof err?.message === "string" ? err.message : "";
  return /Connection terminated|connection error|Client was closed|terminating connection|the database system is (starting up|shutting down)/i.test(message);
}
__name(isConnectionLost, "isConnectionLost");
async function inTransaction(pool, fn, opts = {}) {
  const client = await pool.connect();
  try {
    await client.query(opts.synchronousCommit === false ? "BEGIN; SET LOCAL synchronous_commit TO OFF" : "BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => void 0);
    throw e;
  } finally {
    client.release();
  }
}
__name(inTransaction, "inTransaction");

// src/connectors/temu/profit.ts
async function refreshFinance(db, scope) {
  const shops = scope.shops ?? null;
  const orders2 = await db.query(
    `WITH o AS (
       SELECT o.shop, o.parent_order_sn, o.parent_order_status AS status, o.update_time, o.latest_delivery_time,
              (o.parent_order_time AT TIME ZONE 'Asia/Shanghai')::date AS order_day,
              a.currency, a.customer_paid, a.refunds_total, a.estimated_revenue
       FROM temu_orders o
       LEFT JOIN temu_order_amounts a ON a.shop = o.shop AND a.parent_order_sn = o.parent_order_sn
       LEFT JOIN temu_order_finance f ON f.shop = o.shop AND f.parent_order_sn = o.parent_order_sn
       WHERE ($1::text[] IS NULL OR o.shop = ANY($1)) AND o.parent_order_time IS NOT NULL
         AND (NOT $2 OR f.shop IS NULL OR o.synced_at >= f.computed_at OR a.synced_at >= f.computed_at)
     ),
     lines AS (
       SELECT i.shop, i.parent_order_sn, i.sku_id, i.quantity, o.currency AS order_currency,
              coalesce(ci.unit_cost, cs.unit_cost) AS unit_cost,
              coalesce(CASE WHEN ci.unit_cost IS NOT NULL THEN ci.currency ELSE cs.currency END, $3, o.currency) AS cost_currency
       FROM temu_order_items i
       JOIN o ON o.shop = i.shop AND o.parent_order_sn = i.parent_order_sn
       LEFT JOIN temu_skus s ON s.shop = i.shop AND s.sku_id = i.sku_id
       LEFT JOIN LATERAL (SELECT c.unit_cost, c.currency FROM temu_sku_costs c
                          WHERE c.ref_kind = 'sku_id' AND c.sku_ref = i.sku_id AND c.effective_from <= o.order_day
                          ORDER BY c.effective_from DESC LIMIT 1) ci ON true
       LEFT JOIN LATERAL (SELECT c.unit_cost, c.currency FROM temu_sku_costs c
                          WHERE ci.unit_cost IS NULL AND c.ref_kind = 'sku_sn' AND c.sku_ref = coalesce(i.ext_code, s.sku_sn) AND c.effective_from <= o.order_day
                          ORDER BY c.effective_from DESC LIMIT 1) cs ON true
     ),
     per_order AS (
       SELECT shop, parent_order_sn, sum(quantity)::int AS units,
              sum(quantity * unit_cost) FILTER (WHERE quantity > 0) AS cost_sum,
              coalesce(array_agg(DISTINCT sku_id ORDER BY sku_id) FILTER (WHERE quantity > 0 AND (unit_cost IS NULL OR cost_currency IS DISTINCT FROM order_currency)), '{}') AS missing
       FROM lines GROUP BY shop, parent_order_sn
     ),
     computed AS (
       SELECT o.shop, o.parent_order_sn, o.order_day, o.status, o.currency, coalesce(p.units, 0) AS units,
              o.customer_paid, o.refunds_total AS refunds, o.estimated_revenue AS revenue,
              CASE WHEN coalesce(cardinality(p.missing), 0) = 0 THEN coalesce(p.cost_sum, 0) END AS cost,
              coalesce(p.missing, '{}') AS missing_skus,
              CASE WHEN o.status IN (5, 51) THEN o.update_time END AS delivered_now,
              o.latest_delivery_time
       FROM o LEFT JOIN per_order p ON p.shop = o.shop AND p.parent_order_sn = o.parent_order_sn
     )
     INSERT INTO temu_order_finance AS f (shop, parent_order_sn, order_day, status, currency, units, customer_paid, refunds, revenue, cost, profit,
                                          missing_skus, delivered_at, payout_amount, payout_due, payout_estimated, computed_at)
     SELECT c.shop, c.parent_order_sn, c.order_day, c.status, c.currency, c.units, c.customer_paid, c.refunds, c.revenue, c.cost,
            c.revenue - c.cost, c.missing_skus, c.delivered_now,
            CASE WHEN c.status = 3 THEN NULL ELSE c.revenue END,
            CASE WHEN c.status IN (5, 51) THEN (c.delivered_now AT TIME ZONE 'Asia/Shanghai')::date + $4::int
                 WHEN c.status IN (4, 41) THEN (c.latest_delivery_time AT TIME ZONE 'Asia/Shanghai')::date + $4::int END,
            c.status IN (4, 41), now()
     FROM computed c
     ON CONFLICT (shop, parent_order_sn) DO UPDATE SET
       order_day = EXCLUDED.order_day, status = EXCLUDED.status, currency = EXCLUDED.currency, units = EXCLUDED.units,
       customer_paid = EXCLUDED.customer_paid, refunds = EXCLUDED.refunds, revenue = EXCLUDED.revenue, cost = EXCLUDED.cost,
       profit = EXCLUDED.profit, missing_skus = EXCLUDED.missing_skus,
       -- The first time the order was seen delivered stays its delivery time.
       delivered_at = CASE WHEN EXCLUDED.delivered_at IS NULL THEN NULL ELSE coalesce(f.delivered_at, EXCLUDED.delivered_at) END,
       payout_amount = EXCLUDED.payout_amount,
       payout_due = CASE WHEN EXCLUDED.status IN (5, 51) THEN (coalesce(f.delivered_at, EXCLUDED.delivered_at) AT TIME ZONE 'Asia/Shanghai')::date + $4::int ELSE EXCLUDED.payout_due END,
       payout_estimated = EXCLUDED.payout_estimated, computed_at = now()
     WHERE (f.order_day, f.status, f.currency, f.units, f.customer_paid, f.refunds, f.revenue, f.cost, f.missing_skus, f.payout_amount, f.payout_estimated, f.delivered_at IS NULL)
           IS DISTINCT FROM
           (EXCLUDED.order_day, EXCLUDED.status, EXCLUDED.currency, EXCLUDED.units, EXCLUDED.customer_paid, EXCLUDED.refunds, EXCLUDED.revenue, EXCLUDED.cost,
            EXCLUDED.missing_skus, EXCLUDED.payout_amount, EXCLUDED.payout_estimated, EXCLUDED.delivered_at IS NULL)
        OR (f.payout_due IS NULL) <> (EXCLUDED.payout_due IS NULL)
     RETURNING f.shop, f.parent_order_sn`,
    [shops, scope.onlyChanged ?? false, scope.costCurrency ?? null, scope.payoutDays]
  );
  if (scope.onlyChanged) {
    await db.query(
      `UPDATE temu_order_finance f SET computed_at = now()
       FROM temu_orders o LEFT JOIN temu_order_amounts a ON a.shop = o.shop AND a.parent_order_sn = o.parent_order_sn
       WHERE o.shop = f.shop AND o.parent_order_sn = f.parent_order_sn AND ($1::text[] IS NULL OR f.shop = ANY($1))
         AND (o.synced_at >= f.computed_at OR a.synced_at >= f.computed_at)`,
      [shops]
    );
  }
  const daily = await refreshShopDaily(db, shops);
  return {
    orders: orders2.rowCount ?? 0,
    days: daily.written,
    changed: [
      { table: "temu_order_finance", keys: orders2.rows },
      { table: "temu_shop_daily", keys: daily.keys }
    ]
  };
}
__name(refreshFinance, "refreshFinance");
async function refreshShopDaily(db, shops) {
  const r = await db.query(
    `WITH f AS (SELECT * FROM temu_order_finance WHERE $1::text[] IS NULL OR shop = ANY($1)),
     sales AS (
       SELECT shop, order_day AS day, coalesce(currency, '') AS currency,
              count(*) FILTER (WHERE status <> 3)::int AS orders,
              coalesce(sum(units) FILTER (WHERE status <> 3), 0)::int AS units,
              coalesce(sum(customer_paid) FILTER (WHERE status <> 3), 0) AS gmv,
              coalesce(sum(refunds), 0) AS refunds,
              sum(cost) FILTER (WHERE status <> 3) AS cost,
              sum(profit) FILTER (WHERE status <> 3) AS profit,
              count(*) FILTER (WHERE status <> 3 AND cost IS NULL)::int AS missing_cost
       FROM f GROUP BY 1, 2, 3
     ),
     payouts AS (
       SELECT shop, payout_due AS day, coalesce(currency, '') AS currency, sum(payout_amount) AS due
       FROM f WHERE payout_due IS NOT NULL AND payout_amount IS NOT NULL GROUP BY 1, 2, 3
     ),
     d AS (
       SELECT coalesce(s.shop, p.shop) AS shop, coalesce(s.day, p.day) AS day, coalesce(s.currency, p.currency) AS currency,
              coalesce(s.orders, 0) AS orders, coalesce(s.units, 0) AS units, coalesce(s.gmv, 0) AS gmv, coalesce(s.refunds, 0) AS refunds,
              s.cost, s.profit, coalesce(s.missing_cost, 0) AS missing_cost, coalesce(p.due, 0) AS payouts_due
       FROM sales s FULL JOIN payouts p ON p.shop = s.shop AND p.day = s.day AND p.currency = s.currency
     ),
     del AS (
       DELETE FROM temu_shop_daily t WHERE ($1::text[] IS NULL OR t.shop = ANY($1))
         AND NOT EXISTS (SELECT 1 FROM d WHERE d.shop = t.shop AND d.day = t.day AND d.currency = t.currency)
       RETURNING t.shop, t.day, t.currency
     ),
     ins AS (
       INSERT INTO temu_shop_daily AS t (shop, day, currency, orders, units, gmv, refunds, cost, profit, missing_cost, payouts_due)
       SELECT shop, day, currency, orders, units, gmv, refunds, cost, profit, missing_cost, payouts_due FROM d
       ON CONFLICT (shop, day, currency) DO UPDATE SET orders = EXCLUDED.orders, units = EXCLUDED.units, gmv = EXCLUDED.gmv,
         refunds = EXCLUDED.refunds, cost = EXCLUDED.cost, profit = EXCLUDED.profit, missing_cost = EXCLUDED.missing_cost,
         payouts_due = EXCLUDED.payouts_due, synced_at = now()
       WHERE (t.orders, t.units, t.gmv, t.refunds, t.cost, t.profit, t.missing_cost, t.payouts_due)
             IS DISTINCT FROM (EXCLUDED.orders, EXCLUDED.units, EXCLUDED.gmv, EXCLUDED.refunds, EXCLUDED.cost, EXCLUDED.profit, EXCLUDED.missing_cost, EXCLUDED.payouts_due)
       RETURNING t.shop, t.day, t.currency
     )
     SELECT shop, day, currency, false AS deleted FROM ins
     UNION ALL
     SELECT shop, day, currency, true AS deleted FROM del`,
    [shops]
  );
  return { written: r.rows.filter((x) => !x.deleted).length, keys: r.rows.map(({ shop, day: day2, currency }) => ({ shop, day: day2, currency })) };
}
__name(refreshShopDaily, "refreshShopDaily");

// src/connectors/temu/costs.ts
var ALWAYS = "1970-01-01";
var COST_HEADERS = {
  skuId: ["SKU id", "SKU ID", "SKUID", "sku_id", "skuId", "SKU"],
  skuSn: ["\u8D27\u53F7", "SKU\u8D27\u53F7", "sku\u8D27\u53F7", "skuSn", "extCode"],
  cost: ["\u6210\u672C\u4EF7", "\u6210\u672C", "cost"],
  effectiveFrom: ["\u751F\u6548\u65E5\u671F", "effective_from"],
  currency: ["\u5E01\u79CD", "currency"]
};
function parseCost(v) {
  let text3;
  if (typeof v === "number") {
    if (!Number.isFinite(v) || /e/i.test(String(v))) return void 0;
    text3 = String(v);
  } else if (typeof v === "string") text3 = v.trim().replace(/^[¥$€£]/, "").replace(/,/g, "");
  else return void 0;
  return /^-?\d+(\.\d+)?$/.test(text3) ? text3 : void 0;
}
__name(parseCost, "parseCost");
function parseDay2(v) {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return new Date(v.getTime() + 8 * 36e5).toISOString().slice(0, 10);
  const text3 = String(v ?? "").trim().replace(/[/.]/g, "-");
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text3);
  if (!m) return void 0;
  const day2 = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  const d = /* @__PURE__ */ new Date(`${day2}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day2 ? day2 : void 0;
}
__name(parseDay2, "parseDay");
async function validateCosts(pool, inputs) {
  const problems = [];
  const rows = [];
  const where = /* @__PURE__ */ __name((i, n) => i.row !== void 0 ? `row ${i.row}` : inputs.length > 1 ? `entry ${n + 1}` : "the cost", "where");
  inputs.forEach((i, n) => {
    const skuId = i.skuId?.toString().trim();
    const skuSn = i.skuSn?.toString().trim();
    if (!skuId && !skuSn) return problems.push(`${where(i, n)}: no SKU id or \u8D27\u53F7`);
    const cost = parseCost(i.cost);
    if (cost === void 0) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): \u6210\u672C\u4EF7 ${JSON.stringify(i.cost ?? "")} is not a number`);
    if (cost.startsWith("-")) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): \u6210\u672C\u4EF7 ${cost} is negative`);
    if ((cost.split(".")[1] ?? "").length > 4) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): \u6210\u672C\u4EF7 ${cost} has more than 4 decimals`);
    let day2 = ALWAYS;
    if (i.effectiveFrom instanceof Date || i.effectiveFrom !== void 0 && i.effectiveFrom.trim() !== "") {
      const d = parseDay2(i.effectiveFrom);
      if (!d) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): \u751F\u6548\u65E5\u671F ${JSON.stringify(i.effectiveFrom)} is not a date (YYYY-MM-DD)`);
      day2 = d;
    }
    let currency = null;
    if (i.currency !== void 0 && i.currency.trim() !== "") {
      currency = i.currency.trim().toUpperCase();
      if (currency === "RMB") currency = "CNY";
      if (!KNOWN_CURRENCIES.has(currency)) return problems.push(`${where(i, n)} (${skuId ?? skuSn}): \u5E01\u79CD ${JSON.stringify(i.currency)} is not a currency code (CNY, USD, EUR, \u2026)`);
    }
    rows.push({ ref_kind: skuId ? "sku_id" : "sku_sn", sku_ref: skuId ?? skuSn, effective_from: day2, unit_cost: cost, currency });
  });
  const ids = [...new Set(rows.filter((r) => r.ref_kind === "sku_id").map((r) => r.sku_ref))];
  const sns = [...new Set(rows.filter((r) => r.ref_kind === "sku_sn").map((r) => r.sku_ref))];
  const known = await pool.query(
    `SELECT 'sku_id' AS kind, sku_id AS ref FROM temu_skus WHERE sku_id = ANY($1)
     UNION SELECT 'sku_id', sku_id FROM temu_order_items WHERE sku_id = ANY($1)
     UNION SELECT 'sku_sn', sku_sn FROM temu_skus WHERE sku_sn = ANY($2)
     UNION SELECT 'sku_sn', ext_code FROM temu_order_items WHERE ext_code = ANY($2)`,
    [ids, sns]
  );
  const knownSet = new Set(known.rows.map((k) => `${k.kind}|${k.ref}`));
  inputs.forEach((i, n) => {
    const r = rows.find((x) => x.sku_ref === (i.skuId?.toString().trim() || i.skuSn?.toString().trim()));
    if (r && !knownSet.has(`${r.ref_kind}|${r.sku_ref}`)) problems.push(`${where(i, n)}: ${r.ref_kind === "sku_id" ? "SKU id" : "\u8D27\u53F7"} ${r.sku_ref} is not a SKU of any Temu shop (sync products first, or check the value)`);
  });
  return { rows, problems };
}
__name(validateCosts, "validateCosts");
async function importCosts(pool, inputs, opts) {
  if (!inputs.length) throw new TongbuError("EXCEL_MISSING_COLUMNS", "the cost sheet has no rows with a SKU id or \u8D27\u53F7 and a \u6210\u672C\u4EF7");
  const { rows, problems } = await validateCosts(pool, inputs);
  if (problems.length) {
    const shown = problems.slice(0, 10).join("; ");
    throw new TongbuError("COMMAND_BAD_ARGS", `nothing was imported, ${problems.length} cost ${problems.length === 1 ? "entry is" : "entries are"} wrong: ${shown}${problems.length > 10 ? `; and ${problems.length - 10} more` : ""}`);
  }
  return inTransaction(pool, async (tx) => {
    const r = await tx.query(
      `WITH w AS (
         INSERT INTO temu_sku_costs AS c (ref_kind, sku_ref, effective_from, unit_cost, currency, source)
         SELECT ref_kind, sku_ref, effective_from, unit_cost, currency, $2 FROM jsonb_to_recordset($1::jsonb)
           AS r(ref_kind text, sku_ref text, effective_from date, unit_cost numeric, currency text)
         ON CONFLICT (ref_kind, sku_ref, effective_from) DO UPDATE SET unit_cost = EXCLUDED.unit_cost, currency = EXCLUDED.currency,
           source = EXCLUDED.source, updated_at = now()
         WHERE (c.unit_cost, c.currency) IS DISTINCT FROM (EXCLUDED.unit_cost, EXCLUDED.currency)
         RETURNING 1)
       SELECT count(*)::int AS n FROM w`,
      [JSON.stringify(dedupe(rows)), opts.source]
    );
    const written = r.rows[0]?.n ?? 0;
    const fin = written ? await refreshFinance(tx, { payoutDays: opts.payoutDays, costCurrency: opts.costCurrency }) : { orders: 0 };
    return { written, unchanged: dedupe(rows).length - written, ordersRecomputed: fin.orders };
  });
}
__name(importCosts, "importCosts");
function dedupe(rows) {
  const m = /* @__PURE__ */ new Map();
  for (const r of rows) m.set(`${r.ref_kind}|${r.sku_ref}|${r.effective_from}`, r);
  return [...m.values()];
}
__name(dedupe, "dedupe");
function costInputsFromSheet(header, body, firstRow = 2) {
  const names = header.map((h) => String(h ?? "").trim());
  const col = /* @__PURE__ */ __name((alts) => {
    for (const a of alts) {
      const i = names.findIndex((n) => n.toLowerCase() === a.toLowerCase());
      if (i >= 0) return i;
    }
    return -1;
  }, "col");
  const c = { skuId: col(COST_HEADERS.skuId), skuSn: col(COST_HEADERS.skuSn), cost: col(COST_HEADERS.cost), effectiveFrom: col(COST_HEADERS.effectiveFrom), currency: col(COST_HEADERS.currency) };
  const missing = [...c.skuId < 0 && c.skuSn < 0 ? ["SKU id or \u8D27\u53F7"] : [], ...c.cost < 0 ? ["\u6210\u672C\u4EF7"] : []];
  if (missing.length) throw new TongbuError("EXCEL_MISSING_COLUMNS", `${missing.join(", ")} (cost sheet)`);
  const cell = /* @__PURE__ */ __name((r, i) => i < 0 ? void 0 : r[i], "cell");
  const str3 = /* @__PURE__ */ __name((v) => v === void 0 || v === null || String(v).trim() === "" ? void 0 : String(v).trim(), "str");
  const out = [];
  body.forEach((r, n) => {
    if (r.every((v) => str3(v) === void 0)) return;
    out.push({
      row: firstRow + n,
      skuId: str3(cell(r, c.skuId)),
      skuSn: str3(cell(r, c.skuSn)),
      cost: cell(r, c.cost),
      effectiveFrom: cell(r, c.effectiveFrom) instanceof Date ? cell(r, c.effectiveFrom) : str3(cell(r, c.effectiveFrom)),
      currency: str3(cell(r, c.currency))
    });
  });
  return out;
}
__name(costInputsFromSheet, "costInputsFromSheet");

// src/connectors/temu/figures.ts
var SYMBOL = { USD: "$", EUR: "\u20AC", JPY: "\xA5", CNY: "\xA5", GBP: "\xA3" };
function formatMoney(amount, currency) {
  const neg = amount.trim().startsWith("-");
  const cents = decimalToCents(amount.replace(/^-/, ""));
  const digits = currency === "JPY" || currency === "KRW" ? 0 : 2;
  const whole = (digits ? cents / 100n : (cents + 50n) / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = digits ? `.${String(cents % 100n).padStart(2, "0")}` : "";
  return `${neg ? "-" : ""}${SYMBOL[currency] ?? ""}${whole}${frac}${SYMBOL[currency] ? "" : ` ${currency}`}`;
}
__name(formatMoney, "formatMoney");
function marginText(profit, gmv) {
  const p = decimalToCents(profit);
  const g = decimalToCents(gmv);
  if (g === 0n) return "\u2014";
  const bp = (p * 10000n * 2n + (p < 0n ? -g : g)) / (2n * g);
  const neg = bp < 0n;
  const a = neg ? -bp : bp;
  return `${neg ? "-" : ""}${a / 100n}.${String(a % 100n / 10n)}%`;
}
__name(marginText, "marginText");

// src/connectors/temu/report.ts
function parseRange2(text3, now = /* @__PURE__ */ new Date()) {
  const today = businessDay(now);
  const t = (text3 ?? "7d").trim().toLowerCase();
  if (t === "today" || t === "\u4ECA\u5929") return { first: today, last: today, label: today };
  const days2 = /^(\d{1,3})d$/.exec(t);
  if (days2) {
    const n = Number(days2[1]);
    if (n < 1 || n > 366) throw new TongbuError("COMMAND_BAD_ARGS", `${text3}: give 1d to 366d`);
    return { first: addDays(today, -(n - 1)), last: today, label: `${addDays(today, -(n - 1))}..${today}` };
  }
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const first = `${month[1]}-${month[2]}-01`;
    const next = Number(month[2]) === 12 ? `${Number(month[1]) + 1}-01-01` : `${month[1]}-${String(Number(month[2]) + 1).padStart(2, "0")}-01`;
    return { first, last: addDays(next, -1), label: `${month[1]}-${month[2]}` };
  }
  throw new TongbuError("COMMAND_BAD_ARGS", `"${text3}" is not a range: use today, 7d, 30d or YYYY-MM`);
}
__name(parseRange2, "parseRange");
async function shopReport(pool, args, now = /* @__PURE__ */ new Date()) {
  const shops = (await pool.query(`SELECT DISTINCT shop FROM temu_orders ORDER BY shop`)).rows.map((r) => r.shop);
  let shop;
  let rangeText;
  for (const a of args) {
    if (shops.includes(a)) shop = a;
    else if (rangeText === void 0) rangeText = a;
    else throw new TongbuError("COMMAND_BAD_ARGS", `unknown shop "${a}" (shops: ${shops.join(", ") || "none synced yet"})`);
  }
  let range;
  try {
    range = parseRange2(rangeText, now);
  } catch (e) {
    if (rangeText && !shop) throw new TongbuError("COMMAND_BAD_ARGS", `"${rangeText}" is neither a shop (${shops.join(", ") || "none synced yet"}) nor a range (today, 7d, 30d, YYYY-MM)`);
    throw e;
  }
  const scope = shop ? [shop] : null;
  const lines = [];
  const totals = await pool.query(
    `SELECT shop, currency, sum(orders)::int AS orders, sum(units)::int AS units, sum(gmv)::text AS gmv, sum(refunds)::text AS refunds,
            sum(cost)::text AS cost, sum(profit)::text AS profit, sum(missing_cost)::int AS missing
     FROM temu_shop_daily WHERE day BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR shop = ANY($3))
     GROUP BY shop, currency ORDER BY shop, currency`,
    [range.first, range.last, scope]
  );
  for (const t of totals.rows) {
    const cur = t.currency || "?";
    const profit = t.profit === null ? "\u2014" : `${formatMoney(t.profit, cur)}, margin ${marginText(t.profit, t.gmv)}`;
    lines.push(`**${t.shop}** (${cur}): GMV ${formatMoney(t.gmv, cur)} \xB7 ${t.orders} orders \xB7 ${t.units} units \xB7 refunds ${formatMoney(t.refunds, cur)} \xB7 profit ${profit}${t.missing ? ` (${t.missing} orders without a cost left out)` : ""}`);
  }
  if (!totals.rows.length) lines.push("No orders in this range.");
  const top = await pool.query(
    `SELECT i.shop, i.sku_id, max(i.goods_name) AS goods_name, sum(i.quantity)::int AS units
     FROM temu_order_items i JOIN temu_order_finance f ON f.shop = i.shop AND f.parent_order_sn = i.parent_order_sn
     WHERE f.order_day BETWEEN $1 AND $2 AND f.status <> 3 AND ($3::text[] IS NULL OR i.shop = ANY($3))
     GROUP BY i.shop, i.sku_id ORDER BY units DESC, i.sku_id LIMIT 5`,
    [range.first, range.last, scope]
  );
  if (top.rows.length) lines.push(`Top SKUs: ${top.rows.map((r) => `${r.goods_name ?? r.sku_id} (${r.shop}, SKU ${r.sku_id}) \xD7${r.units}`).join("; ")}`);
  const today = businessDay(now);
  const due = await pool.query(
    `SELECT shop, coalesce(currency, '') AS currency, sum(payout_amount)::text AS due, count(*)::int AS orders FROM temu_order_finance
     WHERE payout_due BETWEEN $1 AND $2 AND payout_amount IS NOT NULL AND ($3::text[] IS NULL OR shop = ANY($3))
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [today, addDays(today, 6), scope]
  );
  lines.push(
    due.rows.length ? `Payouts due in the next 7 days: ${due.rows.map((d) => `${d.shop} ${formatMoney(d.due, d.currency || "?")} (${d.orders} orders)`).join("; ")}` : "Payouts due in the next 7 days: none"
  );
  const missing = await pool.query(
    `SELECT shop, parent_order_sn, missing_skus FROM temu_order_finance
     WHERE order_day BETWEEN $1 AND $2 AND status <> 3 AND cardinality(missing_skus) > 0 AND ($3::text[] IS NULL OR shop = ANY($3))
     ORDER BY order_day DESC, parent_order_sn LIMIT 20`,
    [range.first, range.last, scope]
  );
  if (missing.rows.length) {
    const skus = [...new Set(missing.rows.flatMap((m) => m.missing_skus))];
    lines.push(`Orders missing a cost: ${missing.rows.map((m) => m.parent_order_sn).slice(0, 10).join(", ")}${missing.rows.length > 10 ? ", \u2026" : ""} \u2014 SKUs without a cost: ${skus.slice(0, 10).join(", ")}${skus.length > 10 ? ", \u2026" : ""}. Send a cost sheet (SKU id or \u8D27\u53F7, \u6210\u672C\u4EF7).`);
  }
  const unreadable = await pool.query(
    `SELECT a.shop, a.parent_order_sn, a.problem FROM temu_order_amounts a JOIN temu_orders o ON o.shop = a.shop AND o.parent_order_sn = a.parent_order_sn
     WHERE a.problem IS NOT NULL AND (o.parent_order_time AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text[] IS NULL OR a.shop = ANY($3))
     ORDER BY a.parent_order_sn LIMIT 10`,
    [range.first, range.last, scope]
  );
  for (const u of unreadable.rows) lines.push(`Amount not readable for ${u.parent_order_sn} (${u.shop}): ${u.problem}. Kept as sent; not counted in GMV or profit.`);
  return { title: `Temu ${shop ?? "all shops"} ${range.label}`, lines, ok: !missing.rows.length && !unreadable.rows.length };
}
__name(shopReport, "shopReport");

// src/tokens/credentials.ts
var CredentialStore = class {
  constructor(deps) {
    this.deps = deps;
  }
  deps;
  static {
    __name(this, "CredentialStore");
  }
  /** Store (or replace) a credential; a replaced secret starts with no expiry warnings sent. */
  async put(platform, name, secret, meta = {}, expiresAt = null) {
    await this.deps.pool.query(
      `INSERT INTO platform_credentials (platform, name, secret_enc, meta, expires_at, alerted_days, last_checked_at, last_error)
       VALUES ($1, $2, $3, $4, $5, '{}', now(), NULL)
       ON CONFLICT (platform, name) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, meta = EXCLUDED.meta, expires_at = EXCLUDED.expires_at,
         alerted_days = '{}', last_checked_at = now(), last_error = NULL, updated_at = now()`,
      [platform, name, this.deps.cipher.encrypt(JSON.stringify(secret)), meta, expiresAt]
    );
  }
  async get(platform, name) {
    const r = await this.deps.pool.query(`SELECT * FROM platform_credentials WHERE platform = $1 AND name = $2`, [platform, name]);
    return r.rows[0] ? this.open(r.rows[0]) : void 0;
  }
  async list(platform) {
    const r = await this.deps.pool.query(`SELECT * FROM platform_credentials WHERE platform = $1 ORDER BY name`, [platform]);
    return r.rows.map((row) => this.open(row));
  }
  async status(platform) {
    const r = await this.deps.pool.query(`SELECT * FROM platform_credentials WHERE platform = $1 ORDER BY name`, [platform]);
    return r.rows.map((row) => ({ ...this.describe(row) }));
  }
  async remove(platform, name) {
    const r = await this.deps.pool.query(`DELETE FROM platform_credentials WHERE platform = $1 AND name = $2`, [platform, name]);
    return (r.rowCount ?? 0) > 0;
  }
  /** What a check learned: the expiry and meta the platform reported, or the error it gave. */
  async checked(platform, name, result) {
    await this.deps.pool.query(
      `UPDATE platform_credentials SET expires_at = CASE WHEN $3 THEN $4::timestamptz ELSE expires_at END, meta = meta || $5::jsonb,
         last_checked_at = now(), last_error = $6, updated_at = now() WHERE platform = $1 AND name = $2`,
      [platform, name, result.expiresAt !== void 0, result.expiresAt ?? null, result.meta ?? {}, result.error ?? null]
    );
  }
  /**
   * The expiry warnings due now: for each credential, the smallest threshold (days before expiry)
   * reached and not yet sent. Marks them sent in the same statement, so two replicas never both send.
   */
  async dueExpiryWarnings(platform, thresholdDays, now = /* @__PURE__ */ new Date()) {
    const out = [];
    const rows = (await this.deps.pool.query(`SELECT * FROM platform_credentials WHERE platform = $1 AND expires_at IS NOT NULL`, [platform])).rows;
    for (const row of rows) {
      const left = (row.expires_at.getTime() - now.getTime()) / 864e5;
      const reached = thresholdDays.filter((d) => left <= d && !row.alerted_days.includes(d));
      if (!reached.length) continue;
      const days2 = Math.min(...reached);
      const sent = thresholdDays.filter((d) => d >= days2);
      const r = await this.deps.pool.query(
        `UPDATE platform_credentials SET alerted_days = (SELECT array_agg(DISTINCT d) FROM unnest(alerted_days || $3::int[]) AS d)
         WHERE platform = $1 AND name = $2 AND NOT (alerted_days @> ARRAY[$4::int])`,
        [platform, row.name, sent, days2]
      );
      if (r.rowCount) out.push({ name: row.name, days: days2, expiresAt: row.expires_at });
    }
    return out;
  }
  describe(row) {
    return { platform: row.platform, name: row.name, meta: row.meta, expiresAt: row.expires_at, alertedDays: row.alerted_days, lastCheckedAt: row.last_checked_at, lastError: row.last_error };
  }
  open(row) {
    return { ...this.describe(row), secret: JSON.parse(this.deps.cipher.decrypt(row.secret_enc)) };
  }
};

// src/engine/retry.ts
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    __name(done, "done");
    signal?.addEventListener("abort", done, { once: true });
  });
}
__name(sleep, "sleep");
function backoffDelay(attempt, policy, retryAfterMs) {
  const cap = policy.maxDelayMs ?? 6e4;
  const exp = Math.min(cap, policy.baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
__name(backoffDelay, "backoffDelay");
function asPlatformError(e) {
  if (e instanceof PlatformError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new PlatformError("network", msg);
}
__name(asPlatformError, "asPlatformError");
function toTongbuError(e) {
  const code = e.info.code !== void 0 ? ` (code ${e.info.code})` : e.info.status ? ` (HTTP ${e.info.status})` : "";
  const detail = `${e.message}${code}`;
  switch (e.kind) {
    case "rateLimited":
      return new TongbuError("SYNC_RATE_LIMITED", detail, { cause: e });
    case "retryable":
    case "network":
      return new TongbuError("SYNC_PLATFORM_UNAVAILABLE", detail, { cause: e });
    case "authExpired":
      return new TongbuError("SYNC_TOKEN_EXPIRED", detail, { cause: e });
    case "malformed":
      return new TongbuError("SYNC_BAD_RESPONSE", detail, { cause: e });
    case "fatal":
      return new TongbuError("SYNC_PLATFORM_ERROR", detail, { cause: e });
  }
}
__name(toTongbuError, "toTongbuError");
async function withRetry(fn, policy, hooks, signal) {
  const wait = hooks.sleep ?? sleep;
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (raw) {
      if (raw instanceof TongbuError) throw raw;
      const e = asPlatformError(raw);
      hooks.onError?.(e, attempt);
      if (e.kind === "authExpired") {
        if (refreshed) throw toTongbuError(e);
        refreshed = true;
        try {
          await hooks.refreshAuth();
        } catch (refreshError) {
          if (refreshError instanceof TongbuError) throw refreshError;
          throw new TongbuError("SYNC_AUTH_FAILED", asPlatformError(refreshError).message, { cause: refreshError });
        }
        attempt -= 1;
        continue;
      }
      if (e.kind === "fatal" || e.kind === "malformed") throw toTongbuError(e);
      if (attempt >= policy.maxAttempts || signal?.aborted) throw toTongbuError(e);
      await wait(backoffDelay(attempt, policy, e.info.retryAfterMs), signal);
    }
  }
}
__name(withRetry, "withRetry");

// src/connectors/temu/rate-gate.ts
var MARGIN = 0.95;
var gates = /* @__PURE__ */ new Map();
function spacingGate(perSecond) {
  const budget = Math.max(1, Math.floor(perSecond * MARGIN));
  const minGap = 500 / (perSecond * MARGIN);
  const sent = [];
  let last = -Infinity;
  return {
    async take(signal) {
      for (; ; ) {
        const now = performance.now();
        while (sent.length && now - sent[0] >= 1e3) sent.shift();
        const waitWindow = sent.length >= budget ? sent[0] + 1e3 - now : 0;
        const waitGap = last + minGap - now;
        const wait = Math.max(waitWindow, waitGap);
        if (wait <= 0) {
          sent.push(now);
          last = now;
          return;
        }
        await sleep(Math.ceil(wait));
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      }
    }
  };
}
__name(spacingGate, "spacingGate");
function gateFor(key, perSecond) {
  const found = gates.get(key);
  if (found && found.perSecond === perSecond) return found.gate;
  const gate = spacingGate(perSecond);
  gates.set(key, { perSecond, gate });
  return gate;
}
__name(gateFor, "gateFor");

// src/connectors/temu/client.ts
var TEMU_OK = 1e6;
var TEMU_CODES = {
  SIGN_INVALID: 3000001,
  TIMESTAMP_MISSING: 3000010,
  TIMESTAMP_INVALID: 3000011,
  TIMESTAMP_EXPIRED: 3000012,
  NO_ACCESS_TOKEN: 3000030,
  TOKEN_NOT_EXISTS: 3000031,
  NO_API_ACCESS: 3000032,
  TOKEN_APP_MISMATCH: 3000033,
  TOKEN_EXPIRED: 3000034,
  NO_SIGN: 3000040,
  SYSTEM: 4e6,
  RATE_LIMIT: 4000004,
  AUTHORIZE_NOT_ALLOW: 5e6,
  IP_NOT_WHITELISTED: 5000003
};
var ADVICE = {
  [TEMU_CODES.SIGN_INVALID]: "the signature was refused: check TEMU_APP_SECRET (TEMU_CN_APP_SECRET for cn shops) belongs to TEMU_APP_KEY",
  [TEMU_CODES.NO_SIGN]: "the request carried no signature",
  [TEMU_CODES.TIMESTAMP_INVALID]: "the timestamp was refused: this server's clock must be within 300 s of real time (check NTP)",
  [TEMU_CODES.TIMESTAMP_EXPIRED]: "this server's clock is more than 300 s off real time: fix the clock (NTP) and sync again",
  [TEMU_CODES.NO_ACCESS_TOKEN]: "no access token was sent for the shop",
  [TEMU_CODES.TOKEN_NOT_EXISTS]: "the platform does not know the shop's access token (or it belongs to another region): ask the seller for a new token",
  [TEMU_CODES.TOKEN_APP_MISMATCH]: "the shop's access token was issued to another app key: ask the seller to authorise this app",
  [TEMU_CODES.TOKEN_EXPIRED]: "the shop's access token expired or was replaced: ask the seller for a new token",
  [TEMU_CODES.NO_API_ACCESS]: "the app has no access to this API: add it to the app in the Temu partner console",
  [TEMU_CODES.AUTHORIZE_NOT_ALLOW]: "the seller has not authorised this API for the app",
  [TEMU_CODES.IP_NOT_WHITELISTED]: "this server's IP address is not on the app's whitelist: add it in the Temu partner console"
};
function classify5(status, body) {
  if (status === 429) return { kind: "rateLimited", message: "HTTP 429" };
  if (status >= 500) return { kind: "retryable", message: `HTTP ${status}` };
  if (!body || typeof body !== "object" || Array.isArray(body)) return { kind: status >= 400 ? "fatal" : "malformed", message: `HTTP ${status}: the answer is not a JSON object` };
  const env = body;
  const code = typeof env.errorCode === "string" && /^\d+$/.test(env.errorCode) ? Number(env.errorCode) : env.errorCode;
  if (typeof code !== "number") return { kind: "malformed", message: `HTTP ${status}: the envelope has no errorCode` };
  const platformText = typeof env.errorMsg === "string" && env.errorMsg ? ` ${env.errorMsg}` : "";
  const advice = ADVICE[code];
  const message = `error ${code}${platformText}${advice ? ` \u2014 ${advice}` : ""}`;
  if (code === TEMU_OK) {
    if (env.success !== true) return { kind: "malformed", code, message: `errorCode ${code} but success is ${JSON.stringify(env.success)}` };
    return status === 200 ? { kind: "ok", code, message: "" } : { kind: "retryable", code, message: `HTTP ${status} with a success envelope` };
  }
  if (code === TEMU_CODES.RATE_LIMIT) return { kind: "rateLimited", code, message };
  if (code === TEMU_CODES.TOKEN_EXPIRED) return { kind: "authExpired", code, message };
  if (code === TEMU_CODES.SYSTEM) return { kind: "retryable", code, message };
  return { kind: "fatal", code, message };
}
__name(classify5, "classify");
var TemuClient = class {
  constructor(o) {
    this.o = o;
    this.shop = o.shop;
    this.token = o.shop.token;
    const app = appFor(o.ctx.settings, o.shop.region);
    if (!app) throw new TongbuError("CONFIG_INVALID", `Temu shop ${o.shop.name} (${o.shop.region}): TEMU_APP_KEY and TEMU_APP_SECRET${o.shop.region === "cn" ? " (or TEMU_CN_APP_KEY and TEMU_CN_APP_SECRET)" : ""} are not set`);
    this.appKey = app.key;
    this.secret = app.secret;
    this.url = `${hostFor(o.ctx.settings, o.shop.region, o.baseUrl)}${TEMU_ROUTER_PATH}`;
    this.gate = o.gate ?? gateFor(this.appKey, o.ctx.settings.TEMU_RATE_PER_SECOND);
  }
  o;
  static {
    __name(this, "TemuClient");
  }
  shop;
  appKey;
  secret;
  url;
  gate;
  token;
  get settings() {
    return this.o.ctx.settings;
  }
  /** The shared per-app-key budget the engine applies to follow-up calls across replicas. */
  rateLimit() {
    return { key: `temu:${this.appKey}`, perSecond: this.o.ctx.settings.TEMU_RATE_PER_SECOND };
  }
  /**
   * 3000034: read the shop again and use a new token stored since; else ask the platform whether
   * the token is really dead (bg.open.accesstoken.info.get). Still alive: retry with it; dead:
   * only the seller can issue a new one, and the run stops with that message.
   */
  async refreshAuth() {
    const fresh = await this.o.reload?.();
    if (fresh && fresh.token !== this.token) {
      this.token = fresh.token;
      return;
    }
    try {
      const info = await this.tokenInfo();
      if (!info.expiresAt || info.expiresAt.getTime() > Date.now()) return;
    } catch (e) {
      if (!(e instanceof PlatformError) || e.kind !== "authExpired") throw e;
    }
    throw new TongbuError(
      "SYNC_TOKEN_EXPIRED",
      `Temu shop ${this.shop.name}: the access token expired or was replaced (3000034). Ask the seller for a new token, then run \`tongbu temu shop add --name ${this.shop.name} --region ${this.shop.region} --token <new token>\`; the other shops keep syncing.`
    );
  }
  /** The signed body of a call (exported for tests and the benchmark). */
  signedBody(type, params) {
    const now = this.o.now?.() ?? Math.floor(Date.now() / 1e3);
    const body = { type, app_key: this.appKey, timestamp: now, data_type: "JSON", access_token: this.token, ...params };
    body.sign = signParams(body, this.secret);
    return body;
  }
  /** One call: throttled, signed, classified; returns `result`. */
  async call(type, params, signal) {
    await this.gate.take(signal);
    const body = await platformFetch({
      url: this.url,
      method: "POST",
      json: this.signedBody(type, params),
      signal,
      timeoutMs: this.o.ctx.settings.TEMU_REQUEST_TIMEOUT_MS,
      label: `Temu ${type} (shop ${this.shop.name})`,
      classify: classify5,
      lossless: true,
      onApiError: this.o.ctx.onApiError
    });
    return body.result;
  }
  malformed(type, why) {
    this.o.ctx.onApiError?.("malformed");
    return new PlatformError("malformed", `Temu ${type} (shop ${this.shop.name}): ${why}`);
  }
  async orderPage(q, signal) {
    const type = "bg.order.list.v2.get";
    const result = await this.call(
      type,
      { pageNumber: q.pageNumber, pageSize: q.pageSize, updateAtStart: q.updateAtStart, updateAtEnd: q.updateAtEnd, sortby: "updateTime" },
      signal
    );
    if (!result || typeof result !== "object") throw this.malformed(type, `page ${q.pageNumber}: no result object`);
    if (result.totalItemNum === void 0 || result.totalItemNum === null) throw this.malformed(type, `page ${q.pageNumber}: totalItemNum is missing`);
    const total = Number(result.totalItemNum);
    if (!Number.isInteger(total) || total < 0) throw this.malformed(type, `page ${q.pageNumber}: totalItemNum is ${JSON.stringify(result.totalItemNum)}`);
    const items = result.pageItems ?? [];
    if (!Array.isArray(items)) throw this.malformed(type, `page ${q.pageNumber}: pageItems is not a list`);
    for (const it of items) {
      if (!it || typeof it.parentOrderMap?.parentOrderSn !== "string" || !Array.isArray(it.orderList)) {
        throw this.malformed(type, `page ${q.pageNumber}: an item lacks parentOrderMap.parentOrderSn or orderList`);
      }
      if (it.orderList.some((o) => typeof o?.orderSn !== "string")) throw this.malformed(type, `page ${q.pageNumber}: a child order of ${it.parentOrderMap.parentOrderSn} has no orderSn`);
    }
    return { total, items };
  }
  /** bg.order.amount.query for one parent order: `result` as sent. */
  async amount(parentOrderSn, signal) {
    const type = "bg.order.amount.query";
    const result = await this.call(type, { parentOrderSn }, signal);
    if (!result || typeof result !== "object" || typeof result.parentOrderMap !== "object") {
      throw this.malformed(type, `${parentOrderSn}: no result.parentOrderMap`);
    }
    return result;
  }
  async goodsPage(pageNo, pageSize, signal) {
    const type = "bg.local.goods.list.query";
    const result = await this.call(type, { pageNo, pageSize, goodsSearchType: 1 }, signal);
    if (!result || typeof result !== "object") throw this.malformed(type, `page ${pageNo}: no result object`);
    if (result.total === void 0 || result.total === null) throw this.malformed(type, `page ${pageNo}: total is missing`);
    const total = Number(result.total);
    if (!Number.isInteger(total) || total < 0) throw this.malformed(type, `page ${pageNo}: total is ${JSON.stringify(result.total)}`);
    const goods = result.goodsList ?? [];
    if (!Array.isArray(goods)) throw this.malformed(type, `page ${pageNo}: goodsList is not a list`);
    if (goods.some((g) => !g || typeof g.goodsId !== "number" && typeof g.goodsId !== "string")) throw this.malformed(type, `page ${pageNo}: a product has no goodsId`);
    return { total, goods };
  }
  /** Stored products of this shop not yet marked removed and not in `seen` (as they were stored). */
  async storedProductsNotIn(seen, signal) {
    if (signal?.aborted) throw signal.reason ?? new Error("aborted");
    const r = await this.o.ctx.pool.query(
      `SELECT raw_data FROM temu_products WHERE shop = $1 AND removed_at IS NULL AND NOT (goods_id = ANY($2::text[]))`,
      [this.shop.name, [...seen]]
    );
    return r.rows.map((x) => x.raw_data);
  }
  /** bg.open.accesstoken.info.get: the token's expiry and the shop's mall id. */
  async tokenInfo(signal) {
    const type = "bg.open.accesstoken.info.get";
    const r = await this.call(type, {}, signal);
    if (!r || typeof r !== "object") throw this.malformed(type, "no result object");
    const exp = Number(r.expiredTime);
    return {
      expiresAt: Number.isFinite(exp) && exp > 0 ? new Date(exp * 1e3) : void 0,
      mallId: r.mallId === void 0 || r.mallId === null ? void 0 : String(r.mallId),
      regionId: typeof r.regionId === "number" ? r.regionId : void 0,
      scopes: Array.isArray(r.apiScopeList) ? r.apiScopeList.map(String) : []
    };
  }
};
function shopOf(p) {
  const token = p.credentials?.token;
  if (!token) throw new TongbuError("CONFIG_INVALID", `Temu shop ${p.id} has no access token`);
  return { name: p.id, region: p.region ?? "us", token };
}
__name(shopOf, "shopOf");

// src/connectors/temu/shops.ts
var TEMU_PLATFORM = "temu";
var stores = /* @__PURE__ */ new WeakMap();
function credentialStore(ctx) {
  let s = stores.get(ctx.pool);
  if (!s) {
    s = loadTokenKey(ctx.config, ctx.log).then((key) => new CredentialStore({ pool: ctx.pool, cipher: createTokenCipher(key) }));
    stores.set(ctx.pool, s);
  }
  return s;
}
__name(credentialStore, "credentialStore");
async function listShops(ctx) {
  const byName = /* @__PURE__ */ new Map();
  for (const s of ctx.settings.TEMU_SHOPS) byName.set(s.name, { ...s, source: "settings" });
  for (const c of await (await credentialStore(ctx)).list(TEMU_PLATFORM)) {
    const token = c.secret.token;
    if (!token) continue;
    byName.set(c.name, {
      name: c.name,
      region: c.meta.region,
      token,
      source: "store",
      mallId: typeof c.meta.mallId === "string" ? c.meta.mallId : void 0,
      expiresAt: c.expiresAt,
      lastError: c.lastError
    });
  }
  return [...byName.values()].sort((a, b) => a.name < b.name ? -1 : 1);
}
__name(listShops, "listShops");
async function findShop(ctx, name) {
  return (await listShops(ctx)).find((s) => s.name === name);
}
__name(findShop, "findShop");
function toPartition(s) {
  return { id: s.name, label: s.name, region: s.region, credentials: { token: s.token } };
}
__name(toPartition, "toPartition");
async function shopPartitions(ctx) {
  return (await listShops(ctx)).map(toPartition);
}
__name(shopPartitions, "shopPartitions");
function clientFor2(ctx, partition) {
  const shop = shopOf(partition);
  return new TemuClient({
    ctx,
    shop,
    baseUrl: partition.baseUrl,
    reload: /* @__PURE__ */ __name(async () => findShop(ctx, shop.name), "reload")
  });
}
__name(clientFor2, "clientFor");
async function addShop(ctx, input) {
  const parsed = shopInput.safeParse(input);
  if (!parsed.success) throw new TongbuError("COMMAND_BAD_ARGS", parsed.error.issues.map((i) => `${i.path.join(".") || "shop"}: ${i.message}`).join("; "));
  const shop = parsed.data;
  const client = new TemuClient({ ctx, shop });
  let info;
  try {
    info = await client.tokenInfo();
  } catch (e) {
    throw new TongbuError("SYNC_AUTH_FAILED", `Temu shop ${shop.name} (${shop.region}): the platform did not accept the token: ${describeError(e).message}`);
  }
  await (await credentialStore(ctx)).put(TEMU_PLATFORM, shop.name, { token: shop.token }, { region: shop.region, mallId: info.mallId ?? null }, info.expiresAt ?? null);
  return { shop: { ...shop, source: "store", mallId: info.mallId, expiresAt: info.expiresAt }, info };
}
__name(addShop, "addShop");
async function removeShop(ctx, name) {
  return (await credentialStore(ctx)).remove(TEMU_PLATFORM, name);
}
__name(removeShop, "removeShop");
var shopAlertKey = /* @__PURE__ */ __name((shop) => `token:temu:${shop}`, "shopAlertKey");
async function checkShops(ctx, notifier, now = /* @__PURE__ */ new Date()) {
  const store = await credentialStore(ctx);
  const out = [];
  for (const shop of await listShops(ctx)) {
    const client = clientFor2(ctx, toPartition(shop));
    try {
      const info = await client.tokenInfo();
      if (shop.source === "store") await store.checked(TEMU_PLATFORM, shop.name, { expiresAt: info.expiresAt ?? null, meta: info.mallId ? { mallId: info.mallId } : {}, error: null });
      else await store.put(TEMU_PLATFORM, shop.name, { token: shop.token }, { region: shop.region, mallId: info.mallId ?? null, fromSettings: true }, info.expiresAt ?? null).catch(() => void 0);
      out.push({ shop: shop.name, region: shop.region, ok: true, expiresAt: info.expiresAt, mallId: info.mallId });
      await notifier?.recover(shopAlertKey(shop.name), `Temu shop ${shop.name}: the access token works again.`).catch(() => void 0);
    } catch (e) {
      const message = describeError(e).message;
      const code = e.info?.code;
      await store.checked(TEMU_PLATFORM, shop.name, { error: message }).catch(() => void 0);
      out.push({ shop: shop.name, region: shop.region, ok: false, error: message });
      const dead = code === TEMU_CODES.TOKEN_EXPIRED || code === TEMU_CODES.TOKEN_NOT_EXISTS || code === TEMU_CODES.TOKEN_APP_MISMATCH;
      await notifier?.alert({
        key: shopAlertKey(shop.name),
        title: `Temu shop ${shop.name}: ${dead ? "the access token no longer works" : "the token check failed"}`,
        message,
        action: dead ? `Ask the seller of ${shop.name} for a new access token, then run \`tongbu temu shop add --name ${shop.name} --region ${shop.region} --token <token>\`. The other shops keep syncing.` : "Nothing else is affected; the next check tries again. If it repeats, check the app key, secret and IP whitelist in the Temu partner console."
      }).catch(() => void 0);
    }
  }
  for (const w of await store.dueExpiryWarnings(TEMU_PLATFORM, ctx.settings.TEMU_TOKEN_ALERT_DAYS, now)) {
    const shop = out.find((c) => c.shop === w.name);
    await notifier?.alert({
      key: `${shopAlertKey(w.name)}:expiry:${w.days}`,
      title: `Temu shop ${w.name}: the access token expires in ${w.days <= 1 ? "a day" : `${w.days} days`}`,
      message: `The token of ${w.name} expires at ${w.expiresAt.toISOString()}. Temu has no refresh for seller tokens.`,
      action: `Ask the seller for a new access token before then and run \`tongbu temu shop add --name ${w.name} --region ${shop?.region ?? "<region>"} --token <token>\`.`
    }).catch(() => void 0);
  }
  return out;
}
__name(checkShops, "checkShops");

// src/connectors/temu/ops.ts
function flags(args) {
  const out = {};
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [k, inline] = a.slice(2).split("=", 2);
      if (inline !== void 0) out[k] = inline;
      else if (args[i + 1] !== void 0 && !args[i + 1].startsWith("--")) out[k] = args[++i];
      else out[k] = true;
    } else positional.push(a);
  }
  return { positional, flags: out };
}
__name(flags, "flags");
var str2 = /* @__PURE__ */ __name((v) => typeof v === "string" ? v : void 0, "str");
async function shopOp(ctx, args) {
  const [sub, ...rest] = args;
  const { positional, flags: f } = flags(rest);
  switch (sub) {
    case "add": {
      const { shop, info } = await addShop(ctx, { name: str2(f.name) ?? positional[0] ?? "", region: str2(f.region) ?? "", token: str2(f.token) ?? "" });
      return {
        title: `Temu shop ${shop.name} stored`,
        lines: [`Region ${shop.region}, mall ${info.mallId ?? "?"}, token expires ${info.expiresAt?.toISOString().slice(0, 10) ?? "(not said)"}. It syncs from the next scheduled run.`],
        ok: true
      };
    }
    case "list":
    case void 0: {
      const shops = await listShops(ctx);
      return {
        title: `Temu shops (${shops.length})`,
        lines: shops.length ? shops.map((s) => `${s.name} \xB7 ${s.region} \xB7 mall ${s.mallId ?? "?"} \xB7 token expires ${s.expiresAt ? s.expiresAt.toISOString().slice(0, 10) : "unknown"} \xB7 from ${s.source}${s.lastError ? ` \xB7 last check: ${s.lastError}` : ""}`) : ["No shops yet: `tongbu temu shop add --name N --region us|eu|global|cn --token T`."],
        ok: true
      };
    }
    case "check": {
      const checks = await checkShops(ctx, ctx.notifier);
      return {
        title: `Temu shop tokens checked (${checks.filter((c) => c.ok).length}/${checks.length} work)`,
        lines: checks.map((c) => c.ok ? `${c.shop}: works, expires ${c.expiresAt?.toISOString().slice(0, 10) ?? "(not said)"}` : `${c.shop}: ${c.error}`),
        ok: checks.every((c) => c.ok)
      };
    }
    case "remove": {
      const name = positional[0] ?? str2(f.name);
      if (!name) throw new TongbuError("COMMAND_BAD_ARGS", "temu shop remove <name>");
      const removed = await removeShop(ctx, name);
      return { title: removed ? `Temu shop ${name} removed` : `No stored Temu shop ${name}`, lines: removed ? ["Its synced orders stay in PostgreSQL."] : [], ok: removed };
    }
    default:
      throw new TongbuError("COMMAND_BAD_ARGS", `temu shop ${sub}: use add, list, check or remove`);
  }
}
__name(shopOp, "shopOp");
function importReport(r, what) {
  return { title: `Temu cost prices: ${r.written} ${what} written`, lines: [`${r.unchanged} unchanged; cost and profit recomputed for ${r.ordersRecomputed} orders.`], ok: true };
}
__name(importReport, "importReport");
async function costOp(ctx, args) {
  const [sub, ...rest] = args;
  const { positional, flags: f } = flags(rest);
  const opts = { source: `${ctx.requestedBy ?? "cli"}`, payoutDays: ctx.settings.TEMU_PAYOUT_DAYS, costCurrency: ctx.settings.TEMU_COST_CURRENCY };
  if (sub === "set") {
    const [sku, cost] = positional;
    if (!sku || cost === void 0) throw new TongbuError("COMMAND_BAD_ARGS", "temu cost set <SKU id> <\u6210\u672C\u4EF7> [--from YYYY-MM-DD] [--currency C] [--sn]");
    const input = { ...f.sn ? { skuSn: sku } : { skuId: sku }, cost, effectiveFrom: str2(f.from), currency: str2(f.currency) };
    return importReport(await importCosts(ctx.pool, [input], opts), "cost");
  }
  if (sub === "import") {
    const file = positional[0];
    if (!file) throw new TongbuError("COMMAND_BAD_ARGS", "temu cost import <file.xlsx>");
    const { default: ExcelJS } = await import("exceljs");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const ws = book.worksheets[0];
    if (!ws) throw new TongbuError("EXCEL_NO_SHEET", file);
    const rows = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push(row.values.slice(1).map((v) => v && typeof v === "object" && "result" in v ? v.result : v)));
    return costSheet.import(ctx, { fileName: file, header: rows[0] ?? [], rows: rows.slice(1), firstRow: 2 });
  }
  throw new TongbuError("COMMAND_BAD_ARGS", "temu cost set \u2026 | temu cost import <file.xlsx>");
}
__name(costOp, "costOp");
var temuOperation = {
  name: "temu",
  aliases: ["\u5E97\u94FA"],
  summary: "Temu shops: GMV, orders, profit and margin, top SKUs, payouts due, orders missing a cost; shops and cost prices",
  usage: [
    "/temu [shop] [today|7d|30d|YYYY-MM]",
    "/temu shop add --name N --region us|eu|global|cn --token T",
    "/temu shop list | check | remove N",
    "/temu cost set <SKU id> <\u6210\u672C\u4EF7> [--from YYYY-MM-DD] [--currency C] [--sn]"
  ],
  examples: ["/temu", "/temu us-main 30d", "/\u5E97\u94FA 2026-02", "/temu cost set 46301894981050 3.20 --from 2026-02-01"],
  needsAdmin(args) {
    if (args[0] === "shop" && ["add", "remove"].includes(args[1] ?? "")) return `${args[1]} Temu shops`;
    if (args[0] === "cost") return "change Temu cost prices";
    return void 0;
  },
  async run(ctx, args) {
    if (args[0] === "shop" || args[0] === "shops") return shopOp(ctx, args.slice(1));
    if (args[0] === "cost" || args[0] === "costs") return costOp(ctx, args.slice(1));
    return shopReport(ctx.pool, args);
  }
};
var costSheet = {
  name: "temu-costs",
  label: "\u6210\u672C\u4EF7",
  fileNamePattern: /成本|cost/i,
  requiredHeaders: [[...COST_HEADERS.skuId, ...COST_HEADERS.skuSn], [...COST_HEADERS.cost]],
  async import(ctx, sheet) {
    const inputs = costInputsFromSheet(sheet.header, sheet.rows, sheet.firstRow);
    const r = await importCosts(ctx.pool, inputs, { source: sheet.fileName, payoutDays: ctx.settings.TEMU_PAYOUT_DAYS, costCurrency: ctx.settings.TEMU_COST_CURRENCY });
    return importReport(r, `cost${r.written === 1 ? "" : "s"} from ${sheet.fileName}`);
  }
};

// src/connectors/temu/mapping.ts
function secondsToDate(v, what) {
  if (v === null || v === void 0 || v === "" || v === 0) return null;
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 99999999999) throw new PlatformError("malformed", `${what} is not a unix time in seconds: ${JSON.stringify(v)}`);
  return new Date(n * 1e3);
}
__name(secondsToDate, "secondsToDate");
var text2 = /* @__PURE__ */ __name((v) => v === null || v === void 0 || v === "" ? null : String(v), "text");
function int3(v, what, required = false) {
  if (v === null || v === void 0 || v === "") {
    if (required) throw new PlatformError("malformed", `${what} is missing`);
    return null;
  }
  const n = Number(v);
  if (!Number.isInteger(n)) throw new PlatformError("malformed", `${what} is not a whole number: ${JSON.stringify(v)}`);
  return n;
}
__name(int3, "int");
function toOrderRows(items, shop) {
  return items.map(({ parentOrderMap: p, orderList }) => {
    const sn = p.parentOrderSn;
    const update = secondsToDate(p.updateTime, `${sn} updateTime`);
    if (!update) throw new PlatformError("malformed", `${sn}: updateTime is missing`);
    return {
      shop,
      parent_order_sn: sn,
      parent_order_status: int3(p.parentOrderStatus, `${sn} parentOrderStatus`, true),
      region_id: int3(p.regionId, `${sn} regionId`),
      site_id: int3(p.siteId, `${sn} siteId`),
      order_payment_type: text2(p.orderPaymentType),
      parent_order_time: secondsToDate(p.parentOrderTime, `${sn} parentOrderTime`),
      update_time: update,
      parent_shipping_time: secondsToDate(p.parentShippingTime, `${sn} parentShippingTime`),
      latest_delivery_time: secondsToDate(p.latestDeliveryTime, `${sn} latestDeliveryTime`),
      parent_confirm_time: secondsToDate(p.parentConfirmTime, `${sn} parentConfirmTime`),
      expect_ship_latest_time: secondsToDate(p.expectShipLatestTime, `${sn} expectShipLatestTime`),
      item_count: orderList.length,
      raw_data: p
    };
  });
}
__name(toOrderRows, "toOrderRows");
function toItemRows(items, shop) {
  const rows = [];
  for (const { parentOrderMap: p, orderList } of items) {
    for (const o of orderList) {
      const sn = o.orderSn;
      const product = Array.isArray(o.productList) ? o.productList[0] : void 0;
      const original = int3(o.originalOrderQuantity, `${sn} originalOrderQuantity`);
      const canceled = int3(o.canceledQuantityBeforeShipment, `${sn} canceledQuantityBeforeShipment`);
      const quantity = int3(o.quantity, `${sn} quantity`) ?? (original !== null ? original - (canceled ?? 0) : null);
      if (quantity === null || quantity < 0) throw new PlatformError("malformed", `${sn}: quantity is missing or negative`);
      const sku = text2(o.skuId);
      if (!sku) throw new PlatformError("malformed", `${sn}: skuId is missing`);
      rows.push({
        shop,
        order_sn: sn,
        parent_order_sn: p.parentOrderSn,
        goods_id: text2(o.goodsId),
        sku_id: sku,
        ext_code: text2(product?.extCode),
        goods_name: text2(o.goodsName),
        spec: text2(o.spec),
        quantity,
        original_order_quantity: original,
        canceled_quantity: canceled,
        order_status: int3(o.orderStatus, `${sn} orderStatus`),
        order_create_time: secondsToDate(o.orderCreateTime, `${sn} orderCreateTime`),
        order_shipping_time: secondsToDate(o.orderShippingTime, `${sn} orderShippingTime`),
        fulfillment_type: text2(o.fulfillmentType),
        raw_data: o
      });
    }
  }
  return rows;
}
__name(toItemRows, "toItemRows");
var AMOUNT_FIELDS = {
  basePriceTotal: "base_price_total",
  retailPriceTotal: "retail_price_total",
  shippingAmountTotal: "shipping_amount_total",
  taxTotal: "tax_total",
  discountFromSeller: "discount_from_seller",
  discountFromTEMU: "discount_from_temu",
  totalDiscount: "total_discount",
  refundsTotal: "refunds_total",
  customerPaid: "customer_paid",
  estimatedRevenue: "estimated_revenue"
};
function toAmountRow(shop, parentOrderSn, result) {
  const p = result.parentOrderMap ?? {};
  const row = { shop, parent_order_sn: parentOrderSn, currency: null, problem: null, raw_data: result };
  for (const col of Object.values(AMOUNT_FIELDS)) row[col] = null;
  const currencies = /* @__PURE__ */ new Set();
  const values = {};
  try {
    for (const [field, col] of Object.entries(AMOUNT_FIELDS)) {
      const m = p[field];
      if (m === null || m === void 0) continue;
      if (typeof m !== "object" || typeof m.currency !== "string") throw new Error(`${field} is not {currency, amount}: ${JSON.stringify(m)}`);
      const cur = m.currency.trim().toUpperCase();
      currencies.add(cur);
      values[col] = minorToMajorIn(m.amount, cur);
    }
    if (currencies.size > 1) throw new Error(`two currencies in one order: ${[...currencies].join(", ")}`);
  } catch (e) {
    row.currency = [...currencies][0] ?? null;
    row.problem = e.message;
    return row;
  }
  row.currency = [...currencies][0] ?? null;
  Object.assign(row, values);
  return row;
}
__name(toAmountRow, "toAmountRow");
function toProductRows(goods, shop, removedAt = null) {
  return goods.map((g) => {
    const id = String(g.goodsId);
    const price = typeof g.price === "string" && /^\d+(\.\d+)?$/.test(g.price.trim()) ? g.price.trim() : typeof g.price === "number" ? String(g.price) : null;
    const currency = typeof g.currency === "string" ? g.currency.toUpperCase() : null;
    return {
      shop,
      goods_id: id,
      goods_name: text2(g.goodsName),
      out_goods_sn: text2(g.outGoodsSn),
      price,
      currency,
      status: int3(g.status4VO, `goods ${id} status4VO`),
      sub_status: int3(g.subStatus4VO, `goods ${id} subStatus4VO`),
      cat_id: text2(g.catId),
      // crtTime: milliseconds in the goods API.
      crt_time: typeof g.crtTime === "number" || typeof g.crtTime === "string" && /^\d+$/.test(g.crtTime) ? new Date(Number(g.crtTime)) : null,
      removed_at: removedAt,
      raw_data: g
    };
  });
}
__name(toProductRows, "toProductRows");
function toSkuRows(goods, shop, removedAt = null) {
  const rows = [];
  for (const g of goods) {
    const infos = Array.isArray(g.skuInfoList) ? g.skuInfoList : [];
    const ids = Array.isArray(g.skuIdList) ? g.skuIdList.map(String) : [];
    const seen = /* @__PURE__ */ new Set();
    for (const s of infos) {
      const id = text2(s.skuId);
      if (!id) throw new PlatformError("malformed", `goods ${String(g.goodsId)}: a SKU has no skuId`);
      seen.add(id);
      rows.push({ shop, sku_id: id, goods_id: String(g.goodsId), sku_sn: text2(s.skuSn), spec: specText(s.specList), removed_at: removedAt, raw_data: s });
    }
    for (const id of ids) if (!seen.has(id)) rows.push({ shop, sku_id: id, goods_id: String(g.goodsId), sku_sn: null, spec: null, removed_at: removedAt, raw_data: { skuId: id } });
  }
  return rows;
}
__name(toSkuRows, "toSkuRows");
function specText(v) {
  if (!Array.isArray(v)) return text2(v);
  const parts = v.map((s) => s && typeof s === "object" ? s.specName ?? s.name ?? JSON.stringify(s) : s).map(String);
  return parts.length ? parts.join(" / ") : null;
}
__name(specText, "specText");

// src/connectors/temu/streams.ts
var cols = /* @__PURE__ */ __name((spec) => spec.trim().split(/\s*,\s*/).map((c) => {
  const [name, type] = c.split(":");
  return { name, type: type ?? "text" };
}), "cols");
var ORDERS_TABLE2 = "temu_orders";
var ORDER_COLUMNS3 = cols(`shop, parent_order_sn, parent_order_status:integer, region_id:integer, site_id:integer, order_payment_type,
  parent_order_time:timestamptz, update_time:timestamptz, parent_shipping_time:timestamptz, latest_delivery_time:timestamptz,
  parent_confirm_time:timestamptz, expect_ship_latest_time:timestamptz, item_count:integer, raw_data:jsonb`);
var ITEMS_TARGET = {
  table: "temu_order_items",
  primaryKey: ["shop", "order_sn"],
  columns: cols(`shop, order_sn, parent_order_sn, goods_id, sku_id, ext_code, goods_name, spec, quantity:integer, original_order_quantity:integer,
    canceled_quantity:integer, order_status:integer, order_create_time:timestamptz, order_shipping_time:timestamptz, fulfillment_type, raw_data:jsonb`),
  volatileColumns: ["synced_at"]
};
var AMOUNTS_TARGET = {
  table: "temu_order_amounts",
  primaryKey: ["shop", "parent_order_sn"],
  columns: cols(`shop, parent_order_sn, currency, base_price_total:numeric, retail_price_total:numeric, shipping_amount_total:numeric, tax_total:numeric,
    discount_from_seller:numeric, discount_from_temu:numeric, total_discount:numeric, refunds_total:numeric, customer_paid:numeric, estimated_revenue:numeric,
    problem, raw_data:jsonb`),
  volatileColumns: ["synced_at"]
};
var SKUS_TARGET = {
  table: "temu_skus",
  primaryKey: ["shop", "sku_id"],
  columns: cols(`shop, sku_id, goods_id, sku_sn, spec, removed_at:timestamptz, raw_data:jsonb`),
  volatileColumns: ["synced_at"]
};
var ordersStream3 = {
  name: "orders",
  table: ORDERS_TABLE2,
  primaryKey: ["shop", "parent_order_sn"],
  columns: ORDER_COLUMNS3,
  volatileColumns: ["synced_at"],
  mode: "upsert",
  slice: { days: 1 },
  async fetchPage(client, req, signal) {
    const pageSize = client.settings.TEMU_PAGE_SIZE;
    const page = await client.orderPage(
      { updateAtStart: Math.floor(req.slice.from.getTime() / 1e3), updateAtEnd: Math.floor(req.slice.to.getTime() / 1e3), pageNumber: req.page, pageSize },
      signal
    );
    return { records: page.items, hasMore: page.items.length > 0 && req.page * pageSize < page.total };
  },
  toRows(records, ctx) {
    return toOrderRows(records, ctx.partition?.id ?? ctx.account);
  },
  children: [{ target: ITEMS_TARGET, toRows: /* @__PURE__ */ __name((records, ctx) => toItemRows(records, ctx.partition?.id ?? ctx.account), "toRows") }],
  followUp: {
    target: AMOUNTS_TARGET,
    rateLimit: /* @__PURE__ */ __name((client) => client.rateLimit(), "rateLimit"),
    async fetch(client, row, signal) {
      const sn = String(row.parent_order_sn);
      const result = await client.amount(sn, signal);
      return [toAmountRow(String(row.shop), sn, result)];
    }
  }
};
var PRODUCTS_TABLE = "temu_products";
var passes = /* @__PURE__ */ new WeakMap();
var productsStream = {
  name: "products",
  table: PRODUCTS_TABLE,
  primaryKey: ["shop", "goods_id"],
  columns: cols(`shop, goods_id, goods_name, out_goods_sn, price:numeric, currency, status:integer, sub_status:integer, cat_id, crt_time:timestamptz,
    removed_at:timestamptz, raw_data:jsonb`),
  volatileColumns: ["synced_at"],
  mode: "upsert",
  slice: "none",
  async fetchPage(client, req, signal) {
    const pageSize = client.settings.TEMU_PAGE_SIZE;
    let pass = passes.get(client);
    if (req.page === 1 || !pass) {
      pass = { seen: /* @__PURE__ */ new Set(), complete: req.page === 1 };
      passes.set(client, pass);
    }
    const page = await client.goodsPage(req.page, pageSize, signal);
    for (const g of page.goods) pass.seen.add(String(g.goodsId));
    const hasMore = page.goods.length > 0 && req.page * pageSize < page.total;
    if (hasMore || !pass.complete) return { records: page.goods, hasMore };
    const gone = await client.storedProductsNotIn(pass.seen, signal);
    passes.delete(client);
    return { records: [...page.goods, ...gone.map((g) => ({ ...g, __removed: true }))], hasMore: false };
  },
  toRows(records, ctx) {
    const shop = ctx.partition?.id ?? ctx.account;
    const now = /* @__PURE__ */ new Date();
    return records.flatMap(({ __removed, ...g }) => toProductRows([g], shop, __removed ? now : null));
  },
  children: [
    {
      target: SKUS_TARGET,
      toRows: /* @__PURE__ */ __name((records, ctx) => {
        const shop = ctx.partition?.id ?? ctx.account;
        const now = /* @__PURE__ */ new Date();
        return records.flatMap(({ __removed, ...g }) => toSkuRows([g], shop, __removed ? now : null));
      }, "toRows")
    }
  ]
};

// src/connectors/temu/summary.ts
async function temuSummary(pool, day2) {
  const r = await pool.query(
    `SELECT shop, currency, orders, gmv::text, profit::text, cost::text, missing_cost AS missing, payouts_due::text AS due
     FROM temu_shop_daily WHERE day = $1 ORDER BY shop, currency`,
    [day2]
  );
  const trend = await pool.query(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(t.orders), 0)::int AS orders
     FROM generate_series($1::date - 6, $1::date, interval '1 day') AS d
     LEFT JOIN temu_shop_daily t ON t.day = d::date GROUP BY d ORDER BY d`,
    [day2]
  );
  const figures = [];
  for (const x of r.rows) {
    const cur = x.currency || "?";
    figures.push({ label: `${x.shop} \u8BA2\u5355`, value: String(x.orders) });
    figures.push({ label: `${x.shop} GMV`, value: formatMoney(x.gmv, cur) });
    figures.push({ label: `${x.shop} \u5229\u6DA6`, value: x.profit === null ? "\u2014" : `${formatMoney(x.profit, cur)} (${marginText(x.profit, x.gmv)})` });
    if (x.missing) figures.push({ label: `${x.shop} \u7F3A\u6210\u672C`, value: `${x.missing} \u5355` });
    if (Number(x.due) !== 0) figures.push({ label: `${x.shop} \u5F53\u65E5\u5E94\u56DE\u6B3E`, value: formatMoney(x.due, cur) });
  }
  if (!figures.length) figures.push({ label: "\u8BA2\u5355", value: "0" });
  return { title: `Temu ${day2}`, figures, trend: { label: "\u8BA2\u5355\u6570", points: trend.rows.map((t) => ({ day: t.day, value: t.orders })) } };
}
__name(temuSummary, "temuSummary");

// src/connectors/temu/index.ts
var MINUTE = 6e4;
var DAY = 864e5;
var temu = defineConnector({
  name: "temu",
  title: "Temu",
  aliases: ["temu", "\u5E97\u94FA", "tm"],
  settings: { schema: temuSettings, aliases: temuAliases },
  setup(s) {
    return {
      configured: Boolean(s.TEMU_APP_KEY && s.TEMU_APP_SECRET) || Boolean(s.TEMU_CN_APP_KEY && s.TEMU_CN_APP_SECRET),
      accounts: s.TEMU_SHOPS.map((shop) => shop.name),
      baseUrl: s.TEMU_BASE_URL,
      realBaseUrl: `${TEMU_HOSTS.us}${TEMU_ROUTER_PATH}`
    };
  },
  partitions: shopPartitions,
  createClient: clientFor2,
  streams: [ordersStream3, productsStream],
  schedules(s) {
    return [
      {
        name: "orders",
        cron: s.TEMU_ORDERS_CRON,
        streams: ["orders"],
        window: /* @__PURE__ */ __name((now) => ({ from: new Date(now.getTime() - (30 + s.TEMU_ORDER_OVERLAP_MINUTES) * MINUTE), to: now }), "window"),
        firstWindow: /* @__PURE__ */ __name((now) => ({ from: new Date(now.getTime() - s.TEMU_FIRST_RUN_DAYS * DAY), to: now }), "firstWindow")
      },
      { name: "products", cron: s.TEMU_PRODUCTS_CRON, streams: ["products"], window: /* @__PURE__ */ __name((now) => ({ from: new Date(now.getTime() - 60 * MINUTE), to: now }), "window"), catchUp: false }
    ];
  },
  derived: [
    {
      name: "finance",
      after: ["orders"],
      async refresh(tx, scope) {
        const s = scope.context?.settings;
        const r = await refreshFinance(tx, { shops: [scope.account], onlyChanged: true, payoutDays: s?.TEMU_PAYOUT_DAYS ?? 14, costCurrency: s?.TEMU_COST_CURRENCY });
        return { rows: r.orders + r.days, changed: r.changed };
      }
    }
  ],
  emulator: /* @__PURE__ */ __name(() => import("./sandbox-QSNAWT46.js").then((m) => m.start), "emulator"),
  mirror: [TEMU_ORDERS_MIRROR, TEMU_DAILY_MIRROR],
  exports: [temuOrdersExport],
  redact: ["*.TEMU_APP_SECRET", "*.TEMU_CN_APP_SECRET", "*.TEMU_SHOPS", "*.access_token", "*.token"],
  summary: temuSummary,
  dailyMetrics: temuDailyMetrics,
  operations: [temuOperation],
  sheets: [costSheet],
  credentials: {
    title: "Temu shop tokens",
    async status(ctx) {
      return (await listShops(ctx)).map((s) => ({
        name: `temu:${s.name}`,
        detail: `${s.region}, mall ${s.mallId ?? "?"}, seller-issued token (no refresh)`,
        expiresAt: s.expiresAt ?? null,
        problem: s.lastError ?? null
      }));
    },
    async check(ctx) {
      const checks = await checkShops(ctx, ctx.notifier);
      return {
        title: `Temu shop tokens (${checks.filter((c) => c.ok).length}/${checks.length} work)`,
        lines: checks.map((c) => c.ok ? `${c.shop}: expires ${c.expiresAt?.toISOString().slice(0, 10) ?? "(not said)"}` : `${c.shop}: ${c.error}`),
        ok: checks.every((c) => c.ok)
      };
    },
    checkCron: "30 9 * * *"
  }
});

// src/connectors/index.ts
var CONNECTORS = [
  douyinLife,
  oceanengineLocal,
  douplus,
  xiaoe,
  temu
];
function findConnector2(name, list2 = CONNECTORS) {
  return findConnector(name, list2);
}
__name(findConnector2, "findConnector");

export {
  import_dayjs,
  BUSINESS_TZ,
  businessDay,
  addDays,
  yesterday,
  nextMonthStart,
  formatBusinessTime,
  parseDay,
  parseRange,
  slicesFor,
  decimalToCents,
  centsToDecimal,
  formatYuan,
  openTokenStore,
  esm_default,
  createPool,
  isConnectionLost,
  inTransaction,
  sleep,
  backoffDelay,
  withRetry,
  CONNECTORS,
  findConnector2 as findConnector
};
//# sourceMappingURL=chunk-MXRYIYM3.js.map
