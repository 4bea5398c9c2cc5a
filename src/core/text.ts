/** Moved to the bottom text layer src/text/ (shared by the router and listing search); kept for imports in flight. */
export * from "../text/normalise.ts";
