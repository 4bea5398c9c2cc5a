/** The chat frame's DOM: the dialog with its header, message log, typing indicator, notices and composer. */
import type { Button, Channel, StoredFile } from "./api.ts";
import type { Config } from "./config.ts";
import { h, icon } from "./dom.ts";
import { sanitize } from "./sanitize.ts";
import { S } from "./strings.ts";

/** Quick-reply labels longer than this span the whole row (Telegram keeps two only when both are short). */
const WIDE_LABEL = 22;

/** A main menu longer than this shows its first MENU_SHOWN buttons and "Lainnya", so it fits the first screen. */
const MENU_MAX = 8;
const MENU_SHOWN = 3;

/** Who wrote a message, as the log shows it. */
export type From = "me" | "bot" | "counsellor";

/** One message to render. */
export interface ViewMessage {
  from: From;
  text: string;
  html?: string;
  buttons?: Button[];
  /** when it was written (epoch ms); now when unknown */
  at?: number;
  /** the counsellor's display name */
  name?: string;
  /** a file the visitor sent */
  file?: Pick<StoredFile, "name" | "type" | "size">;
}

/** "1,2 MB" / "850 KB", as the server writes sizes. */
const size = (n: number) => (n < 1048576 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1).replace(".", ",")} MB`);
/** A file as its bubble shows it: name, then type and size. */
export const fileText = (f: Pick<StoredFile, "name" | "type" | "size">) => `📎 ${f.name}\n${f.type.toUpperCase()} · ${size(f.size)}`;

/** "14.05" today, "3 Des 14.05" on another day (the visitor's clock). */
function stamp(at: number): HTMLElement {
  const d = new Date(at);
  const o: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
  if (d.toDateString() !== new Date().toDateString()) Object.assign(o, { day: "numeric", month: "short" });
  return h("time", { class: "tm", datetime: d.toISOString() }, d.toLocaleString("id-ID", o));
}

/** How the widget tells its controller what the visitor did. */
export interface ViewEvents {
  /** the panel opened (true) or closed (false); `byVisitor` when closed from inside (button, Escape) */
  toggle(open: boolean, byVisitor: boolean): void;
  /** the visitor submitted text (already trimmed, never empty) */
  submit(text: string): void;
  /** the visitor pressed a quick reply */
  press(button: Button): void;
  /** the visitor pressed "Coba lagi" */
  retry(): void;
  /** the visitor confirmed "Mulai percakapan baru" */
  restart(): void;
  /** the visitor chose "Lanjutkan di WhatsApp / Telegram" */
  continueOn(channel: Channel): void;
  /** the visitor picked a file to send */
  attach(file: File): void;
}

const CLOSE = "M6 6l12 12M18 6L6 18";
const SEND = "M4 12l16-8-6 16-2.5-6.5L4 12z";
const RESTART = "M4 4v6h6M4.6 15a8 8 0 1 0 1.9-8.3L4 10";
const CLIP = "M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4L15.5 7";

/**
 * Build the dialog into the frame's <body>; returns its controls. `embedded` is false when the frame's page is
 * opened on its own (a full-page chat): the dialog then stays open and has no close button.
 */
export function createView(cfg: Config, on: ViewEvents, embedded: boolean) {
  const renew = h("button", { class: "x r", type: "button", "aria-label": S.restart, title: S.restart }, icon(RESTART));
  const close = h("button", { class: "x", type: "button", "aria-label": S.close }, icon(CLOSE));
  if (!embedded) close.hidden = true;

  const log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": S.log, tabindex: "0" }, h("p", { class: "intro" }, cfg.greeting));
  const typing = h("div", { class: "ty", role: "status" });
  const notice = h("div", { class: "n", role: "status" });
  const input = h("textarea", { id: "i", rows: "1", maxlength: "2000", placeholder: S.input, enterkeyhint: "send", autocomplete: "off" });
  const send = h("button", { class: "s", type: "submit", "aria-label": S.send }, icon(SEND));
  // the attach button opens the (hidden) file picker; the server reads the type from the bytes
  const picker = h("input", { type: "file", hidden: "", tabindex: "-1", "aria-label": S.attach, accept: ".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png,application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  const attach = h("button", { class: "x a", type: "button", "aria-label": S.attach, title: S.attach }, icon(CLIP));
  attach.addEventListener("click", () => picker.click());
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    picker.value = "";
    if (file) on.attach(file);
    input.focus({ preventScroll: true });
  });
  // after the input: Shift+Tab from the input still reaches the newest quick replies
  const form = h("form", {}, h("label", { class: "sr", for: "i" }, S.inputLabel), input, attach, picker, send);
  const panel = h(
    "section",
    { class: "p", id: "p", role: "dialog", "aria-modal": "false", "aria-labelledby": "t", tabindex: "-1", hidden: "" },
    h("div", { class: "hd" }, h("div", {}, h("h2", { id: "t" }, cfg.title), h("p", {}, S.subtitle)), renew, close),
    log,
    typing,
    notice,
    form,
    h("p", { class: "h" }, S.hint),
  );
  // "Lanjutkan di ...": filled by offer() with the channels this office has; empty (and hidden) otherwise.
  const onward = h("div", { class: "c", role: "group", "aria-label": S.continueGroup });
  panel.appendChild(onward);
  document.body.appendChild(panel);

  let quick: HTMLElement | null = null;

  const grow = () => {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 4, 132)}px`;
  };

  const submit = () => {
    const value = input.value.trim();
    if (!value) return;
    input.value = "";
    grow();
    on.submit(value);
  };

  // A command in a reply ("/ak1") is a button: tapping it sends the command, as if typed.
  log.addEventListener("click", (e) => {
    const cmd = (e.target as Element).closest?.<HTMLElement>("button.cmd")?.dataset.cmd;
    if (cmd) on.submit(cmd);
  });

  const isOpen = () => !panel.hidden;

  /** Show the dialog; on a touch screen focusing the input would raise the keyboard over the menu: focus the dialog. */
  function open(focus: boolean, touch: boolean): void {
    if (isOpen()) return;
    panel.hidden = false;
    if (focus) (touch ? panel : input).focus({ preventScroll: true });
    on.toggle(true, false);
  }

  /** Hide the dialog (the host hides the frame and moves focus to its launcher). */
  function shut(byVisitor: boolean): void {
    if (!isOpen() || !embedded) return;
    panel.hidden = true;
    on.toggle(false, byVisitor);
  }

  close.addEventListener("click", () => shut(true));
  // A shared phone: the next person starts afresh after a confirmation in the notice area.
  renew.addEventListener("click", () => {
    notice.textContent = "";
    const yes = h("button", { type: "button" }, S.restartYes);
    const no = h("button", { type: "button", class: "no" }, S.cancel);
    yes.addEventListener("click", () => {
      notice.textContent = "";
      on.restart();
      input.focus({ preventScroll: true });
    });
    no.addEventListener("click", () => {
      notice.textContent = "";
      renew.focus();
    });
    notice.append(h("p", {}, S.restartAsk), yes, no);
    yes.focus();
  });
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      shut(true);
    }
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit();
    input.focus();
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  input.addEventListener("input", grow);

  /** Scroll so that a new reply starts near the top, with the short question (or the greeting) above it. */
  const reveal = (el: HTMLElement) => {
    const prev = el.previousElementSibling as HTMLElement | null;
    const top = prev && (prev.className === "intro" || (prev.classList.contains("me") && prev.offsetHeight < 120)) ? prev : el;
    log.scrollTop = top.offsetTop - 12;
    // a compact menu ("Lainnya") is shown whole, even if the start of its text scrolls away
    if (el.querySelector(".mo")) log.scrollTop = Math.max(log.scrollTop, el.offsetTop + el.offsetHeight - log.clientHeight + 12);
  };

  return {
    isOpen,
    open,
    close: shut,

    /** Append one message; returns its element (for delivery states). */
    add(m: ViewMessage): HTMLElement {
      const cls = m.from === "me" ? "me" : m.from === "bot" ? "bot" : "cs";
      const body = h("div", { class: "b" });
      const frag = m.from !== "me" && m.html ? sanitize(m.html) : null;
      if (frag) body.appendChild(frag);
      else {
        body.classList.add("t");
        body.textContent = m.file ? fileText(m.file) : m.text;
      }
      const label = m.from === "counsellor" ? h("span", { class: "who" }, m.name ? `${S.counsellor} · ${m.name}` : S.counsellor) : h("span", { class: "sr" }, m.from === "me" ? S.you : S.bot);
      const el = h("div", { class: `m ${cls}` }, label, body, stamp(m.at ?? Date.now()));
      const buttons = m.buttons ?? [];
      if (buttons.length) {
        const group = h("div", { class: "q", role: "group", "aria-label": S.quickReplies });
        // the main menu (every button opens a topic, "t:…"); lists and forms keep all their buttons
        const long = buttons.length > MENU_MAX && buttons.every((b) => b.action.startsWith("t:"));
        buttons.forEach((b, i) => {
          // Long labels (a vacancy, a question) take a whole row, as on Telegram; short ones share rows.
          const attrs: Record<string, string> = { type: "button" };
          if ([...b.label].length > WIDE_LABEL) attrs.class = "w";
          // a rating is a row of stars: say what each one means
          const star = /^r:([1-5])$/.exec(b.action)?.[1];
          if (star) attrs["aria-label"] = S.rate(star);
          if (long && i >= MENU_SHOWN) attrs.hidden = "";
          const btn = h("button", attrs, b.label);
          btn.addEventListener("click", (e) => {
            // keyboard users continue in the input; a tap keeps the on-screen keyboard down
            (e.detail === 0 ? input : log).focus({ preventScroll: true });
            on.press(b);
          });
          group.appendChild(btn);
        });
        if (long) {
          // a long menu shows its first buttons and "Lainnya", so the whole of it fits the first screen
          const more = h("button", { type: "button", class: "mo", "aria-expanded": "false" }, S.more);
          more.addEventListener("click", () => {
            const rest = group.querySelectorAll<HTMLElement>("[hidden]");
            rest.forEach((b) => b.removeAttribute("hidden"));
            more.remove();
            rest[0]?.focus({ preventScroll: true });
          });
          group.appendChild(more);
        }
        el.appendChild(group);
      }
      // only the newest message keeps its quick replies
      quick?.remove();
      quick = el.querySelector(".q");
      log.appendChild(el);
      return el;
    },

    /** Mark a visitor's message: "" delivered, otherwise the status text under the bubble. */
    mark(el: HTMLElement, status: string): void {
      let st = el.querySelector<HTMLElement>(".st");
      if (!status) return st?.remove();
      if (!st) el.appendChild((st = h("span", { class: "st" })));
      st.textContent = status;
    },

    /** Show the file a visitor's bubble carries as the server stored it (its name and the type read from its bytes). */
    file(el: HTMLElement, f: StoredFile): void {
      el.querySelector(".b")!.textContent = fileText(f);
    },

    /** Scroll to a new message (the start of a long guide stays visible) or to the end. */
    reveal(el?: HTMLElement): void {
      if (el) reveal(el);
      else log.scrollTop = log.scrollHeight;
    },

    /** Remove every message (a new session started), keeping the greeting. */
    clear(): void {
      while (log.children.length > 1) log.lastChild!.remove();
      quick = null;
    },

    typing(on: boolean): void {
      if (on === !!typing.firstChild) return;
      if (on) typing.append(h("span", { class: "d", "aria-hidden": "true" }, h("i"), h("i"), h("i")), S.typing);
      else typing.textContent = "";
    },

    /** Show a "Lanjutkan di ..." button per channel. */
    offer(channels: Channel[]): void {
      onward.textContent = "";
      for (const channel of channels) {
        const btn = h("button", { type: "button" }, S.continueOn[channel]);
        btn.addEventListener("click", () => on.continueOn(channel));
        onward.appendChild(btn);
      }
    },

    /** Show the code and the link that opens the other app (a link, not a pop-up: nothing is blocked). */
    link(channel: Channel, code: string, url: string): void {
      notice.textContent = "";
      const a = h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, S.open[channel]);
      a.appendChild(h("span", { class: "sr" }, S.newTab));
      notice.append(h("p", {}, S.code(code)), a);
      a.focus();
    },

    /** Show a notice (offline, error) with an optional "Coba lagi" button, or hide it with null. */
    notice(message: string | null, retry = false): void {
      if (notice.firstChild?.textContent === message && !!notice.querySelector("button") === retry) return;
      notice.textContent = "";
      if (!message) return;
      notice.appendChild(h("p", {}, message));
      if (retry) {
        const btn = h("button", { type: "button" }, S.retry);
        btn.addEventListener("click", () => on.retry());
        notice.appendChild(btn);
      }
    },
  };
}

/** The view of one widget. */
export type View = ReturnType<typeof createView>;
