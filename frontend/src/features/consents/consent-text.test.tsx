import { render, screen } from "@testing-library/react";
import { ConsentText } from "./consent-text";
import { blocks, spans } from "./text-format";

const plain = (text: string) => ({ text, bold: false });
const bold = (text: string) => ({ text, bold: true });

describe("the consent text format", () => {
  it("has two heading levels", () => {
    expect(blocks("# Botox\n## Risks\n### Rare risks\n###### Deep")).toEqual([
      { type: "heading", level: 1, text: [plain("Botox")] },
      { type: "heading", level: 2, text: [plain("Risks")] },
      { type: "heading", level: 2, text: [plain("Rare risks")] },
      { type: "heading", level: 2, text: [plain("Deep")] },
    ]);
  });

  it("keeps hashes that are not headings as text", () => {
    expect(blocks("#hashtag")).toEqual([{ type: "paragraph", text: [plain("#hashtag")] }]);
    expect(blocks("####### seven")).toEqual([{ type: "paragraph", text: [plain("####### seven")] }]);
    expect(blocks("## Title ##")).toEqual([{ type: "heading", level: 2, text: [plain("Title")] }]);
    expect(blocks("# In C#")).toEqual([{ type: "heading", level: 1, text: [plain("In C#")] }]);
    expect(blocks("#\n##   ")).toEqual([]);
  });

  it("joins paragraph lines with single spaces, and blank lines separate", () => {
    expect(blocks("  I understand the\n   risks.  \n\n\r\nSecond one.\r\n")).toEqual([
      { type: "paragraph", text: [plain("I understand the risks.")] },
      { type: "paragraph", text: [plain("Second one.")] },
    ]);
  });

  it("reads bullets and numbered lists, with continuation lines", () => {
    expect(
      blocks("Risks:\n- bruising\n* swelling\n  that passes\n1. Stop aspirin\n2) Arrive early\n10. Eat"),
    ).toEqual([
      { type: "paragraph", text: [plain("Risks:")] },
      { type: "bullets", items: [[plain("bruising")], [plain("swelling that passes")]] },
      { type: "numbered", items: [[plain("Stop aspirin")], [plain("Arrive early")], [plain("Eat")]] },
    ]);
  });

  it("needs a space after a marker", () => {
    expect(blocks("-5 units\n*emphasis*\n3.5 ml\n#1 choice")).toEqual([
      { type: "paragraph", text: [plain("-5 units *emphasis* 3.5 ml #1 choice")] },
    ]);
    expect(blocks("-\n- \n1.")).toEqual([]);
  });

  it("pairs bold markers the way the server does", () => {
    expect(spans("I **will not** drive")).toEqual([plain("I "), bold("will not"), plain(" drive")]);
    expect(spans("**a**b")).toEqual([bold("a"), plain("b")]);
    expect(spans("****")).toEqual([plain("****")]);
    expect(spans("a **b")).toEqual([plain("a **b")]);
    expect(spans("2 ** 3 is 8")).toEqual([plain("2 ** 3 is 8")]);
    expect(spans("**a **b**")).toEqual([plain("**a "), bold("b")]);
    expect(blocks("**do not\nrub** the area")).toEqual([
      { type: "paragraph", text: [bold("do not rub"), plain(" the area")] },
    ]);
  });
});

describe("ConsentText", () => {
  it("renders headings, lists and bold as elements", () => {
    render(<ConsentText body={"# Filler\n## Aftercare\nAvoid **heat**.\n\n- ice\n- rest\n\n1. call us"} />);
    expect(screen.getByRole("heading", { name: "Filler" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Aftercare" })).toBeInTheDocument();
    expect(screen.getByText("heat").tagName).toBe("STRONG");
    expect(screen.getAllByRole("list")).toHaveLength(2);
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["ice", "rest", "call us"]);
  });

  it("shows markup as text and never makes it into elements", () => {
    const { container } = render(
      <ConsentText body={"<script>alert('x')</script>\n\n- <img src=x onerror=alert(1)>"} />,
    );
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container).toHaveTextContent("<script>alert('x')</script>");
    expect(screen.getByRole("listitem")).toHaveTextContent("<img src=x onerror=alert(1)>");
  });
});
