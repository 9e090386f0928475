import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Users } from "lucide-react";
import { ApiProblem } from "@/api/problem";
import { EmptyState, ErrorState } from "./states";

describe("screen states", () => {
  it("an error shows the message, the request id and a retry", async () => {
    const retry = vi.fn();
    render(
      <ErrorState
        error={
          new ApiProblem(500, { code: "internal", message: "Something went wrong on our side." }, "req-42")
        }
        retry={retry}
      />,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByText("req-42")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /try again/i }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("an empty state says what to do next", () => {
    render(
      <EmptyState
        icon={Users}
        title="No patients yet"
        body="Add one."
        action={<button type="button">Add</button>}
      />,
    );
    expect(screen.getByRole("heading", { name: "No patients yet" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add" })).toBeInTheDocument();
  });
});
