import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  openServices
} from "./chunk-M3G5OBJJ.js";
import "./chunk-NNKZWI7C.js";
import "./chunk-775YIJVF.js";
import "./chunk-4N4ZG2AM.js";
import "./chunk-WBJRFPRW.js";
import "./chunk-N32ZS3A6.js";
import "./chunk-CDCYALK5.js";
import "./chunk-DIUG7UWK.js";
import "./chunk-EGAMGWC5.js";
import "./chunk-UUUMHGKH.js";
import "./chunk-MXRYIYM3.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-B65ONXEY.js";
import "./chunk-7VM5WVL3.js";
import "./chunk-BVAWLABE.js";
import "./chunk-RZBAZSCI.js";
export {
  openServices
};
//# sourceMappingURL=open-services-2MLVDXLW.js.map
