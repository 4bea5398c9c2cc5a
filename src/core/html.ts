/** Small formatters for reply texts: dates, rupiah amounts, clipped labels. */

/** Short Indonesian month names. */
export const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

/** "2027-03-31" → "31 Mar 2027". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  if (!y || !m || !d) return iso;
  return `${d} ${SHORT_MONTHS[m - 1]} ${y}`;
}

/** 2600000 → "Rp2.600.000". */
export function formatRupiah(n: number): string {
  return `Rp${Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

/** Cut a button label to `max` characters with an ellipsis. */
/** `text` cut to at most `max` UTF-16 code units (Telegram's count), never between the halves of a surrogate pair. */
export function clipUtf16(text: string, max: number, mark = "…"): string {
  if (text.length <= max) return text;
  let end = max - mark.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + mark;
}

export function shortLabel(text: string, max = 40): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}
