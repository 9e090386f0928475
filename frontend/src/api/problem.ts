import type { components } from "./generated/schema";

export type Problem = components["schemas"]["Problem"];
export type FieldProblem = components["schemas"]["FieldProblem"];
/** The API's error codes, and the two the app gives problems it makes itself. */
export type ProblemCode = components["schemas"]["ErrorCode"] | "network" | "unknown";

/** What a problem is made from: the API's answer, or the app's own words for a failure. */
type ProblemBody = Partial<Omit<Problem, "code">> & { code?: ProblemCode };

/** An error answer from the API, with the request id to quote when asking for help. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: ProblemCode;
  readonly fields: FieldProblem[];
  readonly requestId: string | null;

  constructor(status: number, problem: ProblemBody, requestId: string | null) {
    super(problem.message ?? "Something went wrong.");
    this.name = "ApiProblem";
    this.status = status;
    this.code = problem.code ?? "unknown";
    this.fields = problem.fields ?? [];
    this.requestId = requestId;
  }

  /** The message for one field, if the server named it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.field === name)?.message;
  }
}

/** Network failures and the like, shown like problems so screens need one error path. */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem(
    0,
    { code: "network", message: "We couldn't reach Contour. Check your connection." },
    null,
  );
}
