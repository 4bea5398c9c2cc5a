import type { GuideSection } from "../core/body.ts";
import type { RouterIndex } from "../core/router.ts";
import type { ScamRulesData } from "../core/scam.ts";
import type { TopicId } from "../core/topics.ts";
import type { MinimumWages } from "../listings/types.ts";

/** One topic's guide as the compiler builds it: channel-neutral sections, rendered by each channel. */
export interface CompiledTopic {
  id: TopicId;
  title: string;
  /** main-menu button label; absent for topics that stay off the menu */
  menuLabel?: string;
  order: number;
  /** Telegram command without the slash */
  command?: string;
  description?: string;
  related: TopicId[];
  /** ISO date the guide was last reviewed */
  reviewed: string;
  /** the guide split at its headings: the opening (id "") first, then one section per heading, ids unique */
  sections: GuideSection[];
  /** plain text of the whole guide, for clients that do not render formatting and for the log */
  text: string;
}

/** Everything the Worker needs to answer, stored in KV under CONTENT_KEY. */
export interface ContentBundle {
  /** content hash of everything below */
  version: string;
  builtAt: string;
  /** office configuration from content/kantor.yaml */
  office: Record<string, string>;
  /** the minimum wage (UMK) per kabupaten/kota from kantor.yaml `umk`; office.umk_* hold it as text */
  umk?: MinimumWages;
  topics: Record<TopicId, CompiledTopic>;
  /** topics shown on the main menu, in order */
  menu: TopicId[];
  commands: Array<{ command: string; topic: TopicId; description: string }>;
  index: RouterIndex;
  /**
   * larger collections stored apart under content-hashed keys (BLOB_PREFIX + hash): name → KV key.
   * `listings`: the Listings JSON (vacancies, trainings, places) compiled from content/lowongan/ and
   * content/pelatihan/; always present in a compiled bundle, read with loadListings.
   */
  blobs: Record<string, string>;
  /** counsellors' canned replies from content/balasan/ (plain text, placeholders filled) */
  canned?: Array<{ id: string; title: string; text: string }>;
  /**
   * the vacancy scam check's rules from content/penipuan/: per flag its id, title, label, explanation, patterns
   * (sources, compiled once per isolate with prepareScamRules) and example counts; and the report advice
   */
  scam?: ScamRulesData;
}

/** KV key of the current content bundle. */
export const CONTENT_KEY = "content:current";
/** KV key prefix of content-hashed blobs. */
export const BLOB_PREFIX = "content:blob:";
