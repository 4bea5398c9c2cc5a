/** WhatsApp Cloud API settings from the environment; without the required ones the channel is off. */
import type { Env } from "../../env.ts";

/** An approved message template: its name and language code. */
export interface WhatsAppTemplate {
  name: string;
  /** BCP-47-like code as Meta names it, e.g. "id" */
  language: string;
}

/** The settings the adapter and the webhook need. */
export interface WhatsAppConfig {
  /** e.g. https://graph.facebook.com, without a trailing slash */
  apiRoot: string;
  /** e.g. "v25.0" */
  version: string;
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** templates used outside the 24-hour customer-service window, by purpose */
  templates: { counsellor?: WhatsAppTemplate; rating?: WhatsAppTemplate; alert?: WhatsAppTemplate };
}

/** The official Graph API host. */
export const GRAPH_API_ROOT = "https://graph.facebook.com";
/** The Graph API version used when WHATSAPP_API_VERSION is not set. */
export const DEFAULT_API_VERSION = "v25.0";

/** The configuration, or undefined when any required setting is missing (the /whatsapp route then answers 404). */
export function whatsappConfig(env: Env): WhatsAppConfig | undefined {
  const phoneNumberId = env.WHATSAPP_PHONE_NUMBER_ID?.trim();
  const accessToken = env.WHATSAPP_ACCESS_TOKEN?.trim();
  const appSecret = env.WHATSAPP_APP_SECRET;
  const verifyToken = env.WHATSAPP_VERIFY_TOKEN;
  if (!phoneNumberId || !accessToken || !appSecret || !verifyToken) return undefined;
  const templates: WhatsAppConfig["templates"] = {};
  const counsellor = parseTemplate(env.WHATSAPP_TEMPLATE_COUNSELLOR);
  const rating = parseTemplate(env.WHATSAPP_TEMPLATE_RATING);
  const alert = parseTemplate(env.WHATSAPP_TEMPLATE_ALERT);
  if (counsellor) templates.counsellor = counsellor;
  if (rating) templates.rating = rating;
  if (alert) templates.alert = alert;
  return {
    apiRoot: (env.WHATSAPP_API_ROOT || GRAPH_API_ROOT).replace(/\/+$/, ""),
    version: env.WHATSAPP_API_VERSION || DEFAULT_API_VERSION,
    phoneNumberId,
    accessToken,
    appSecret,
    verifyToken,
    templates,
  };
}

/** "binjol_balasan_konselor" or "binjol_balasan_konselor:id" → a template; the language defaults to "id". */
export function parseTemplate(value: string | undefined): WhatsAppTemplate | undefined {
  const [name = "", language = "id"] = (value ?? "").trim().split(":");
  return /^[a-z0-9_]{1,512}$/.test(name) ? { name, language: language || "id" } : undefined;
}
