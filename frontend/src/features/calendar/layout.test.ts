import { describe, expect, it } from "vitest";
import { placeInLanes, visibleHours } from "./layout";

describe("placeInLanes", () => {
  it("gives lone tiles the whole width", () => {
    const p = placeInLanes([
      { id: "a", start: 540, end: 570 },
      { id: "b", start: 570, end: 600 },
    ]);
    expect(p.get("a")).toEqual({ lane: 0, lanes: 1 });
    expect(p.get("b")).toEqual({ lane: 0, lanes: 1 });
  });

  it("puts overlapping tiles side by side and reuses freed lanes", () => {
    const p = placeInLanes([
      { id: "long", start: 540, end: 660 },
      { id: "first", start: 540, end: 570 },
      { id: "later", start: 600, end: 630 },
      { id: "apart", start: 700, end: 720 },
    ]);
    expect(p.get("long")).toEqual({ lane: 0, lanes: 2 });
    expect(p.get("first")).toEqual({ lane: 1, lanes: 2 });
    expect(p.get("later")).toEqual({ lane: 1, lanes: 2 });
    expect(p.get("apart")).toEqual({ lane: 0, lanes: 1 });
  });

  it("keeps a chain of overlaps in one cluster", () => {
    const p = placeInLanes([
      { id: "a", start: 0, end: 60 },
      { id: "b", start: 30, end: 90 },
      { id: "c", start: 80, end: 120 },
      { id: "d", start: 85, end: 100 },
    ]);
    expect(new Set([...p.values()].map((x) => x.lanes))).toEqual(new Set([3]));
    const lanes = ["a", "b", "c", "d"].map((id) => p.get(id)?.lane);
    expect(lanes).toEqual([0, 1, 0, 2]);
  });
});

describe("visibleHours", () => {
  it("widens the default day to fit early and late tiles", () => {
    expect(visibleHours([])).toEqual([8, 19]);
    expect(visibleHours([7 * 60 + 30, 20 * 60 + 15])).toEqual([7, 21]);
    expect(visibleHours([23 * 60 + 50, 24 * 60])).toEqual([8, 24]);
  });
});
