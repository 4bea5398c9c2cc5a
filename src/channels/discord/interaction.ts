/**
 * Answering one interaction within Discord's 3-second deadline. The core's replies come through `sender` (the
 * channel contract): when they are ready in time and fit one message, they become the HTTP response itself
 * (type 4); otherwise the endpoint answers "deferred" (type 5) and the replies follow through the interaction
 * webhook (edit the original, then follow-ups). In a server channel a personal answer is ephemeral (flags 64):
 * when a public deferral turns out personal, the placeholder is deleted and the answer follows ephemerally.
 */
import type { ChannelSender, Delivery } from "../../core/channel.ts";
import { PERSONAL_TOPICS } from "../../core/personal.ts";
import type { Reply } from "../../core/types.ts";
import { type ApiOptions, discordCall } from "./api.ts";
import { toDelivery } from "./adapter.ts";
import type { DiscordConfig } from "./config.ts";
import { type DcMessage, EPHEMERAL, mergeMessages, renderReplies } from "./render.ts";
import { dcStrings } from "./strings.ts";

/** Interaction response types (Discord: "Interaction Callback Type"). */
export const ResponseType = { PONG: 1, CHANNEL_MESSAGE: 4, DEFERRED_CHANNEL_MESSAGE: 5 } as const;

/** What the HTTP response to the interaction is. */
export type InteractionResponse = { type: 4; data: DcMessage } | { type: 5; data?: { flags: number } };

/** How long the endpoint waits for the answer before it defers (Discord allows 3 s from its side). */
export const DEFAULT_BUDGET_MS = 2000;

/** The interaction being answered, and where its answer may be seen. */
export interface InteractionTarget {
  id: string;
  token: string;
  /** from a server channel: personal answers are ephemeral there */
  inGuild: boolean;
  /** a public answer is allowed in a server channel */
  mayBePublic: boolean;
}

/** One interaction's answer; `decision` settles once the HTTP response is known. */
export class InteractionSession {
  private state: "open" | "direct" | "deferred" = "open";
  private deferredEphemeral = false;
  private settle!: (response: InteractionResponse | undefined) => void;
  private ack!: () => void;
  /** the HTTP response: undefined when the work ended without sending anything */
  readonly decision: Promise<InteractionResponse | undefined>;
  /** settles when the endpoint has returned the deferral (webhook calls wait for it) */
  private readonly acknowledged: Promise<void>;
  /** the sender the core sends this interaction's replies through */
  readonly sender: ChannelSender;

  private readonly config: DiscordConfig;
  private readonly target: InteractionTarget;
  private readonly opts: ApiOptions;

  constructor(config: DiscordConfig, target: InteractionTarget, opts: ApiOptions = {}) {
    this.config = config;
    this.target = target;
    this.opts = opts;
    this.decision = new Promise((resolve) => (this.settle = resolve));
    this.acknowledged = new Promise((resolve) => (this.ack = resolve));
    this.sender = { name: "discord", send: (_conversationId, replies, ctx) => this.send(replies, renderReplies(replies, ctx.content)) };
  }

  /** The budget ran out before the answer was ready: answer "deferred" now. */
  defer(): void {
    if (this.state !== "open") return;
    this.state = "deferred";
    // Nothing is known of the answer yet: in a server it stays private unless the command may be public.
    this.deferredEphemeral = this.target.inGuild && !this.target.mayBePublic;
    this.settle({ type: ResponseType.DEFERRED_CHANNEL_MESSAGE, ...(this.deferredEphemeral ? { data: { flags: EPHEMERAL } } : {}) });
  }

  /** The work ended; when nothing was sent the decision is undefined. */
  finish(): void {
    if (this.state === "open") this.settle(undefined);
  }

  /** The endpoint returned its response: follow-ups may go out now. */
  acknowledge(): void {
    this.ack();
  }

  /** An answer of the core is personal when its topic is (a case, the profile, a scam check) or the command is not public. */
  private ephemeral(replies: Reply[]): boolean {
    return this.target.inGuild && (!this.target.mayBePublic || replies.some((r) => PERSONAL_TOPICS.has(r.topic)));
  }

  private async send(replies: Reply[], rendered: DcMessage[][]): Promise<Delivery[]> {
    const flags = this.ephemeral(replies) ? EPHEMERAL : 0;
    const all = rendered.flat();
    const single = mergeMessages(all);
    if (this.state === "open" && (all.length === 0 || single)) {
      this.state = "direct";
      const data = single ?? { content: dcStrings.nothing, allowed_mentions: { parse: [] } };
      // An answer with nothing of the core in it is only for the member who acted.
      const shown = all.length === 0 ? EPHEMERAL : flags;
      this.settle({ type: ResponseType.CHANNEL_MESSAGE, data: { ...data, ...(shown ? { flags: shown } : {}) } });
      return replies.map(() => ({ status: "sent" }));
    }
    this.defer();
    await this.acknowledged;
    return this.followUp(replies.length === 0 ? [[{ content: dcStrings.nothing, allowed_mentions: { parse: [] } }]] : rendered, flags);
  }

  /** The deferred answer: the first message replaces the placeholder, the rest follow. */
  private async followUp(rendered: DcMessage[][], flags: number): Promise<Delivery[]> {
    const base = `/webhooks/${this.config.applicationId}/${this.target.token}`;
    const webhook = { ...this.opts, auth: false };
    // A public placeholder cannot become ephemeral: it is removed and the answer follows privately.
    let original: "edit" | "used" = flags && !this.deferredEphemeral ? "used" : "edit";
    if (original === "used") await this.call("DELETE", `${base}/messages/@original`, undefined, webhook);
    const deliveries: Delivery[] = [];
    let failure: Delivery | undefined;
    for (const messages of rendered) {
      if (failure) {
        deliveries.push(failure);
        continue;
      }
      let messageId: string | undefined;
      for (const message of messages) {
        const res =
          original === "edit"
            ? await this.call("PATCH", `${base}/messages/@original`, message, webhook)
            : await this.call("POST", base, { ...message, ...(flags ? { flags } : {}) }, webhook);
        original = "used";
        if (!res.ok) {
          failure = toDelivery(res);
          break;
        }
        if (typeof res.body.id === "string") messageId = res.body.id;
      }
      deliveries.push(failure ?? { status: "sent", ...(messageId ? { externalMessageId: messageId } : {}) });
    }
    return deliveries;
  }

  /** A webhook call; Discord may not know the deferral for a moment after it was returned, so "unknown" is tried again once. */
  private async call(method: "PATCH" | "POST" | "DELETE", path: string, body: unknown, opts: ApiOptions & { auth: boolean }) {
    let res = await discordCall(this.config, method, path, body, opts);
    if (!res.ok && res.kind === "gone") {
      await (opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(500);
      res = await discordCall(this.config, method, path, body, opts);
    }
    return res;
  }
}
