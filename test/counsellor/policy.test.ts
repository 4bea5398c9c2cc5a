/** The one rule of who may act on a case (src/counsellor/policy.ts), as a table. */
import { describe, expect, it } from "vitest";
import { caseRefusal, type CaseAction } from "../../src/counsellor/policy.ts";

const sri = { id: 1, isAdmin: false };
const joko = { id: 2, isAdmin: false };
const admin = { id: 3, isAdmin: true };
const ALL: CaseAction[] = ["reply", "close", "assign", "block", "label", "note"];

describe("caseRefusal", () => {
  it("lets anyone act on a waiting case nobody has taken", () => {
    for (const action of ALL) expect(caseRefusal(joko, { status: "waiting", assignedTo: null }, action), action).toBeUndefined();
  });

  it("keeps a taken case to its counsellor and admins", () => {
    const open = { status: "open", assignedTo: sri.id };
    for (const action of ALL) {
      expect(caseRefusal(sri, open, action), action).toBeUndefined();
      expect(caseRefusal(admin, open, action), action).toBeUndefined();
      expect(caseRefusal(joko, open, action), action).toBe("not-yours");
    }
  });

  it("allows no reply, close or hand-over on a finished case, but its counsellor may still annotate it", () => {
    for (const status of ["closed", "left"]) {
      const done = { status, assignedTo: sri.id };
      for (const action of ["reply", "close", "assign"] as const) {
        expect(caseRefusal(sri, done, action)).toBe("not-active");
        expect(caseRefusal(admin, done, action)).toBe("not-active");
      }
      for (const action of ["block", "label", "note"] as const) {
        expect(caseRefusal(sri, done, action)).toBeUndefined();
        expect(caseRefusal(joko, done, action)).toBe("not-yours");
      }
    }
  });
});
