/**
 * A seeker's file for a signed-in counsellor: always a download (Content-Disposition: attachment, a generic
 * Content-Type and nosniff), never rendered on the dashboard's origin, where a crafted PDF or image could run script.
 */
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { createDb } from "../db/client.ts";
import { attachmentById } from "../files/store.ts";
import { FILE_EXTENSIONS, type FileType } from "../files/sniff.ts";
import type { AdminContext } from "./guard.tsx";
import { errorMessages } from "./strings.ts";

const fileParam = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,12}$/), v.transform(Number)) });

/** GET /admin/files/:id (behind requireStaff): the file's bytes as an attachment, or 404. */
export async function downloadFile(c: AdminContext): Promise<Response> {
  const parsed = v.safeParse(fileParam, { id: c.req.param("id") });
  if (!parsed.success) throw new HTTPException(404, { message: errorMessages.notFound });
  const row = await attachmentById(createDb(c.env.DB), parsed.output.id);
  const object = row ? await c.env.FILES?.get(row.key) : null;
  if (!row || !object) throw new HTTPException(404, { message: errorMessages.notFound });
  return new Response(object.body, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": contentDisposition(row.name, row.type),
      "Content-Length": String(object.size),
      "X-Content-Type-Options": "nosniff",
      // Even if a browser rendered it, the response could not run script or reach the dashboard.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(name: string, type: FileType): string {
  const withExt = /\.[A-Za-z0-9]{1,5}$/.test(name) ? name : `${name}${FILE_EXTENSIONS[type]}`;
  const ascii = withExt.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const encoded = encodeURIComponent(withExt).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
