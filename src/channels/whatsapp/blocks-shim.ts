/** The blocks of a reply body: core/reply-blocks.ts (this module only keeps the adapter's imports working; import from core). */
export { replyBlocks } from "../../core/reply-blocks.ts";
