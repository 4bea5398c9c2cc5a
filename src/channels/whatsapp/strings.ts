/** The few words the WhatsApp adapter itself shows (everything else comes from the core and the content). */
export const waStrings = {
  /** the button that opens an interactive list (at most 20 characters) */
  listButton: "Pilih menu",
  /** the body of an interactive message when the reply's text went out before it */
  choose: "Silakan pilih:",
  /** the body of the next list when the buttons do not fit in one list of 10 rows */
  moreChoices: (page: number, pages: number) => `Pilihan lainnya (${page}/${pages}):`,
};
