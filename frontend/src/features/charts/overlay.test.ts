import { describe, expect, it } from "vitest";
import {
  addLine,
  addPoint,
  commit,
  EMPTY,
  moveBy,
  nextNumber,
  points,
  redo,
  remove,
  setPointDetails,
  startHistory,
  undo,
} from "./overlay";

describe("overlay editing", () => {
  it("numbers points one after another, reusing nothing after a removal", () => {
    let o = EMPTY;
    const ids: string[] = [];
    for (const x of [10, 20, 30]) {
      const r = addPoint(o, x, 5.6);
      o = r.overlay;
      ids.push(r.id);
    }
    expect(points(o).map((p) => [p.number, p.x, p.y])).toEqual([
      [1, 10, 6],
      [2, 20, 6],
      [3, 30, 6],
    ]);
    o = remove(o, ids[1] ?? "");
    expect(nextNumber(o)).toBe(4);
  });

  it("keeps moves inside the photo and edits labels and doses", () => {
    const { overlay, id } = addPoint(EMPTY, 10, 10);
    const moved = moveBy(overlay, id, 500, -50, 200, 100);
    expect(points(moved)[0]).toMatchObject({ x: 200, y: 0 });
    const labelled = setPointDetails(moved, id, { label: " Glabella ", dose: "4 units" });
    expect(points(labelled)[0]).toMatchObject({ label: "Glabella", dose: "4 units" });
    const cleared = setPointDetails(labelled, id, { dose: "" });
    expect(points(cleared)[0]?.dose).toBeUndefined();
  });

  it("draws light lines and ignores dots", () => {
    const line = addLine(
      EMPTY,
      [
        [0, 0],
        [0.5, 0.5],
        [10, 10],
        [10.4, 10.2],
        [20, 20],
      ],
      "#e03131",
      3,
    );
    expect(line.shapes[0]).toMatchObject({
      type: "line",
      points: [
        [0, 0],
        [10, 10],
        [20, 20],
      ],
    });
    expect(addLine(EMPTY, [[1, 1]], "#e03131", 3)).toBe(EMPTY);
  });

  it("undoes and redoes", () => {
    let h = startHistory(EMPTY);
    h = commit(h, addPoint(h.present, 1, 1).overlay);
    h = commit(h, addPoint(h.present, 2, 2).overlay);
    expect(points(h.present)).toHaveLength(2);
    h = undo(h);
    expect(points(h.present)).toHaveLength(1);
    h = redo(h);
    expect(points(h.present)).toHaveLength(2);
    h = undo(undo(h));
    expect(h.present).toBe(EMPTY);
    expect(undo(h)).toBe(h);
  });
});
