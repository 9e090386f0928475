import {
  begin,
  end,
  extend,
  hasInk,
  MAX_POINTS,
  MAX_STROKES,
  PAD_HEIGHT,
  PAD_WIDTH,
  type Stroke,
  toCanvas,
  toPad,
} from "./pad";

const box = { left: 100, top: 50, width: 600, height: 200 };

describe("the signature pad's coordinates", () => {
  it("maps the element's corners to the pad's", () => {
    expect(toPad(100, 50, box)).toEqual([0, 0]);
    expect(toPad(700, 250, box)).toEqual([PAD_WIDTH, PAD_HEIGHT]);
    expect(toPad(400, 150, box)).toEqual([1500, 500]);
  });

  it("gives whole numbers", () => {
    const [x, y] = toPad(100.37, 50.91, box);
    expect(Number.isInteger(x) && Number.isInteger(y)).toBe(true);
    expect([x, y]).toEqual([2, 5]);
  });

  it("keeps a pointer that slides off the pad on its edge", () => {
    expect(toPad(20, 10, box)).toEqual([0, 0]);
    expect(toPad(900, 400, box)).toEqual([PAD_WIDTH, PAD_HEIGHT]);
  });

  it("is the same signature on a small and a large screen", () => {
    const phone = { left: 0, top: 0, width: 300, height: 100 };
    const ipad = { left: 40, top: 300, width: 900, height: 300 };
    expect(toPad(150, 50, phone)).toEqual(toPad(40 + 450, 300 + 150, ipad));
  });

  it("draws pad points at the canvas's own scale", () => {
    expect(toCanvas([1500, 500], 600)).toEqual([300, 100]);
    expect(toCanvas([3000, 1000], 1200)).toEqual([1200, 400]);
  });

  it("answers something sensible for an element not laid out yet", () => {
    expect(toPad(10, 10, { left: 0, top: 0, width: 0, height: 0 })).toEqual([0, 0]);
  });
});

describe("strokes", () => {
  it("skips points too close to the last one kept", () => {
    let s: Stroke[] = begin([], [100, 100]);
    s = extend(s, [102, 101]);
    s = extend(s, [103, 102]);
    s = extend(s, [110, 100]);
    expect(s).toEqual([
      [
        [100, 100],
        [110, 100],
      ],
    ]);
  });

  it("keeps where the pen lifted, once", () => {
    let s: Stroke[] = begin([], [0, 0]);
    s = extend(s, [50, 0]);
    s = end(s, [51, 1]);
    expect(s[0]).toEqual([
      [0, 0],
      [50, 0],
      [51, 1],
    ]);
    expect(end(s, [51, 1])).toBe(s);
  });

  it("counts a line as ink and a dot as not", () => {
    expect(hasInk([])).toBe(false);
    expect(hasInk(begin([], [5, 5]))).toBe(false);
    expect(hasInk(extend(begin([], [5, 5]), [50, 50]))).toBe(true);
  });

  it("starts each pen-down as its own stroke", () => {
    let s: Stroke[] = extend(begin([], [0, 0]), [40, 0]);
    s = extend(begin(s, [500, 500]), [520, 500]);
    expect(s).toHaveLength(2);
    expect(s[1]).toEqual([
      [500, 500],
      [520, 500],
    ]);
  });

  it("stops taking ink at the server's limits", () => {
    const many: Stroke[] = Array.from({ length: MAX_STROKES }, () => [[1, 1]]);
    expect(begin(many, [9, 9])).toBe(many);
    const dense: Stroke[] = [Array.from({ length: MAX_POINTS }, (_, i): [number, number] => [i % 3000, 0])];
    expect(extend(dense, [2999, 999])).toBe(dense);
  });

  it("ignores a move with no stroke begun", () => {
    expect(extend([], [10, 10])).toEqual([]);
  });
});
