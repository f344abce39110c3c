import { describe, expect, it } from "vitest";
import { closest, didYouMean } from "../../../src/util/suggest.js";

describe("did you mean", () => {
  it("counts two swapped letters as one typo", () => {
    expect(closest("AlertTitel", ["AlertTime", "AlertTitle"])).toBe("AlertTitle");
    expect(closest("lable", ["label", "value"])).toBe("label");
  });

  it("suggests only close names", () => {
    expect(didYouMean("UserNmae", ["UserName", "UserDomain"])).toBe(' (did you mean "UserName"?)');
    expect(didYouMean("Completely", ["UserName"])).toBe("");
  });
});
