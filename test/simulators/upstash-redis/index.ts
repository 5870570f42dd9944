export { deleteKeys, startUpstashBridge, type UpstashBridge } from "./bridge.js";
