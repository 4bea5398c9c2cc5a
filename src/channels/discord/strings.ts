/** The few words the Discord adapter itself shows (everything else comes from the core and the content). */
export const dcStrings = {
  /** the message that carries buttons when the reply's text went out before them */
  choose: "Silakan pilih:",
  /** a select menu's placeholder (at most 150 characters) */
  selectPlaceholder: "Pilih menu",
  /** the placeholder of the next select menu when the choices do not fit in one (25 options each) */
  moreChoices: (page: number, pages: number) => `Pilihan lainnya (${page}/${pages})`,
  /** the answer to an interaction Discord sent again after it was already answered */
  duplicate: "Permintaan ini sudah dijawab.",
  /** the answer when the core had nothing to say (e.g. a seeker sending too fast was already told once) */
  nothing: "Pesan Anda sudah diterima.",
};
