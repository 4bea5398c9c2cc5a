/** The unrealistic-pay detector of the scam check: high pay together with vague, easy work. */
import { OFFICIAL_OVERSEAS_RE } from "./scam-patterns.ts";

// ── unrealistic-pay: high pay together with vague, easy work ────────────────

export type Period = "hour" | "day" | "week" | "month" | "task";
/** [high, extreme] pay in rupiah per period. */
export const PAY_LIMITS: Record<Period, [number, number]> = {
  hour: [50_000, 100_000],
  day: [250_000, 600_000],
  week: [1_500_000, 3_500_000],
  month: [5_000_000, 15_000_000],
  task: [5_000, 20_000],
};

export const MONEY = /(?<![a-z0-9.,])(rp\.? ?)?(\d+(?:[.,]\d+)*) ?(jt|juta|jeti|rb|ribu|rebu|k)?(?![a-z0-9])/g;
export const PERIOD_AFTER =
  /^ *(?:\/|per|setiap|tiap|se|a)? *(jam|hour|hari|hr|harian|day|minggu|mgg|pekan|week|mingguan|bulan|bln|bl|month|bulanan|tugas|task|like|video|review|ulasan|misi|klik|rating|subscribe|follow)\b/;
export const TASK_BEFORE = /\b(?:per|tiap|setiap|1|satu)\s?(tugas|task|like|video|review|ulasan|misi|klik|rating|subscribe|follow)\b(?:\s?(?:=|:|dapat|dapet|dibayar|bayar))?\s?$/;
export const PERIOD_BEFORE = /\b(harian|sehari|perhari|per hari|tiap hari|setiap hari|daily|mingguan|seminggu|per minggu|bulanan|sebulan|per bulan)\b[^.\n]*$/;
export const PAY_WORD = /\b(?:gaji|gajih|gajian|salary|upah|penghasilan|pendapatan|income|komisi|bayaran|dibayar|digaji|honor|cuan|profit|hasilkan|menghasilkan|dapat|dapet|raih|meraih|bonus|thp|take home pay|insentif|earning)\b/g;
export const NOT_PAY_WORD = /\b(?:biaya|bayar|membayar|transfer|tf|trf|deposit|depo|dp|admin|adm|pendaftaran|seragam|jaminan|modal|setor|top ?up|saldo|uang saku|uang makan|makan|ongkos|harga|titip)\b/g;

export function periodOf(word: string): Period {
  if (/^(?:jam|hour)$/.test(word)) return "hour";
  if (/^(?:hari|hr|harian|day|sehari|perhari|per hari|tiap hari|setiap hari|daily)$/.test(word)) return "day";
  if (/^(?:minggu|mgg|pekan|week|mingguan|seminggu|per minggu)$/.test(word)) return "week";
  if (/^(?:bulan|bln|bl|month|bulanan|sebulan|per bulan)$/.test(word)) return "month";
  return "task";
}

export function lastIndexOfAll(text: string, pattern: RegExp): { index: number; length: number } | undefined {
  let last: { index: number; length: number } | undefined;
  for (const m of text.matchAll(pattern)) last = { index: m.index, length: m[0].length };
  return last;
}

export function parseAmount(rp: string | undefined, num: string, unit: string | undefined): number | undefined {
  if (unit) {
    const n = /^\d+[.,]\d{1,2}$/.test(num) ? Number(num.replace(",", ".")) : Number(num.replace(/[.,]/g, ""));
    const mult = unit === "jt" || unit === "juta" || unit === "jeti" ? 1_000_000 : 1_000;
    return n * mult;
  }
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(num) || (rp && /^\d+$/.test(num))) return Number(num.replace(/[.,]/g, ""));
  return undefined;
}

export interface PayHit {
  start: number;
  end: number;
  level: 0 | 1 | 2; // 1 high, 2 extreme
  period: Period;
}

/** The highest pay the text promises (normalised text), with where it is said. */
export function highestPay(text: string): PayHit | undefined {
  let best: PayHit | undefined;
  for (const m of text.matchAll(MONEY)) {
    const value = parseAmount(m[1], m[2]!, m[3]);
    if (value === undefined) continue;
    const end = m.index + m[0].length;
    const after = PERIOD_AFTER.exec(text.slice(end, end + 20));
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    const windowStart = Math.max(lineStart, m.index - 40);
    const before = text.slice(windowStart, m.index);
    const near = text.slice(Math.max(lineStart, m.index - 25), m.index);
    const beforePeriod = TASK_BEFORE.exec(near) ?? PERIOD_BEFORE.exec(near);
    const pay = lastIndexOfAll(before, PAY_WORD);
    const notPay = lastIndexOfAll(before, NOT_PAY_WORD);
    const payContext = pay !== undefined && (notPay === undefined || pay.index > notPay.index);
    const isPay = payContext || ((after || beforePeriod) && notPay === undefined);
    if (!isPay) continue;
    let period: Period;
    if (after) period = periodOf(after[1]!);
    else if (beforePeriod) period = periodOf(beforePeriod[1]!);
    else if (value >= 1_000_000) period = "month";
    else continue;
    const [high, extreme] = PAY_LIMITS[period];
    const level = value >= extreme ? 2 : value >= high ? 1 : 0;
    if (!level) continue;
    const start = payContext ? windowStart + pay.index : m.index;
    const hit: PayHit = { start, end: after ? end + after[0].length : end, level, period };
    if (!best || hit.level > best.level) best = hit;
  }
  return best;
}

/** High pay with signs of vague, easy work (`strong` and `weak` come from the flag's content file). */
export function unrealisticPay(text: string, signs: { strong: RegExp[]; weak: RegExp[] }): PayHit | undefined {
  const pay = highestPay(text);
  if (!pay) return undefined;
  // paying per like, per review or per video is itself the sign
  if (pay.period === "task") return pay;
  const strong = signs.strong.filter((p) => p.test(text)).length;
  const weak = signs.weak.filter((p) => p.test(text)).length;
  if (strong >= 1 || weak >= 2) return pay;
  if (pay.level === 2 && weak >= 1 && !OFFICIAL_OVERSEAS_RE.test(text)) return pay;
  return undefined;
}
