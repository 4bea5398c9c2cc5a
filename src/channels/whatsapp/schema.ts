/**
 * The WhatsApp Cloud API webhook body (object "whatsapp_business_account"), as far as BINJOL reads it. Unknown
 * fields pass through untouched (Meta adds fields without notice); the fields read have to have the right type.
 */
import * as v from "valibot";

const numericString = v.pipe(v.string(), v.regex(/^\d{1,20}$/));
/** A media id as Meta sends it (digits); anything else is not looked up. */
const MediaId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));

/** One message a WhatsApp user sent (value.messages[]). */
export const WebhookMessage = v.looseObject({
  /** the sender's WhatsApp id (their phone number in international format, no "+") */
  from: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** "wamid.…" */
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  timestamp: numericString,
  type: v.string(),
  /** set when the message was sent to a group */
  group_id: v.optional(v.string()),
  text: v.optional(v.looseObject({ body: v.string() })),
  interactive: v.optional(
    v.looseObject({
      type: v.string(),
      button_reply: v.optional(v.looseObject({ id: v.string(), title: v.optional(v.string()) })),
      list_reply: v.optional(v.looseObject({ id: v.string(), title: v.optional(v.string()), description: v.optional(v.string()) })),
    }),
  ),
  /** a tap on a template's quick-reply button */
  button: v.optional(v.looseObject({ payload: v.optional(v.string()), text: v.optional(v.string()) })),
  /** a photo: `id` is the media id to download it with (GET /{version}/{media-id}) */
  image: v.optional(v.looseObject({ caption: v.optional(v.string()), id: v.optional(MediaId), mime_type: v.optional(v.string()) })),
  video: v.optional(v.looseObject({ caption: v.optional(v.string()) })),
  /** a document (PDF, DOCX, ...), with the file name the seeker's phone gave it */
  document: v.optional(
    v.looseObject({ caption: v.optional(v.string()), id: v.optional(MediaId), filename: v.optional(v.string()), mime_type: v.optional(v.string()) }),
  ),
});

/** One delivery report of a message the business sent (value.statuses[]). */
export const WebhookStatus = v.looseObject({
  /** the wamid of the message the business sent */
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  status: v.string(),
  timestamp: numericString,
  recipient_id: v.optional(v.string()),
  errors: v.optional(
    v.array(
      v.looseObject({
        code: v.number(),
        title: v.optional(v.string()),
        message: v.optional(v.string()),
        error_data: v.optional(v.looseObject({ details: v.optional(v.string()) })),
      }),
    ),
  ),
});

/** The whole POST body. */
export const WebhookBody = v.looseObject({
  object: v.literal("whatsapp_business_account"),
  entry: v.array(
    v.looseObject({
      id: v.string(),
      changes: v.array(
        v.looseObject({
          field: v.string(),
          value: v.looseObject({
            messaging_product: v.optional(v.string()),
            metadata: v.optional(v.looseObject({ display_phone_number: v.optional(v.string()), phone_number_id: v.string() })),
            messages: v.optional(v.array(WebhookMessage)),
            statuses: v.optional(v.array(WebhookStatus)),
          }),
        }),
      ),
    }),
  ),
});

export type WebhookBody = v.InferOutput<typeof WebhookBody>;
export type WebhookMessage = v.InferOutput<typeof WebhookMessage>;
export type WebhookStatus = v.InferOutput<typeof WebhookStatus>;
