/**
 * Precomputes the text processing behind search and matching (words, stems, skill and major
 * parsing) so a fresh Worker isolate only decodes it. Run by the listings compiler at build time.
 */
import { columnsOf } from "./columns.ts";
import { matchData } from "./match.ts";
import { indexTrainings, indexVacancies, PREPARED_VERSION } from "./search.ts";
import type { Listings } from "./types.ts";

/** `l` with `prepared` computed from its vacancies and trainings (any earlier `prepared` is replaced). */
export function prepareListings(l: Listings): Listings {
  const { prepared: _, ...plain } = l;
  return {
    ...plain,
    prepared: {
      version: PREPARED_VERSION,
      vacancies: indexVacancies(l.vacancies),
      trainings: indexTrainings(l.trainings),
      match: matchData(l),
      columns: { vacancies: columnsOf(l.vacancies), trainings: columnsOf(l.trainings) },
    },
  };
}
