import { ApiProblem, asProblem } from "./problem";

describe("ApiProblem", () => {
  it("keeps the code, fields and request id of a problem response", () => {
    const p = new ApiProblem(
      422,
      {
        code: "validation_failed",
        message: "Some fields need attention.",
        fields: [{ field: "email", code: "invalid", message: "Enter a valid email address." }],
      },
      "01a2b3",
    );
    expect(p.code).toBe("validation_failed");
    expect(p.field("email")).toBe("Enter a valid email address.");
    expect(p.field("phone")).toBeUndefined();
    expect(p.requestId).toBe("01a2b3");
  });

  it("turns anything else into a network problem", () => {
    const p = asProblem(new TypeError("Failed to fetch"));
    expect(p.code).toBe("network");
    expect(p.status).toBe(0);
    expect(p.message).toMatch(/couldn't reach/i);
  });
});
